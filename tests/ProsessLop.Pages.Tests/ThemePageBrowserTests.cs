using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ProsessLop.Api.Features.Demo;

namespace ProsessLop.Pages.Tests;

/// The public theme page as an anonymous visitor uses it in a real Chromium, on the demo data:
/// no sign-in, no script of ours, axe-core clean, and no request leaving the machine (the Session
/// counts and refuses them, and checks the CSP).
public sealed partial class ThemePageBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task AnonymousVisitor_FindsAskersFinalReportAndFilm_AndSearchesTheAdvice_OnAccessiblePages()
    {
        await using var visitor = await Session.OpenAsync(app);
        var page = visitor.Page;

        var response = await visitor.GotoAsync("/tema/fremtidens-kulturskole");
        Assert.True(response.Ok, $"/tema answered {response.Status}");
        Assert.Equal(0, await page.Locator("script").CountAsync());
        await visitor.AssertAccessibleAsync("tema");

        await page.Locator("ul.participants").GetByRole(AriaRole.Link, new() { Name = "Asker", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Asker");
        await visitor.AssertAccessibleAsync("tema-deltaker");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Film: Fremtidens kulturskole i Asker" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Sluttrapport" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sluttrapport");
        await Assertions.Expect(page.GetByText("Asker: Kommunen har gjennomført utviklingsprogrammet")).ToBeVisibleAsync();
        await visitor.AssertAccessibleAsync("tema-rapport");

        await visitor.GotoAsync("/tema/fremtidens-kulturskole");
        await page.GetByLabel("Søk i erfaringer").FillAsync("samskaping");
        await page.GetByRole(AriaRole.Button, new() { Name = "Søk" }).ClickAsync();
        await Assertions.Expect(page.Locator("#treff")).ToContainTextAsync(TreffPattern());
        await Assertions.Expect(page.GetByText("Samskaping tar tid, men gir tiltak som flere eier.")).ToBeVisibleAsync();
        await visitor.AssertAccessibleAsync("tema-sok");

        // The recommendations to KS and Norsk kulturskoleråd, each resting on published material.
        await page.GetByRole(AriaRole.Link, new() { Name = DemoRecommendations.Title }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(DemoRecommendations.Title);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Gi samskaping, uttesting og læring tid" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "PDF" })).ToHaveAttributeAsync("href", "/tema/fremtidens-kulturskole/anbefalinger.pdf");
        await visitor.AssertAccessibleAsync("tema-anbefalinger");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sluttrapport – Asker" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sluttrapport");

        await using var phone = await Session.OpenAsync(app, width: 390);
        await phone.GotoAsync("/tema/fremtidens-kulturskole");
        await phone.AssertAccessibleAsync("tema-mobil");
    }

    [GeneratedRegex(@"[1-9]\d* treff for «samskaping»")]
    private static partial Regex TreffPattern();
}
