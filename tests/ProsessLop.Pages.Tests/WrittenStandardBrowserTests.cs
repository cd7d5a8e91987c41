using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ProsessLop.Api.Infrastructure.Language;

namespace ProsessLop.Pages.Tests;

/// Issue 16 in Chromium: a coordinator of a nynorsk municipality reads /min-kommune in nynorsk
/// (its browser asks for bokmål: the municipality's decision wins), switches to bokmål with one
/// click, and the page follows; axe finds nothing serious in either.
public sealed class WrittenStandardBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Ullensvang = "4618";

    [Fact]
    public async Task A_coordinator_of_a_nynorsk_municipality_reads_nynorsk_and_switches_to_bokmal()
    {
        await app.WithDbAsync(db => db.Municipalities.Where(m => m.Number == Ullensvang)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.WrittenStandard, WrittenStandard.Nynorsk)));
        var keys = ResourceKeys();

        await using var coordinator = await Session.OpenAsync(app); // the browser says nb-NO
        await coordinator.SignInAsync($"demo-coordinator-{Ullensvang}");
        var page = coordinator.Page;
        await coordinator.GotoAsync("/min-kommune");

        Assert.Equal("nn", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Min kommune");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Hovudmeny" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^Oppgåver i fasen ") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Oppgåve", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Lag kalender med oppgåvene mine")).ToBeVisibleAsync();
        var nynorsk = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(keys, k => nynorsk.Contains(k, StringComparison.Ordinal));
        Assert.DoesNotContain("Oppgaver i fasen", nynorsk, StringComparison.Ordinal);
        await coordinator.AssertAccessibleAsync("min-kommune-nynorsk");

        // One click (a button in a form: a POST with antiforgery), back on the same page in bokmål.
        var toBokmal = page.GetByRole(AriaRole.Button, new() { Name = "Les på bokmål" });
        Assert.Equal("nb", await toBokmal.GetAttributeAsync("lang"));
        await toBokmal.ClickAsync();
        // The same address before and after: the answer shows in the page's language.
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nb");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/min-kommune$"));

        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^Oppgaver i fasen ") })).ToBeVisibleAsync();
        var bokmal = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(keys, k => bokmal.Contains(k, StringComparison.Ordinal));
        Assert.DoesNotContain("Oppgåver", bokmal, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Les på nynorsk" })).ToHaveAttributeAsync("lang", "nn");
        await coordinator.AssertAccessibleAsync("min-kommune-bokmal");

        // The choice holds on the next page too.
        await coordinator.GotoAsync("/laering");
        Assert.Equal("nb", await page.GetAttributeAsync("html", "lang"));
    }

    /// Every resource key: a page that printed one instead of its text would show it.
    private static List<string> ResourceKeys() =>
    [
        .. new[] { "src/ProsessLop.Api/Texts/Texts.resx", "src/ProsessLop.Workflow/Texts/Words.resx" }
            .SelectMany(f => System.Xml.Linq.XDocument.Load(Path.Combine(BrowserApp.RepositoryRoot, f)).Root!.Elements("data"))
            .Select(d => (string)d.Attribute("name")!)
            .Where(k => k.Contains('_', StringComparison.Ordinal) || k.Length > 12),
    ];
}
