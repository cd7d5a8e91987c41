using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Postgres;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Security;

/// A host outside Development behind a proxy in 203.0.113.0/24, with the demo sign-in picker.
public sealed class ProxiedApp : ProsessApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:DevelopmentSignIn", "true");
        builder.UseSetting("ForwardedHeaders:KnownNetworks:0", "203.0.113.0/24");
    }
}

/// Security headers on every answer, Secure cookies outside Development, and forwarded headers
/// only from the proxies the configuration names.
public sealed partial class WebSecurityTests(ProxiedApp app) : IClassFixture<ProxiedApp>
{
    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = Csp(response);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe", scriptSrc, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task EveryAnswer_CarriesTheSecurityHeaders_PagesProblemsAndTheDashboard()
    {
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await anonymous.GetAsync("/logg-inn");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertSecurityHeaders(page);
        Assert.Equal(WebSecurity.StrictPolicy, Csp(page));

        // The approval page, even when it only sends the visitor to sign in.
        AssertSecurityHeaders(await anonymous.GetAsync("/til-vurdering"));
        AssertSecurityHeaders(await anonymous.GetAsync("/api/finnes-ikke"));
        AssertSecurityHeaders(await anonymous.GetAsync("/health/live"));

        var dashboard = await app.ClientAs(Roles.Owner).GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        AssertSecurityHeaders(dashboard);
    }

    [Fact]
    public async Task TheApiReference_AllowsOnlyItsOwnScripts_ByAFreshNonce()
    {
        var client = app.CreateClient();
        var first = await client.GetAsync("/scalar");
        var second = await client.GetAsync("/scalar");
        AssertSecurityHeaders(first);
        var nonce = Nonce().Match(Csp(first)).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.NotEqual(nonce, Nonce().Match(Csp(second)).Groups[1].Value);

        var html = await first.Content.ReadAsStringAsync();
        var scripts = Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce}\"", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OutsideDevelopment_EveryCookie_IsSecureAndHttpOnly_EvenOverPlainHttp()
    {
        var browser = new CookieJar(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));
        Assert.Equal("http", browser.Client.BaseAddress!.Scheme);

        var signIn = await browser.GetAsync("/logg-inn");
        var signedIn = await browser.PostAsync("/logg-inn", new() { ["user"] = "demo-owner", ["__RequestVerificationToken"] = Token(signIn) });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var reports = await browser.GetAsync("/statusrapporter");
        var compiled = await browser.PostAsync("/statusrapporter?handler=Compile",
            new() { ["definitionKey"] = "fremtidens-kulturskole", ["__RequestVerificationToken"] = Token(reports) });
        Assert.Equal(HttpStatusCode.Redirect, compiled.StatusCode);

        foreach (var name in new[] { ".AspNetCore.Antiforgery.", "prosesslop=", ".AspNetCore.Mvc.CookieTempDataProvider=" })
        {
            var cookie = browser.SetCookies.FirstOrDefault(c => c.StartsWith(name, StringComparison.Ordinal));
            Assert.True(cookie is not null, $"{name} was never set: {string.Join(" | ", browser.SetCookies)}");
            var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.True(attributes.Contains("secure") && attributes.Contains("httponly"), cookie);
        }
    }

    [Theory]
    [InlineData("203.0.113.7", true, true)]     // the configured proxy network, terminating TLS
    [InlineData("127.0.0.1", true, true)]       // a proxy on the same machine is always trusted
    [InlineData("198.51.100.7", true, false)]   // anyone else cannot claim HTTPS
    [InlineData("203.0.113.7", false, false)]   // plain HTTP through the proxy
    public async Task ForwardedProto_CountsOnlyFromConfiguredProxies(string remote, bool forwardedHttps, bool expectHttps)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/health/live";
            c.Request.Host = new HostString("prosesslop.example.no");
            c.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            if (forwardedHttps)
            {
                c.Request.Headers["X-Forwarded-Proto"] = "https";
            }
        });

        Assert.Equal(200, context.Response.StatusCode);
        // HSTS is sent on HTTPS only, so it shows whether the host took the request for HTTPS.
        var hsts = context.Response.Headers.StrictTransportSecurity.ToString();
        Assert.Equal(expectHttps ? "max-age=31536000; includeSubDomains" : "", hsts);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "ForwardedHeaders__KnownNetworks")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.example.no", "ForwardedHeaders__KnownProxies")]
    public void AMistypedProxy_StopsTheHost_NamingTheSetting(string key, string value, string setting)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration[key] = value;
        var e = Assert.Throws<StartupException>(builder.AddWebSecurity);
        Assert.Contains(setting, e.Message, StringComparison.Ordinal);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    private static string Csp(HttpResponseMessage response) => string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

    private static string Token(string html) => AntiforgeryField().Match(html).Groups[1].Value is { Length: > 0 } token
        ? WebUtility.HtmlDecode(token)
        : throw new InvalidOperationException("No antiforgery token in the page.");

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// A client that keeps cookies by hand (see LoopbackCookies), with form helpers.
    private sealed class CookieJar(HttpClient client)
    {
        private readonly LoopbackCookies _cookies = new() { InnerHandler = new PassThrough(client) };

        public HttpClient Client => client;

        public List<string> SetCookies => _cookies.SetCookies;

        public async Task<string> GetAsync(string path)
        {
            var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        public Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> form) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) });

        private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) =>
            new HttpMessageInvoker(_cookies).SendAsync(request, CancellationToken.None);

        // The test client (in-memory server, its own base address) as the jar's inner handler.
        private sealed class PassThrough(HttpClient inner) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                inner.SendAsync(request, cancellationToken);
        }
    }
}
