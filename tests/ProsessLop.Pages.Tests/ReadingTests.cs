using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Pages.Tests;

/// What people read: times, texts, widths and focus (issue 10).
public sealed partial class PageTests
{
    [Fact]
    public async Task CompileTimes_AreOsloTime_OnThePages_AndInTheExportFileNames()
    {
        var compiled = await app.SendAsync<Result<StatusReportView>>(new CompileStatus("fremtidens-kulturskole"));
        var report = compiled.Value!;
        var oslo = TimeZoneInfo.ConvertTime(report.CompiledAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo"));
        // Oslo is UTC+1 or UTC+2 all year, so UTC shown would differ from this.
        Assert.NotEqual(TimeSpan.Zero, oslo.Offset);
        var shown = oslo.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

        await using var owner = await Session.OpenAsync(app);
        await owner.SignInAsync(Owner);
        var page = owner.Page;
        await page.GotoAsync($"/statusrapport/{report.Id}");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(shown);
        await page.GotoAsync("/statusrapporter");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = shown, Exact = true }).First).ToBeVisibleAsync();
        await page.GotoAsync("/oversikt");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = shown, Exact = true }).First).ToBeVisibleAsync();

        var stamp = oslo.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        foreach (var kind in new[] { "csv", "xlsx" })
        {
            var download = await page.APIRequest.GetAsync($"/statusrapport/{report.Id}/{kind}");
            Assert.Contains($"-{stamp}.{kind}", download.Headers["content-disposition"], StringComparison.Ordinal);
        }
    }
}

public sealed partial class PageTests
{
    [Fact]
    public async Task AtPhoneWidth_NoPageIsWiderThanTheScreen_AndChartLabelsAreAtLeast12Px()
    {
        const int phone = 390;
        var compiled = await app.SendAsync<Result<StatusReportView>>(new CompileStatus("fremtidens-kulturskole"));
        var problems = new List<string>();

        await using (var owner = await Session.OpenAsync(app, phone))
        {
            await owner.SignInAsync(Owner);
            foreach (var path in new[] { "/oversikt", "/til-vurdering", "/laering", "/laering?q=samarbeid", "/statusrapporter", $"/statusrapport/{compiled.Value!.Id}", $"/deltaker/{app.OwnProgramme}",
                "/tilgang", $"/tilgang/{BrowserApp.Municipality}", "/meg", "/studio", "/studio/nytt" })
            {
                problems.AddRange(await TooWideAsync(owner.Page, path, phone));
            }

            await owner.GotoAsync("/tilgang");
            await owner.ScreenshotAsync("tilgang-mobil");

            // Each label's rendered size: its font size times the scale the SVG is drawn at.
            await owner.Page.GotoAsync("/oversikt");
            var sizes = await owner.Page.EvaluateAsync<double[]>("""
                () => [...document.querySelectorAll('main svg text')].map(t =>
                  parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a)
                """);
            Assert.NotEmpty(sizes);
            if (sizes.Min() < 12)
            {
                problems.Add($"The smallest chart label is drawn at {sizes.Min():0.0} px.");
            }
        }

        await using (var coordinator = await Session.OpenAsync(app, phone))
        {
            await coordinator.SignInAsync(BrowserApp.CoordinatorKey);
            foreach (var path in new[] { "/min-kommune", "/laering", $"/deltaker/{app.OwnProgramme}", $"/tilgang/{BrowserApp.Municipality}", "/meg" })
            {
                problems.AddRange(await TooWideAsync(coordinator.Page, path, phone));
            }

            await coordinator.GotoAsync($"/tilgang/{BrowserApp.Municipality}");
            await coordinator.ScreenshotAsync("tilgang-deltaker-mobil");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// The page's width at a phone's width, naming the elements that stick out (to fix them).
    private static async Task<IReadOnlyList<string>> TooWideAsync(IPage page, string path, int width)
    {
        await page.GotoAsync(path);
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth <= width)
        {
            return [];
        }

        var culprits = await page.EvaluateAsync<string[]>($$"""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {{width}} + 1)
              .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right))
            """);
        return [$"{path} is {scrollWidth} px wide: {string.Join(", ", culprits)}"];
    }
}

public sealed partial class PageTests
{
    [Fact]
    public async Task AfterPostingAForm_FocusIsOnTheConfirmation_OrOnTheFirstRefusedField()
    {
        await using var owner = await Session.OpenAsync(app);
        await owner.SignInAsync(Owner);
        var page = owner.Page;
        await page.GotoAsync("/statusrapporter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lag ny sammenstilling nå" }).First.ClickAsync();
        var confirmation = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(confirmation).ToContainTextAsync("En ny statussammenstilling er laget.");
        await Assertions.Expect(confirmation).ToBeFocusedAsync();

        await using var coordinator = await Session.OpenAsync(app);
        await coordinator.SignInAsync(BrowserApp.CoordinatorKey);
        await coordinator.Page.GotoAsync("/min-kommune");
        await coordinator.Page.GetByRole(AriaRole.Button, new() { Name = "Registrer avvik" }).ClickAsync();
        await Assertions.Expect(coordinator.Page.GetByLabel("Beskrivelse (må fylles ut)")).ToBeFocusedAsync();
    }
}

public sealed partial class PageTests
{
    [Fact]
    public async Task ApiReference_LoadsNothingFromOutside_AndHasALanguage()
    {
        await using var reader = await Session.OpenAsync(app);
        var page = reader.Page;
        var outside = new System.Collections.Concurrent.ConcurrentBag<string>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).Host is not ("127.0.0.1" or "localhost"))
            {
                outside.Add(request.Url);
            }
        };
        await page.GotoAsync("/scalar");
        await Assertions.Expect(page.Locator("h1", new() { HasText = "ProsessLop" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await reader.WaitForNetworkIdleAsync();

        Assert.True(outside.IsEmpty, $"Loaded from outside: {string.Join(", ", outside.Distinct())}");
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
    }
}

public sealed partial class PageTests
{
    [Fact]
    public async Task Pages_UseOneVocabulary_AndListReasons()
    {
        var withdrawn = await app.WithDbAsync(db => db.Programmes
            .Where(p => p.Status == ProsessLop.Workflow.Engine.ProgrammeStatus.Withdrawn).Select(p => p.Id).FirstAsync());
        var compiled = await app.SendAsync<Result<StatusReportView>>(new CompileStatus("fremtidens-kulturskole"));

        await using var owner = await Session.OpenAsync(app);
        await owner.SignInAsync(Owner);
        var page = owner.Page;

        // A task that is not started reads the same on the programme page as on /min-kommune.
        await page.GotoAsync($"/deltaker/{app.OwnProgramme}");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Ikke startet", Exact = true }).First).ToBeVisibleAsync();
        Assert.DoesNotContain("Ikke påbegynt", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // A withdrawn programme is «Trukket fra programmet» everywhere, never «Avsluttet».
        await page.GotoAsync($"/deltaker/{withdrawn}");
        var text = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Trukket fra programmet", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Avsluttet", text, StringComparison.Ordinal);

        // The status column gives each reason its own line.
        await page.GotoAsync($"/statusrapport/{compiled.Value!.Id}");
        var row = compiled.Value.Content.Programmes.First(p => p.Reasons.Count >= 2);
        var cell = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = row.ParticipantName, Exact = true }) }).Locator("td").Nth(1);
        await Assertions.Expect(cell.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(row.Reasons.Count);
        Assert.DoesNotContain("Avsluttet", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }
}
