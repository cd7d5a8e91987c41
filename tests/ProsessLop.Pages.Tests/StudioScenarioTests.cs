using Microsoft.Playwright;

namespace ProsessLop.Pages.Tests;

public sealed partial class PageTests
{
    /// Issue 13's scenario in Chromium, with the keyboard: an owner builds a small two-stage
    /// programme from an empty draft, sees a problem next to its field and fixes it, previews the
    /// calendar for a start in the week before Easter 2027, publishes, and starts a programme for
    /// a municipality from the new version — which then shows on the overview.
    [Fact]
    public async Task Owner_BuildsAProgrammeInTheStudio_Publishes_AndStartsIt_ThenTheOverviewShowsIt()
    {
        await using var owner = await Session.OpenAsync(app);
        await owner.SignInAsync(Owner);
        var page = owner.Page;
        ILocator Tab(string name) => page.GetByRole(AriaRole.Navigation, new() { Name = "Utkastet «Lokalt løft»" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

        await page.GotoAsync("/studio");
        await page.GetByRole(AriaRole.Link, new() { Name = "Start et nytt utkast" }).PressAsync("Enter");
        await page.Locator("#nytt-navn").FocusAsync();
        await page.Keyboard.TypeAsync("Lokalt løft");
        await page.Keyboard.PressAsync("Tab");
        await page.Locator("#nytt-nokkel").FillAsync("");
        await page.Locator("#nytt-nokkel").FocusAsync();
        await page.Keyboard.TypeAsync("lokalt-loft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start tomt utkast" }).PressAsync("Enter");
        await Assertions.Expect(page.Locator("#f-name")).ToHaveValueAsync("Lokalt løft");
        await owner.AssertAccessibleAsync("studio-scenario-utkast");

        // The name in nynorsk too, in the field beside the bokmål; it is saved with the next button.
        await page.GetByLabel("Nynorsk: Navn på programmet").FillAsync("Lokalt løft på nynorsk");

        // A second stage: empty, so its page says so next to the stage's fields.
        await page.Locator("#legg-til-fase").PressAsync("Enter");
        await Tab("Fase: Fase 2").PressAsync("Enter");
        await Tab("Om programmet").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#f-name-nn")).ToHaveValueAsync("Lokalt løft på nynorsk");
        await Assertions.Expect(page.Locator("#f-name-nn")).ToHaveAttributeAsync("lang", "nn");
        await Tab("Fase: Fase 2").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#f-stages-1-feil")).ToContainTextAsync("tom");
        await owner.AssertAccessibleAsync("studio-scenario-fase-med-feil");

        // Fixed: a task in it, and the problem is gone.
        await page.Locator("#legg-til-oppgave").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#f-stages-1-feil")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#f-stages-1-tasks-0-name")).ToBeVisibleAsync();

        // The calendar for a start on the Monday before Easter 2027.
        await Tab("Kalender").PressAsync("Enter");
        await page.GetByLabel("Startdato").FillAsync("2027-03-22");
        await page.GetByLabel("Startdato").PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fra mandag 22.03.2027 (uke 12)" })).ToBeVisibleAsync();

        // Publish; the owner lands where running programmes move and new ones start.
        await Tab("Publiser").PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publiser ny versjon" }).PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/studio/lokalt-loft/1/flytt$"));
        await owner.AssertAccessibleAsync("studio-scenario-publisert");

        await page.Locator("#start-deltaker").SelectOptionAsync("1804");
        await page.Locator("#start-dato").FillAsync("2027-03-22");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start programmet" }).PressAsync("Enter");
        await Assertions.Expect(page.GetByText("Programmet for Bodø er startet.")).ToBeVisibleAsync();

        await page.GotoAsync("/oversikt?definisjon=lokalt-loft");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Bodø");
    }
}
