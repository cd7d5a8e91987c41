using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProsessLop.Api.Tests.Infrastructure;

/// Links people open from mails and calendars.
public static class BrowserLinks
{
    /// A browser without a session is sent to sign in (a page), not answered 401 (a bearer-only endpoint).
    public static async Task AssertOpensAPageAsync(WebApplicationFactory<Program> app, Uri link)
    {
        Assert.DoesNotContain("/api/", link.AbsolutePath, StringComparison.Ordinal);
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, link.PathAndQuery);
        request.Headers.Accept.ParseAdd("text/html");
        var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/logg-inn", (location.IsAbsoluteUri ? location : new Uri(browser.BaseAddress!, location)).AbsolutePath);
    }
}
