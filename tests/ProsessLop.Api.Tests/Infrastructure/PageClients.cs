using System.Net;
using System.Text.RegularExpressions;

namespace ProsessLop.Api.Tests.Infrastructure;

/// Clients for the server-rendered pages: the development sign-in (a cookie) and form tokens.
/// The host must run with Auth:DevelopmentSignIn=true.
public static class PageClients
{
    /// A client signed in to the pages as a demo user (development sign-in, cookie).
    public static async Task<HttpClient> SignedInToPagesAsync(this ProsessApp app, string user = "demo-owner")
    {
        // Outside Development the cookies are Secure, and the test hosts answer on plain HTTP: the
        // cookies are kept by hand (LoopbackCookies), and redirects are followed outside the jar so
        // it sees the cookies each answer sets.
        var cookies = new LoopbackCookies();
        var redirects = new Microsoft.AspNetCore.Mvc.Testing.Handlers.RedirectHandler();
        HttpClient client;
        if (app.OnRealPort)
        {
            cookies.InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
            redirects.InnerHandler = cookies;
            client = new HttpClient(redirects) { BaseAddress = app.CreateClient().BaseAddress };
        }
        else
        {
            client = app.CreateDefaultClient(redirects, cookies);
        }

        var token = await AntiforgeryTokenAsync(client, "/logg-inn");
        var signIn = await client.PostAsync("/logg-inn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = user, ["__RequestVerificationToken"] = token,
        }));
        // Signed in: redirected on to the start page, not shown the sign-in page again.
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.NotEqual("/logg-inn", signIn.RequestMessage?.RequestUri?.AbsolutePath);
        return client;
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(match.Success, $"No antiforgery token on {page}");
        return match.Groups[1].Value;
    }
}
