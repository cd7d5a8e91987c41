using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProsessLop.Api.Features.Demo;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Pages.Tests;

/// A host on a real port with a browser the tests of a class share.
public interface IBrowserHost
{
    IBrowser Browser { get; }

    string BaseUrl { get; }
}

/// Headless Chromium: Debian's, never one Playwright downloads.
public static class Chromium
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }
}

/// The whole host on a real loopback port with the development sign-in, the demo data set, and
/// one headless Chromium (Debian's; never downloaded) shared by the tests of a class.
public sealed class BrowserApp : KestrelApp, IAsyncLifetime, IBrowserHost
{
    /// A programme of our own (Oslo is not in the pilot) whose coordinator the flow tests sign in as.
    public const string Municipality = "0301";
    public const string CoordinatorKey = "demo-coordinator-0301";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Guid OwnProgramme { get; private set; }

    public static string RepositoryRoot => Api.Infrastructure.RepositoryRoot.Find(AppContext.BaseDirectory);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:DevelopmentSignIn", "true");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
        }

        OwnProgramme = await this.StartAsync(Municipality);
        var added = await SendAsync<Result<ContactPerson>>(new AddContact(
            Municipality, "Koordinator Oslo", "koordinator.0301@demo.invalid", null, "Kulturskoleleder", true, CoordinatorKey));
        Assert.True(added.Succeeded, added.Error?.Detail);

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

/// One browser context (own cookies) for one person in one test. Every request that would
/// leave the machine is aborted and counted; every Content-Security-Policy violation is
/// recorded. Either fails the test when the session ends.
public sealed class Session(IBrowserContext context, IPage page) : IAsyncDisposable
{
    /// axe-core, served under the host's origin by the test's route: the CSP allows scripts from
    /// 'self' only, so injecting it inline would be (rightly) refused.
    private const string AxeUrl = "/__tests__/axe.min.js";

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _violations = new();
    private int _external;

    public IPage Page => page;

    public int ExternalRequests => _external;

    /// What the browser refused under the host's Content-Security-Policy so far.
    public IReadOnlyCollection<string> CspViolations => _violations;

    /// <param name="width">The viewport's width in CSS pixels (a phone is 390), or Playwright's default.</param>
    public static async Task<Session> OpenAsync(IBrowserHost app, int? width = null)
    {
        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl,
            Locale = "nb-NO",
            ViewportSize = width is { } w ? new() { Width = w, Height = 844 } : null,
        });
        var page = await context.NewPageAsync();
        var session = new Session(context, page);
        // The page reports each violation through a binding (CDP, outside the page's CSP); the
        // console message Chromium writes for it is caught too, in case the event is missed.
        await context.ExposeFunctionAsync("__cspViolation", (string violation) =>
        {
            if (!ExpectedViolation(violation))
            {
                session._violations.Enqueue(violation);
            }
        });
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              window.__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || e.documentURI}:${e.lineNumber}`));
            """);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                session._violations.Enqueue(message.Text);
            }
        };
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            var host = url.Host;
            if (host is "127.0.0.1" or "localhost" && url.AbsolutePath == AxeUrl)
            {
                await route.FulfillAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js"), ContentType = "text/javascript" });
            }
            else if (host is "127.0.0.1" or "localhost")
            {
                await route.ContinueAsync();
            }
            else
            {
                Interlocked.Increment(ref session._external);
                await route.AbortAsync();
            }
        });
        return session;
    }

    /// Signs in through the development picker, as a person would.
    public async Task SignInAsync(string userKey)
    {
        await page.GotoAsync("/logg-inn");
        await page.CheckAsync($"#bruker-{userKey}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/logg-inn"));
    }

    public async Task<IResponse> GotoAsync(string path) => (await page.GotoAsync(path))!;

    /// Playwright for .NET checks a load state, then subscribes to its event; an event delivered
    /// in between is lost and the wait runs into its timeout (microsoft/playwright-dotnet#3364,
    /// seen here as a 30 s CI failure). A missed state is still recorded, so short waits in a
    /// loop find it. Addresses are awaited with `Expect(page).ToHaveURLAsync`, which has no such gap.
    public async Task WaitForNetworkIdleAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 2_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 15)
            {
            }
        }
    }

    /// axe-core's WCAG 2.1 A/AA rules on the current page, with a screenshot; fails on serious or critical violations.
    public async Task AssertAccessibleAsync(string name)
    {
        var list = await ViolationsAsync();
        await ScreenshotAsync(name);
        Assert.True(list.Count == 0, $"{name} ({page.Url}) has {list.Count} serious or critical axe violations:\n{string.Join("\n", list)}");
    }

    /// The serious and critical violations of axe-core's WCAG 2.1 A/AA rules, as "id (impact): help — targets".
    public async Task<IReadOnlyList<string>> ViolationsAsync()
    {
        await page.AddScriptTagAsync(new() { Url = AxeUrl });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')) }));
            }
            """);
        return violations.EnumerateArray().Select(v =>
            $"{v.GetProperty("id")} ({v.GetProperty("impact")}): {v.GetProperty("help")} — {string.Join(", ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()))}").ToList();
    }

    public async Task ScreenshotAsync(string name)
    {
        var directory = Path.Combine(BrowserApp.RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{name}.png"), FullPage = true });
    }

    /// The one refusal that is by design: the API reference's bundle (zod) probes whether it may
    /// compile code with `Function('')` and, refused, validates without it. 'unsafe-eval' stays off.
    private static bool ExpectedViolation(string violation) =>
        violation.StartsWith("script-src blocked eval at ", StringComparison.Ordinal) && violation.Contains("/scalar/scalar.js:", StringComparison.Ordinal);

    /// Waits until the browser has reported at least one violation (they arrive as events).
    public async Task<IReadOnlyCollection<string>> WaitForCspViolationsAsync()
    {
        for (var i = 0; i < 50 && _violations.IsEmpty; i++)
        {
            await Task.Delay(100);
        }

        return _violations.ToArray();
    }

    /// Forgets the violations so far (after a test provoked one on purpose).
    public void ClearCspViolations() => _violations.Clear();

    public async ValueTask DisposeAsync()
    {
        await context.CloseAsync();
        Assert.True(_external == 0, $"{_external} request(s) tried to leave the machine.");
        Assert.True(_violations.IsEmpty, $"Content-Security-Policy violations:\n{string.Join("\n", _violations)}");
    }
}
