using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using netDumbster.smtp;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.Reminders;

namespace ProsessLop.Api.Tests.Language;

/// The invitation mail is written in the invitee's standard, never the inviting owner's: real
/// SMTP on loopback, through the API and the relay as in production.
public sealed class InvitationMailNynorskTests(SmtpApp app) : IClassFixture<SmtpApp>
{
    private async Task ChooseAsync(string personId, WrittenStandard standard) =>
        await app.WithDbAsync(db => db.People.Where(p => p.Id == personId).ExecuteUpdateAsync(p => p.SetProperty(x => x.WrittenStandard, standard)));

    /// Invites through the API, relays the outbox over SMTP and gives the one mail to the invitee.
    private async Task<MimeKit.MimeMessage> InvitationMailAsync(SimpleSmtpServer smtp, HttpClient owner, string email, string role, string? participant = null, string? definitionKey = null)
    {
        smtp.ClearReceivedEmail();
        var response = await owner.PostAsJsonAsync("/api/invitations", new { email, name = "Nils Nynorsk", role, participantId = participant, definitionKey });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await app.SendAsync<RelayResult>(new RelayOutbox());
        return Assert.Single(smtp.ReceivedEmail.Select(EmailDeliveryTests.Parse), m => m.To.Mailboxes.Any(a => a.Address == email));
    }

    // The mail's own words: names in «» and links are not its words.
    private static string OwnWords(string? text) =>
        System.Text.RegularExpressions.Regex.Replace(text ?? "", @"«[^»]*»|https?://\S+", "");

    [Fact]
    public async Task An_invitee_of_a_nynorsk_municipality_gets_nynorsk_while_the_owner_reads_bokmal_and_the_other_way_round()
    {
        await app.WithDbAsync(db => db.Municipalities.Where(m => m.Number == "4618")
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.WrittenStandard, WrittenStandard.Nynorsk))); // Ullensvang
        await app.StartAsync("4618");
        await app.StartAsync("1804");
        var owner = app.ClientFor("eigar-bokmal", Roles.Owner);
        await ChooseAsync("eigar-bokmal", WrittenStandard.Bokmal);
        owner.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nb-NO");

        using var smtp = SimpleSmtpServer.Start(app.SmtpPort);
        var nn = await InvitationMailAsync(smtp, owner, "nils@ullensvang.test", "coordinator", "4618");
        Assert.Equal("Invitasjon til ProsessLøp: kommunekoordinator for Ullensvang", nn.Subject);
        Assert.Contains("Hei Nils Nynorsk,", nn.TextBody);
        Assert.Contains("Opne lenkja for å logge inn og ta imot invitasjonen:", nn.TextBody);
        Assert.Contains("Lenkja kan brukast éin gong og gjeld til", nn.TextBody);
        Assert.Contains("Har du ikkje venta denne e-posten, kan du sjå bort frå han.", nn.TextBody);
        Assert.Contains("Denne e-posten er sendt automatisk av ProsessLøp.", nn.TextBody);
        Assert.Contains("<html lang=\"nn\">", nn.HtmlBody);
        Assert.Contains("Opne lenkja", System.Net.WebUtility.HtmlDecode(nn.HtmlBody) + nn.TextBody);
        Assert.DoesNotContain("Åpne lenken", nn.TextBody);
        Assert.DoesNotContain("gjelder til", nn.TextBody);
        Assert.Empty(TextResourceTests.BokmalIn(OwnWords(nn.TextBody)));
        Assert.Empty(TextResourceTests.BokmalIn(OwnWords(System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(nn.HtmlBody ?? "", "<[^>]+>", " ")))));

        // An owner who reads nynorsk invites someone to a bokmål municipality: bokmål.
        var nynorskOwner = app.ClientFor("eigar-nynorsk", Roles.Owner);
        await ChooseAsync("eigar-nynorsk", WrittenStandard.Nynorsk);
        await app.WithDbAsync(db => db.Municipalities.Where(m => m.Number == "1804")
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.WrittenStandard, WrittenStandard.Bokmal))); // Bodø
        var nb = await InvitationMailAsync(smtp, nynorskOwner, "berit@bodo.test", "coordinator", "1804");
        Assert.Equal("Invitasjon til ProsessLøp: kommunekoordinator for Bodø", nb.Subject);
        Assert.Contains("Åpne lenken for å logge inn og ta imot invitasjonen:", nb.TextBody);
        Assert.Contains("Lenken kan brukes én gang og gjelder til", nb.TextBody);
        Assert.Contains("<html lang=\"nb\">", nb.HtmlBody);
        Assert.DoesNotContain("Opne lenkja", nb.TextBody);

        // Into a steering group (no participant): bokmål, whatever the nynorsk owner reads.
        var steering = await InvitationMailAsync(smtp, nynorskOwner, "styring@ks.test", "steering", definitionKey: TestPeople.SteeringDefinition);
        Assert.Contains("medlem av styringsgruppen", steering.Subject);
        Assert.Contains("<html lang=\"nb\">", steering.HtmlBody);
    }
}

