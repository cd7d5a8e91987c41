using System.Globalization;
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
