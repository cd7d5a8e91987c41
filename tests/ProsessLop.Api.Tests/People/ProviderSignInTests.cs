using System.Net;
using Microsoft.AspNetCore.Hosting;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.People;

/// Sign-in through a real OpenID Connect provider on loopback (OpenIddict): its access tokens on
/// the API, its authorization code flow on the pages, and that rights come from memberships only.
public sealed class ProviderSignInTests(ProviderApp app) : IClassFixture<ProviderApp>
{
    private HttpClient Bearer(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// A browser without JavaScript: keeps (Secure) cookies over loopback, follows no redirects by itself.
    private (HttpClient Client, LoopbackCookies Cookies) Browser()
    {
        var cookies = new LoopbackCookies { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } };
        return (new HttpClient(cookies) { BaseAddress = new Uri(app.BaseUrl) }, cookies);
    }

    private static async Task<HttpResponseMessage> FollowAsync(HttpClient browser, HttpResponseMessage response)
    {
        while (response.Headers.Location is { } location)
        {
            response = await browser.GetAsync(new Uri(response.RequestMessage!.RequestUri!, location));
        }

        return response;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await PageClients.AntiforgeryTokenAsync(browser, page);
        return await browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task ProviderToken_WithoutMembership_Gets403OnEverythingButApiMe()
    {
        var ola = Bearer(await app.Idp.GetAccessTokenAsync("ola"));
        var me = await ola.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(JsonValueKind.Null, me.GetProperty("id").ValueKind);
        Assert.Equal(ProviderApp.Provider, me.GetProperty("signedInWith").GetString());
        Assert.Contains("invitasjon", me.GetProperty("hint").GetString());
        foreach (var path in new[] { "/api/programmes", "/api/municipalities", "/api/me/tasks", "/api/me/notifications", "/api/participants/3203/contacts", "/api/definitions" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await ola.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await ola.PostAsJsonAsync("/api/invitations", new { email = "x@y.test", name = "X", role = "owner", organisation = "KS" })).StatusCode);
    }

    [Fact]
    public async Task ProviderToken_OfACoordinatorOf3203_Reads3203_AndGets404For1804()
    {
        var asker = await app.StartAsync("3203");
        var bodo = await app.StartAsync("1804");
        TestPeople.Ensure(app.ConnectionString, "kari-asker", "Kari Nordmann", Roles.Coordinator, ["3203"]);
        await app.LinkAsync("kari-asker", "kari");

        var kari = Bearer(await app.Idp.GetAccessTokenAsync("kari"));
        Assert.Equal(HttpStatusCode.OK, (await kari.GetAsync($"/api/programmes/{asker}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kari.GetAsync("/api/participants/3203/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kari.GetAsync($"/api/programmes/{bodo}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kari.GetAsync("/api/participants/1804/contacts")).StatusCode);
        var me = await kari.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("kari-asker", me.GetProperty("id").GetString());
        Assert.Equal("3203", me.GetProperty("memberships")[0].GetProperty("scopeId").GetString());
    }

    [Fact]
    public async Task ForgedExpiredWrongAudienceAndUnsignedTokens_AreRejected()
    {
        TestPeople.Ensure(app.ConnectionString, "kari-bad-tokens", "Kari", Roles.Owner, []);
        foreach (var token in new[] { app.Idp.ForgedToken("kari"), app.Idp.ExpiredToken("kari"), app.Idp.WrongAudienceToken("kari"), app.Idp.UnsignedToken("kari"), "not-a-token" })
        {
            var response = await Bearer(token).GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Invitation_AcceptedThroughTheCodeFlow_GivesAPageSession_ThatSigningOutAndRemovalEnd()
    {
        await app.StartAsync("3205");
        var owner = app.ClientAs(Roles.Owner);
        var invited = await owner.PostAsJsonAsync("/api/invitations", new { email = "per.hansen@example.no", name = "Per Hansen", role = "coordinator", participantId = "3205" });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var token = await app.InvitationTokenAsync("per.hansen@example.no");

        // Not signed in: the invitation page offers the provider; its form goes through the code flow and back.
        var (browser, cookies) = Browser();
        var page = $"/invitasjon/{token}";
        Assert.Contains("Logg inn med Test-ID", await browser.GetStringAsync(page));
        var challenge = await PostFormAsync(browser, page, "/logg-inn?handler=Provider", new() { ["provider"] = ProviderApp.Provider, ["ReturnUrl"] = page });
        Assert.StartsWith(app.Idp.Authority, challenge.Headers.Location!.AbsoluteUri);
        Assert.Contains("code_challenge=", challenge.Headers.Location.Query);
        var back = await app.Idp.ContinueSignInAsync(browser, challenge, "per");
        Assert.Equal(page, back.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Ta imot invitasjonen", await back.Content.ReadAsStringAsync());

        var accepted = await PostFormAsync(browser, page, page, []);
        Assert.True("/min-kommune" == accepted.Headers.Location?.OriginalString, await accepted.Content.ReadAsStringAsync());
        var mine = await FollowAsync(browser, accepted);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Contains("Lillestrøm", WebUtility.HtmlDecode(await mine.Content.ReadAsStringAsync()));

        // The link is used up; the same identity signs in later as the same person.
        Assert.Contains("allerede tatt imot", await browser.GetStringAsync(page));

        // Signing out ends the session: a copy of the cookie opens nothing afterwards.
        var copied = cookies["prosesslop"];
        Assert.NotNull(copied);
        // Signed out at the provider too (its end-session endpoint, with the id_token as hint), and back.
        var signedOut = await PostFormAsync(browser, "/min-kommune", "/logg-ut", []);
        Assert.StartsWith(app.Idp.Authority + TestIdentityProvider.EndSessionPath, signedOut.Headers.Location!.AbsoluteUri);
        Assert.Contains("id_token_hint=", signedOut.Headers.Location.Query);
        var landed = await FollowAsync(browser, signedOut);
        Assert.Equal("/logg-inn", landed.RequestMessage!.RequestUri!.AbsolutePath);
        var (replay, replayCookies) = Browser();
        replayCookies["prosesslop"] = copied;
        var refused = await replay.GetAsync("/min-kommune");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/logg-inn", new Uri(new Uri(app.BaseUrl), refused.Headers.Location!).PathAndQuery);

        // Signed in again; the owner removes the role: the next request has no access.
        var (again, _) = Browser();
        var signIn = await PostFormAsync(again, "/logg-inn", "/logg-inn?handler=Provider", new() { ["provider"] = ProviderApp.Provider, ["ReturnUrl"] = "/min-kommune" });
        var home = await app.Idp.ContinueSignInAsync(again, signIn, "per");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var members = await owner.GetFromJsonAsync<JsonElement>("/api/participants/3205/members");
        var membership = members.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("email").GetString() == "per.hansen@example.no");
        Assert.NotEqual(JsonValueKind.Null, membership.GetProperty("lastSignInAt").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/memberships/{membership.GetProperty("membershipId").GetGuid()}")).StatusCode);
        var denied = await again.GetAsync("/min-kommune");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/ingen-tilgang", new Uri(new Uri(app.BaseUrl), denied.Headers.Location!).PathAndQuery);
    }
}

/// A host as most installations run it: providers only, no local signing key.
public sealed class ProviderOnlyApp : ProviderApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:SigningKey", "");
    }
}

public sealed class ProviderOnlyTests(ProviderOnlyApp app) : IClassFixture<ProviderOnlyApp>
{
    private async Task<HttpStatusCode> MeAsync(string token)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/me")).StatusCode;
    }

    [Fact]
    public async Task WithoutALocalKey_OnlyTheProvidersTokensAndAccessTokensAreTaken()
    {
        Assert.Equal(HttpStatusCode.OK, await MeAsync(await app.Idp.GetAccessTokenAsync("ola")));
        var local = LocalTokens.Create(new AuthOptions { SigningKey = ProsessApp.SigningKey }, "someone", "Someone", Roles.Owner, [], TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(local));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync("plpat_unknown"));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync("garbage"));
        using var anonymous = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/me")).StatusCode);
    }
}