/// A calendar feed speaks its owner's standard, whoever's calendar app fetches it.
public sealed class CalendarNynorskTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private async Task<string> FeedAsync(HttpClient client, object body)
    {
        var created = await (await client.PostAsJsonAsync("/api/calendar-feeds", body)).JsonAsync(HttpStatusCode.Created);
        var url = created.GetProperty("url").GetString()!;
        var response = await app.CreateClient().GetAsync(new Uri(url).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_nynorsk_municipality_s_feed_and_a_nynorsk_person_s_feed_are_nynorsk_and_a_bokmal_one_stays_bokmal()
    {
        await app.WithDbAsync(db => db.Municipalities.Where(m => m.Number == "4647")
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.WrittenStandard, WrittenStandard.Nynorsk))); // Sunnfjord
        var programme = await app.StartAsync("4647", TestProgrammes.Start);
        var text = await FeedAsync(app.ClientAs(Roles.Coordinator, "4647"), new { kind = "participant", participantId = "4647" });
        var calendar = Ical.Net.Calendar.Load(text)!;
        Assert.Contains("X-WR-CALNAME:Fristar – Sunnfjord", text);
        Assert.Contains("PRODID:-//ProsessLøp//Frister//NN", text);
        var report = calendar.Events.Single(e => e.Uid == $"{programme}-report-kartleggingsrapport@prosesslop");
        Assert.Equal("Frist: Kartleggingsrapport – Sunnfjord", report.Summary);
        Assert.StartsWith("Rapport i fasen «Kartlegging» (Sunnfjord), ikkje sendt inn.\nFrist ", report.Description, StringComparison.Ordinal);
        var tasks = calendar.Events.Where(e => e.Uid!.Contains("-task-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tasks);
        Assert.All(tasks, e => Assert.StartsWith("Oppgåve i fasen «", e.Description, StringComparison.Ordinal));
        Assert.All(tasks, e => Assert.Contains("ikkje starta", e.Description, StringComparison.Ordinal));
        Assert.DoesNotContain("ikke startet", text);
        Assert.DoesNotContain("Oppgave i fasen", text);

        // The API's problem documents follow the same reader: the municipality's decision.
        var missing = await app.ClientAs(Roles.Coordinator, "4647").GetAsync($"/api/programmes/{Guid.Empty}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains($"Fann ikkje programmet {Guid.Empty}.", await missing.Content.ReadAsStringAsync());

        // A person who chose nynorsk, of a bokmål municipality: their own feed is nynorsk.
        var person = app.ClientFor("nynorsk-person", Roles.Participant, "1804");
        await app.WithDbAsync(db => db.People.Where(p => p.Id == "nynorsk-person").ExecuteUpdateAsync(p => p.SetProperty(x => x.WrittenStandard, WrittenStandard.Nynorsk)));
        Assert.Contains("X-WR-CALNAME:Fristane mine i ProsessLøp", await FeedAsync(person, new { kind = "person" }));

        // The same municipality's feed made by someone reading bokmål in a neutral municipality stays bokmål.
        await app.StartAsync("3203", TestProgrammes.Start);
        var bokmal = await FeedAsync(app.ClientAs(Roles.Coordinator, "3203"), new { kind = "participant", participantId = "3203" });
        Assert.Contains("X-WR-CALNAME:Frister – Asker", bokmal);
        Assert.Contains("Oppgave i fasen «", bokmal);
        Assert.DoesNotContain("Oppgåve", bokmal);
    }
}
