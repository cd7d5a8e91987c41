using System.Net;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

/// One decision for every error answer: a browser (Accept: text/html) gets a Norwegian page,
/// everything else an RFC 9457 problem document.
public sealed class ErrorPageTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task NotFound_IsANorwegianPage_ForABrowser_AndAProblemDocument_ForTheApi()
    {
        var client = app.ClientAs(Roles.Owner);
        var path = $"/api/programmes/{Guid.NewGuid()}";

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(BrowserAccept);
        var page = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"nb\">", html);
        Assert.Contains("<h1>Fant ikke siden</h1>", html);

        var api = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        // An address nobody mapped (status code pages) is decided the same way.
        using var unknown = new HttpRequestMessage(HttpMethod.Get, "/finnes-ikke");
        unknown.Headers.Accept.ParseAdd(BrowserAccept);
        var missing = await client.SendAsync(unknown);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("<h1>Fant ikke siden</h1>", await missing.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", (await client.GetAsync("/finnes-ikke")).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Dashboard_SendsAnonymousBrowsersToSignIn_AndRefusesOthers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Accept.ParseAdd(BrowserAccept);
        var anonymous = await app.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/logg-inn?ReturnUrl=%2Fhangfire", anonymous.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Steering).GetAsync("/hangfire")).StatusCode);
    }
}
