using System.Net;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using ProsessLop.Api.Infrastructure.Postgres;

namespace ProsessLop.Api.Infrastructure;

/// Which reverse proxies may tell the host the client's address and scheme
/// (`X-Forwarded-For`, `X-Forwarded-Proto`). Loopback is always trusted.
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// Proxy addresses, e.g. `ForwardedHeaders__KnownProxies__0=10.0.0.5`.
    public IList<string> KnownProxies { get; } = [];

    /// Proxy networks in CIDR notation, e.g. `ForwardedHeaders__KnownNetworks__0=10.0.0.0/8`.
    public IList<string> KnownNetworks { get; } = [];
}

/// Transport and browser security for every response, in one place: forwarded headers from
/// configured proxies, HSTS and `Secure` cookies outside Development, and the security headers
/// (CSP, nosniff, Referrer-Policy, framing) on everything the host answers.
public static class WebSecurity
{
    /// Our pages: no inline script or style, nothing from elsewhere, never framed.
    public const string StrictPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// An answer that carries one fixed inline style block (a standalone export) puts its
    /// `'sha256-…'` here; style-src then allows that block and nothing else inline.
    public const string InlineStyleHashItem = "csp-inline-style-hash";

    /// Where ProsessHost mounts the Hangfire dashboard.
    public const string DashboardPath = "/hangfire";

    public static void AddWebSecurity(this WebApplicationBuilder builder)
    {
        var settings = new ForwardedHeadersSettings();
        builder.Configuration.GetSection(ForwardedHeadersSettings.Section).Bind(settings);
        // Parsed now, so a typo stops the host with one clear line instead of failing per request.
        var proxies = settings.KnownProxies.Select(p => IPAddress.TryParse(p, out var address)
            ? address
            : throw new StartupException($"ForwardedHeaders__KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = settings.KnownNetworks.Select(n => System.Net.IPNetwork.TryParse(n, out var network)
            ? network
            : throw new StartupException($"ForwardedHeaders__KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 10.0.0.0/8).")).ToList();

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Not X-Forwarded-Host: the host name stays what the client asked for.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });

        var development = builder.Environment.IsDevelopment();
        builder.Services.Configure<CookiePolicyOptions>(o =>
        {
            // Sign-in, antiforgery, TempData and OpenID Connect cookies alike. Development runs on
            // http://localhost, so there a cookie is Secure when the request (or its proxy) is HTTPS.
            o.Secure = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.HttpOnly = HttpOnlyPolicy.Always;
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        // No "Server: Kestrel" on any answer, including those Kestrel gives before our code runs.
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
    }

    /// First in the pipeline, so error answers and the Hangfire dashboard get the same treatment.
    public static void UseWebSecurity(this WebApplication app)
    {
        // Signing in posts a form whose answer redirects to the identity provider, and browsers
        // hold that redirect to form-action too: the providers' origins are allowed there.
        var providers = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Auth.AuthOptions>>().Value.AllProviders().Values
            .Where(p => !string.IsNullOrWhiteSpace(p.ClientId) && Uri.TryCreate(p.Authority, UriKind.Absolute, out _))
            .Select(p => new Uri(p.Authority!).GetLeftPart(UriPartial.Authority))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var policy = providers.Count == 0
            ? StrictPolicy
            : StrictPolicy.Replace("form-action 'self'", $"form-action 'self' {string.Join(' ', providers)}", StringComparison.Ordinal);
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Only on HTTPS requests (after forwarding), never on localhost.
            app.UseHsts();
        }

        app.Use((http, next) =>
        {
            // OnStarting: the exception handler clears headers set before it; callbacks survive.
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = PolicyFor(http, policy);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(http);
        });
        app.UseCookiePolicy();
    }

    private static string PolicyFor(HttpContext http, string pages)
    {
        // Hangfire's dashboard (owners only) is Hangfire's markup: a <style> block, style
        // attributes that vary by version and job state, and an empty data: favicon. Its
        // scripts are files, so script-src stays 'self'.
        // Inside the dashboard's branch the path has moved to PathBase.
        if (http.Request.PathBase.Add(http.Request.Path).StartsWithSegments(DashboardPath))
        {
            return StrictPolicy
                .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal)
                .Replace("img-src 'self'", "img-src 'self' data:", StringComparison.Ordinal);
        }

        // The API reference renders its configuration in an inline script that carries a fresh
        // nonce per request (WithNonce); its UI writes its own styles at run time.
        if (http.Items.TryGetValue(Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey, out var nonce) && nonce is string value)
        {
            return StrictPolicy
                .Replace("script-src 'self'", $"script-src 'self' 'nonce-{value}'", StringComparison.Ordinal)
                .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'", StringComparison.Ordinal);
        }

        if (http.Items.TryGetValue(InlineStyleHashItem, out var hash) && hash is string styleHash)
        {
            return pages.Replace("style-src 'self'", $"style-src 'self' {styleHash}", StringComparison.Ordinal);
        }

        return pages;
    }
}
