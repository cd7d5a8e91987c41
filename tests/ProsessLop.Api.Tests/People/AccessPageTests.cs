using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.People;

/// The pages' demo sign-in, for the access pages' forms.
public sealed class DemoPagesApp : ProsessApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:DevelopmentSignIn", "true");
    }
}

/// `/tilgang` and `/tilgang/{participantId}`: the forms send the API's commands, so the rules and
/// messages are the API's, shown next to the fields.
public sealed class AccessPageTests(DemoPagesApp app) : IClassFixture<DemoPagesApp>
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await PageClients.AntiforgeryTokenAsync(client, page);
        return await client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Owner_InvitesASteeringGroupMember_AndAParticipantsCoordinator_FromThePages()
    {
        var owner = await app.SignedInToPagesAsync();
        var steering = await PostAsync(owner, "/tilgang", "Invite",
            new() { ["name"] = "Siri Styring", ["email"] = "siri@ks.test", ["role"] = "steering", ["definitionKey"] = "fremtidens-kulturskole", ["organisation"] = "KS" });
        Assert.Equal(HttpStatusCode.OK, steering.StatusCode);
        Assert.Contains("Invitasjonen er sendt til siri@ks.test", WebUtility.HtmlDecode(await steering.Content.ReadAsStringAsync()));
        var invitation = await app.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Email == "siri@ks.test"));
        Assert.Equal((ScopeKind.Definition, "fremtidens-kulturskole"), (invitation.ScopeKind, invitation.ScopeId));

        var invalid = await PostAsync(owner, "/tilgang/3201", "Invite", new() { ["name"] = "Bjørn", ["email"] = "ikke-en-adresse", ["role"] = "coordinator" });
        var page = WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync());
        Assert.Contains("Oppgi en gyldig e-postadresse.", page);
        Assert.Contains("aria-invalid=\"true\"", page);
        Assert.False(await app.WithDbAsync(db => db.Invitations.AnyAsync(i => i.ScopeId == "3201")));

        var sent = await PostAsync(owner, "/tilgang/3201", "Invite", new() { ["name"] = "Bjørn Bærum", ["email"] = "bjorn@baerum.test", ["role"] = "coordinator" });
        Assert.Contains("Invitasjonen er sendt til bjorn@baerum.test", WebUtility.HtmlDecode(await sent.Content.ReadAsStringAsync()));
        Assert.Contains("bjorn@baerum.test", await owner.GetStringAsync("/tilgang/3201"));
    }
}
