using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ProsessLop.Api.Features.Demo;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Pages.Tests;

/// The whole host on a real loopback port with the development sign-in, the demo data set, and
/// one headless Chromium (Debian's; never downloaded) shared by the tests of a class.
public sealed class BrowserApp : ProsessApp, IAsyncLifetime
{
    /// A programme of our own (Oslo is not in the pilot) whose coordinator the flow tests sign in as.
    public const string Municipality = "0301";
    public const string CoordinatorKey = "demo-coordinator-0301";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public Guid OwnProgramme { get; private set; }

    public static string RepositoryRoot => Api.Infrastructure.RepositoryRoot.Find(AppContext.BaseDirectory);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:DevelopmentSignIn", "true");
    }

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
        }

        OwnProgramme = await this.StartAsync(Municipality);
        var added = await SendAsync<Result<ContactPerson>>(new AddContact(
            Municipality, "Koordinator Oslo", "koordinator.0301@demo.invalid", null, "Kulturskoleleder", true, CoordinatorKey));
        Assert.True(added.Succeeded, added.Error?.Detail);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
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
/// leave the machine is aborted and counted.
public sealed class Session(IBrowserContext context, IPage page) : IAsyncDisposable
{
    private int _external;

    public IPage Page => page;

    public int ExternalRequests => _external;

    public static async Task<Session> OpenAsync(BrowserApp app)
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = "nb-NO" });
        var page = await context.NewPageAsync();
        var session = new Session(context, page);
        await context.RouteAsync("**/*", async route =>
        {
            var host = new Uri(route.Request.Url).Host;
            if (host is "127.0.0.1" or "localhost")
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
        await page.WaitForURLAsync(url => !url.Contains("/logg-inn", StringComparison.Ordinal));
    }

    public async Task<IResponse> GotoAsync(string path) => (await page.GotoAsync(path))!;

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
        await page.AddScriptTagAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js") });
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

    public async ValueTask DisposeAsync()
    {
        Assert.True(_external == 0, $"{_external} request(s) tried to leave the machine.");
        await context.CloseAsync();
    }
}
