using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Pages.Tests;

/// Issue 16 in Chromium for the owners' pages: one click on «Les på nynorsk» in the header, and
/// the overview, a participant, the review queue and the status reports read nynorsk, with no
/// resource key, and axe finds nothing serious (the snapshot's reasons were kept in nynorsk too
/// when it was compiled; an older snapshot's bokmål ones are marked lang="nb").
public sealed partial class DashboardNynorskBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_owner_reads_the_dashboard_pages_in_nynorsk_after_one_click()
    {
        var first = await app.SendAsync<Result<StatusReportView>>(new CompileStatus("fremtidens-kulturskole"));
        var second = await app.SendAsync<Result<StatusReportView>>(new CompileStatus("fremtidens-kulturskole"));
        Assert.True(first.Succeeded && second.Succeeded);

        await using var owner = await Session.OpenAsync(app); // the browser says nb-NO
        await owner.SignInAsync("demo-owner");
        var page = owner.Page;
        await owner.GotoAsync("/oversikt");
        Assert.Equal("nb", await page.GetAttributeAsync("html", "lang"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Les på nynorsk" }).ClickAsync();
        // The same address before and after: the answer shows in the page's language.
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nn");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/oversikt$"));

        foreach (var (path, heading) in new[]
        {
            ("/oversikt", "Oversikt: "), ($"/deltaker/{app.OwnProgramme}", ""), ("/til-vurdering", "Rapportar til vurdering"),
            ("/statusrapporter", "Statusrapportar"), ($"/statusrapport/{second.Value!.Id}", "Statusrapport for "),
        })
        {
            var response = await owner.GotoAsync(path);
            Assert.True(response.Ok, $"{path} answered {response.Status}");
            Assert.Equal("nn", await page.GetAttributeAsync("html", "lang"));
            Assert.StartsWith(heading, await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
            var text = await page.Locator("main").InnerTextAsync();
            Assert.Empty(KeyName().Matches(text).Select(m => m.Value));
            await owner.AssertAccessibleAsync("nynorsk" + path.Replace('/', '-'));
        }

        await owner.GotoAsync("/oversikt");
        await Assertions.Expect(page.GetByRole(AriaRole.Form, new() { Name = "Filtrer oversikta" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^Deltakarar \\(") })).ToBeVisibleAsync();
        await owner.GotoAsync($"/deltaker/{app.OwnProgramme}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Avgjerdspunkt" }).First).ToBeAttachedAsync();
    }

    // A resource key's name shown where its text should be (Area_Phrase).
    [GeneratedRegex(@"\b[A-Z][A-Za-z]+_[A-Z]\w+")]
    private static partial Regex KeyName();
}
