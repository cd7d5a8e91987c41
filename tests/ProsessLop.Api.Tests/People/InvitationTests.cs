using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using netDumbster.smtp;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.Reminders;

namespace ProsessLop.Api.Tests.People;

/// Invitations by e-mail: a one-time link that links the first sign-in through it to the person
/// and gives the role; re-inviting, revoking, expiring and accepting twice.
public sealed class InvitationTests(SmtpApp app) : IClassFixture<SmtpApp>
{
    private static MimeMessage Parse(SmtpMessage message) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes((message.Data ?? "").Replace("\r\n..", "\r\n.", StringComparison.Ordinal))));

    private static async Task<JsonElement> InviteAsync(HttpClient client, string email, string role, string participant)
    {
        var response = await client.PostAsJsonAsync("/api/invitations", new { email, name = "Kari Nordmann", role, participantId = participant });
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    /// The link's token, from the mail the relay sent over SMTP.
    private async Task<string> SentLinkTokenAsync(SimpleSmtpServer smtp, string email)
    {
        smtp.ClearReceivedEmail();
        await app.SendAsync<RelayResult>(new RelayOutbox());
        var mail = smtp.ReceivedEmail.Select(Parse).Single(m => m.To.Mailboxes.Any(a => a.Address == email));
        var text = mail.TextBody ?? "";
        var at = text.IndexOf("/invitasjon/", StringComparison.Ordinal);
        Assert.True(at > 0, text);
        return text[(at + "/invitasjon/".Length)..].Split('\n', '\r', ' ')[0];
    }

    [Fact]
    public async Task OwnerInvitesCoordinator_MailHoldsAOneTimeLink_NeverStoredInClear_AndTheFirstSignInGetsTheRole()
    {
        using var smtp = SimpleSmtpServer.Start(app.SmtpPort);
        await app.StartAsync("3203");
        var invited = await InviteAsync(app.ClientAs(Roles.Owner), "Kari.Nordmann@Asker.Kommune.test", "coordinator", "3203");
        Assert.Equal("kari.nordmann@asker.kommune.test", invited.GetProperty("email").GetString());
        Assert.False(invited.TryGetProperty("link", out _)); // the link is in the mail only

        // Before sending: the body is encrypted in the outbox, the invitation keeps only a hash.
        var stored = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.To.Contains("kari.nordmann@asker.kommune.test")));
        Assert.True(stored.Protected);
        Assert.DoesNotContain("/invitasjon/", stored.Text);
        var token = await SentLinkTokenAsync(smtp, "kari.nordmann@asker.kommune.test");
        var mail = Parse(smtp.ReceivedEmail.Single());
        Assert.Equal("Invitasjon til ProsessLøp: kommunekoordinator for Asker", mail.Subject);
        Assert.Contains($"https://prosesslop.example/invitasjon/{token}", mail.TextBody);
        Assert.Contains("gjelder til", mail.TextBody);
        Assert.Contains("<html lang=\"nb\">", mail.HtmlBody);
        var afterSending = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == stored.Id));
        Assert.Equal(EmailOutbox.Wiped, afterSending.Text);
        Assert.False(await app.WithDbAsync(db => db.Invitations.AnyAsync(i => i.TokenHash == token)));

        // The first sign-in through the link: a person with that identity and the membership.
        var accepted = await app.SendAsync<Result<AcceptedInvitation>>(new AcceptInvitation(token, "idporten", "pid-01017012345"));
        Assert.True(accepted.Succeeded, accepted.Error?.Detail);
        var person = await app.WithDbAsync(db => db.People.Include(p => p.Memberships).Include(p => p.Identities).SingleAsync(p => p.Id == accepted.Value!.PersonId));
        Assert.Equal(("Kari Nordmann", "kari.nordmann@asker.kommune.test"), (person.Name, person.Email));
        Assert.Equal(("idporten", "pid-01017012345"), (person.Identities.Single().Provider, person.Identities.Single().Key));
        Assert.Equal((Roles.Coordinator, ScopeKind.Participant, "3203"), (person.Memberships.Single().Role, person.Memberships.Single().ScopeKind, person.Memberships.Single().ScopeId));

        // The same sign-in again: fine (already theirs). Another sign-in: the link is used up.
        Assert.True((await app.SendAsync<Result<AcceptedInvitation>>(new AcceptInvitation(token, "idporten", "pid-01017012345"))).Succeeded);
        var twice = await app.SendAsync<Result<AcceptedInvitation>>(new AcceptInvitation(token, "idporten", "pid-someone-else"));
        Assert.Equal(ErrorKind.Conflict, twice.Error!.Kind);
        Assert.Contains("allerede tatt imot", twice.Error.Detail);
        Assert.False(await app.WithDbAsync(db => db.ExternalIdentities.AnyAsync(i => i.Key == "pid-someone-else")));

        // The person signs in with a token for their person id: Asker, and only Asker.
        var kari = app.ClientForPerson(person.Id);
        Assert.Equal(HttpStatusCode.OK, (await kari.GetAsync("/api/participants/3203/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kari.GetAsync("/api/participants/1804/contacts")).StatusCode);
    }

    [Fact]
    public async Task ReInviting_ReplacesTheOldLink_RevokingAndExpiryStopIt()
    {
        using var smtp = SimpleSmtpServer.Start(app.SmtpPort);
        await app.StartAsync("3205");
        var owner = app.ClientAs(Roles.Owner);
        await InviteAsync(owner, "per@lillestrom.test", "participant", "3205");
        var first = await SentLinkTokenAsync(smtp, "per@lillestrom.test");
        var second = await InviteAsync(owner, "per@lillestrom.test", "participant", "3205");
        var renewed = await SentLinkTokenAsync(smtp, "per@lillestrom.test");
        Assert.NotEqual(first, renewed);
        Assert.Equal(InvitationState.Revoked, (await app.SendAsync<InvitationView?>(new GetInvitation(first)))!.State);
        var old = await app.SendAsync<Result<AcceptedInvitation>>(new AcceptInvitation(first, "idporten", "per"));
        Assert.Contains("trukket tilbake", old.Error!.Detail);

        // Revoked by the owner: the new link stops too; a third invitation works.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/invitations/{second.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Contains("trukket tilbake", (await app.SendAsync<Result<AcceptedInvitation>>(new AcceptInvitation(renewed, "idporten", "per"))).Error!.Detail);

        await InviteAsync(owner, "per@lillestrom.test", "participant", "3205");
        var third = await SentLinkTokenAsync(smtp, "per@lillestrom.test");
        app.Clock.Advance(Invitation.Lifetime + TimeSpan.FromMinutes(1));
        var expired = await app.SendAsync<Result<AcceptedInvitation>>(new AcceptInvitation(third, "idporten", "per"));
        Assert.Equal(ErrorKind.Conflict, expired.Error!.Kind);
        Assert.Contains("gikk ut", expired.Error.Detail);
        Assert.False(await app.WithDbAsync(db => db.People.AnyAsync(p => p.Email == "per@lillestrom.test")));
    }

    [Fact]
    public async Task CoordinatorInvitesColleagues_AsParticipants_ButNotAsCoordinators_WhereTheDefinitionDoesNotAllowIt()
    {
        await app.StartAsync("3207");
        var coordinator = app.ClientAs(Roles.Coordinator, "3207");
        await InviteAsync(coordinator, "kollega@nordre-follo.test", "participant", "3207");

        var asCoordinator = await coordinator.PostAsJsonAsync("/api/invitations", new { email = "sjef@nordre-follo.test", name = "Sjef", role = "coordinator", participantId = "3207" });
        Assert.Equal(HttpStatusCode.Forbidden, asCoordinator.StatusCode);
        Assert.Contains("tillater ikke", await asCoordinator.Content.ReadAsStringAsync());
        var elsewhere = await coordinator.PostAsJsonAsync("/api/invitations", new { email = "x@bodo.test", name = "X", role = "participant", participantId = "1804" });
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        var owner = await coordinator.PostAsJsonAsync("/api/invitations", new { email = "eier@ks.test", name = "Eier", role = "owner", organisation = "KS" });
        Assert.Equal(HttpStatusCode.Forbidden, owner.StatusCode);

        // The list the coordinator administers: the open invitation, and the role may be given only as participant.
        var members = await coordinator.GetFromJsonAsync<JsonElement>("/api/participants/3207/members");
        Assert.Contains(members.GetProperty("invitations").EnumerateArray(), i => i.GetProperty("email").GetString() == "kollega@nordre-follo.test");
        Assert.False(members.GetProperty("coordinatorsMayAppointCoordinators").GetBoolean());

        var invalid = await app.ClientAs(Roles.Owner).PostAsJsonAsync("/api/invitations", new { email = "ikke-en-adresse", name = "", role = "king", participantId = "3207" });
        var problem = await invalid.JsonAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task RemovingAMembership_CountsFromTheNextRequest()
    {
        await app.StartAsync("3209");
        var membership = app.MembershipFor("ullensaker-koordinator", Roles.Coordinator, "3209");
        var client = app.ClientFor("ullensaker-koordinator", Roles.Coordinator, "3209");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/participants/3209/contacts")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await app.ClientAs(Roles.Owner).DeleteAsync($"/api/memberships/{membership}")).StatusCode);
        // The same token, the very next request: no role left.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/participants/3209/contacts")).StatusCode);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(0, me.GetProperty("memberships").GetArrayLength());
        var journal = await app.WithDbAsync(db => db.JournalEntries.Where(j => j.Action == "membership-removed" && j.ParticipantId == "3209").ToListAsync());
        Assert.Single(journal);
    }

    [Fact]
    public async Task TokenRoleClaims_AreIgnored_OutsideTheDemo()
    {
        // A locally signed token claiming the owner role, for a person without memberships.
        var forged = LocalTokens.Create(new AuthOptions { SigningKey = ProsessApp.SigningKey }, "claims-to-be-owner", "Påstått eier", Roles.Owner, ["3203"], TimeSpan.FromMinutes(5));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", forged);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/programmes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/regions", new { name = "R", municipalityNumbers = new[] { "0301" } })).StatusCode);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(0, me.GetProperty("roles").GetArrayLength());
        Assert.Contains("invitasjon", me.GetProperty("hint").GetString());
    }
}
