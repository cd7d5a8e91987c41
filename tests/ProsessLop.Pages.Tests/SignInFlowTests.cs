using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Pages.Tests;

/// The host as in service — no demo sign-in — with a real OpenID Connect provider (OpenIddict) on
/// another loopback port, and Chromium.
public sealed class ProviderBrowserApp : ProviderApp, IAsyncLifetime, IBrowserHost
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (_playwright, Browser) = await Chromium.LaunchAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }

        await DisposeAsync();
    }
}

/// A person invited by e-mail signs in through the provider's real redirect flow (authorize →
/// login → code → token), takes the invitation and lands on their own municipality; someone
/// signed in without any role gets a Norwegian page saying how access is given.
public sealed class SignInFlowTests(ProviderBrowserApp app) : IClassFixture<ProviderBrowserApp>
{
    private async Task SignInAtProviderAsync(Session session, string username)
    {
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn med Test-ID" }).ClickAsync();
        await Assertions.Expect(session.Page).ToHaveURLAsync(new Regex("^" + Regex.Escape(app.Idp.Authority + "/")));
        await session.Page.GetByLabel("Brukernavn").FillAsync(username);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
        await Assertions.Expect(session.Page).ToHaveURLAsync(new Regex("^" + Regex.Escape(app.BaseUrl + "/")));
    }

    [Fact]
    public async Task InvitedCoordinator_SignsInThroughTheProvider_TakesTheInvitation_AndLandsOnTheirMunicipality()
    {
        await app.StartAsync("0301");
        var invited = await app.ClientAs(Roles.Owner).PostAsJsonAsync("/api/invitations",
            new { email = ProviderApp.Per.Email, name = ProviderApp.Per.Name, role = "coordinator", participantId = "0301" });
        invited.EnsureSuccessStatusCode();
        var token = await app.InvitationTokenAsync(ProviderApp.Per.Email);

        await using var per = await Session.OpenAsync(app);
        await per.GotoAsync($"/invitasjon/{token}");
        await Assertions.Expect(per.Page.GetByText("er invitert som kommunekoordinator for Oslo")).ToBeVisibleAsync();
        await per.AssertAccessibleAsync("invitasjon");
        await SignInAtProviderAsync(per, "per");

        // Back on the invitation, signed in: take it.
        Assert.EndsWith($"/invitasjon/{token}", per.Page.Url);
        await Assertions.Expect(per.Page.GetByText("Du er logget inn som Per Hansen")).ToBeVisibleAsync();
        await per.Page.GetByRole(AriaRole.Button, new() { Name = "Ta imot invitasjonen" }).ClickAsync();
        await Assertions.Expect(per.Page).ToHaveURLAsync(new Regex("/min-kommune$"));
        await Assertions.Expect(per.Page.Locator("main")).ToContainTextAsync("Oslo");
        await per.AssertAccessibleAsync("min-kommune-invitert");

        // Their own pages: who they are and the participant's people, with themselves as coordinator.
        await per.GotoAsync("/meg");
        await Assertions.Expect(per.Page.GetByText("Kommunekoordinator for Oslo")).ToBeVisibleAsync();
        await Assertions.Expect(per.Page.GetByText("Test-ID", new() { Exact = true })).ToBeVisibleAsync();
        // A personal access token: shown once on the answer, then only listed.
        await per.Page.GetByLabel("Navn (hva tokenet brukes til)").FillAsync("Rapportskript");
        await per.Page.GetByRole(AriaRole.Button, new() { Name = "Lag token" }).ClickAsync();
        var shown = await per.Page.GetByLabel("Token", new() { Exact = true }).InputValueAsync();
        Assert.StartsWith("plpat_", shown);
        await per.AssertAccessibleAsync("meg");
        await per.GotoAsync("/meg");
        await Assertions.Expect(per.Page.GetByRole(AriaRole.Rowheader, new() { Name = "Rapportskript" })).ToBeVisibleAsync();
        Assert.DoesNotContain(shown, await per.Page.ContentAsync());
        await per.GotoAsync("/tilgang/0301");
        await Assertions.Expect(per.Page.GetByRole(AriaRole.Rowheader, new() { Name = "Per Hansen" })).ToBeVisibleAsync();
        await per.AssertAccessibleAsync("tilgang-deltaker");

        // Signing out and in again: the same person, no invitation needed.
        await per.Page.GetByRole(AriaRole.Button, new() { Name = "Logg ut" }).ClickAsync();
        await Assertions.Expect(per.Page).ToHaveURLAsync(new Regex("/logg-inn"));
        await per.AssertAccessibleAsync("logg-inn-leverandor");
        await per.GotoAsync("/min-kommune");
        await SignInAtProviderAsync(per, "per");
        await Assertions.Expect(per.Page).ToHaveURLAsync(new Regex("/min-kommune$"));
        Assert.Empty(per.CspViolations);
    }

    [Fact]
    public async Task AnIdentityWithoutMembership_GetsANorwegianNoAccessPage_NotAnError()
    {
        await using var ola = await Session.OpenAsync(app);
        await ola.GotoAsync("/logg-inn");
        await SignInAtProviderAsync(ola, "ola");
        await Assertions.Expect(ola.Page).ToHaveURLAsync(new Regex("/ingen-tilgang"));
        // A page for an ordinary state, not an error answer.
        Assert.Equal(200, (await ola.GotoAsync("/ingen-tilgang")).Status);
        await Assertions.Expect(ola.Page.Locator("h1")).ToHaveTextAsync("Du har ikke tilgang ennå");
        await Assertions.Expect(ola.Page.GetByText("Tilgang gis ved invitasjon")).ToBeVisibleAsync();
        await ola.AssertAccessibleAsync("ingen-tilgang-uten-rolle");
        await ola.GotoAsync("/meg");
        await Assertions.Expect(ola.Page.GetByText("har ingen tilgang i ProsessLøp ennå")).ToBeVisibleAsync();
    }
}
