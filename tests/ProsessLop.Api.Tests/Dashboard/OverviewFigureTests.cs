using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.StatusReports;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Tests.Dashboard;

/// The overview page remembers what the engine made of each programme (by the row's xmin and the
/// day: ParticipantStatusCache). Its figures must stay those of the compiled status: every row and
/// total on the page is compared with StatusCompiler run with an empty cache (the state documents
/// read and evaluated afresh), for a mix of states, then again after changes made through the API,
/// a change written to the database behind the host's back (as another replica would), a new
/// cohort for a participant, and days passing.
public sealed partial class OverviewFigureTests(StatusPagesApp app) : IClassFixture<StatusPagesApp>
{
    [Fact]
    public async Task TheOverview_ShowsTheCompiledStatus_BeforeAndAfterChanges_AndAsDaysPass()
    {
        var scenario = await StatusScenario.ArrangeAsync(app);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        await app.StartAsync("1103", today.AddDays(50)); // Stavanger: forankring began a week ago, a task due soon
        var finished = await app.StartAsync("3201", today.AddDays(-30)); // Bærum
        await MarkCompletedAsync(finished);
        var pages = await app.SignedInToPagesAsync();

        var first = await CompareAsync(pages);
        Assert.Contains(Health.Late, first);
        Assert.Contains(Health.NotStarted, first);
        Assert.Contains(Health.Done, first);
        Assert.True(first.Distinct().Count() >= 4, string.Join(", ", first)); // Stavanger is on track or at risk, depending on the weekday

        // Through the API: a withdrawal, a task completed, a deviation opened (another table).
        await StatusScenario.WithdrawAsync(app, scenario.ToWithdraw);
        var owner = app.ClientAs(Roles.Owner);
        await StatusScenario.AssertOk(owner.PostAsync($"/api/programmes/{scenario.Late}/tasks/{StatusScenario.ForankringTasks[0]}/complete", null));
        await StatusScenario.AssertOk(owner.PostAsJsonAsync($"/api/programmes/{scenario.AwaitingReview}/deviations", new
        {
            description = "Møte avlyst", cause = "Sykdom", consequence = "Forsinkelse", action = "Ny dato", owner = "Rektor", deadline = today.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), status = "open",
        }));
        // Behind the host's back, as another replica's command would: the page must notice.
        await MarkCompletedAsync(scenario.NotStarted);
        var second = await CompareAsync(pages);
        Assert.Contains(Health.Withdrawn, second);

        // A new cohort for the withdrawn participant becomes its row.
        var nextCohort = await app.StartAsync(StatusScenario.WithdrawMunicipality, today.AddDays(100));
        var third = await CompareAsync(pages);
        Assert.Contains(Health.NotStarted, third);
        Assert.Contains(nextCohort, await RowIdsAsync(pages));
        Assert.DoesNotContain(scenario.ToWithdraw, await RowIdsAsync(pages));

        // Days pass with no write at all: deadlines fall due, health moves.
        app.Clock.Advance(TimeSpan.FromDays(45));
        var later = await CompareAsync(await app.SignedInToPagesAsync()); // the sign-in has expired meanwhile
        Assert.NotEqual(third, later);
    }

    // Compares the page with a fresh compilation and returns the healths of its rows in order.
    private async Task<List<Health>> CompareAsync(HttpClient pages)
    {
        var html = await pages.GetStringAsync("/oversikt?definisjon=fremtidens-kulturskole");
        var expected = await FreshCompilationAsync();
        var rows = Rows(html);
        Assert.Equal(expected.Programmes.Count, rows.Count);
        var byId = expected.Programmes.ToDictionary(p => p.ProgrammeId);
        foreach (var row in rows)
        {
            Assert.True(byId.TryGetValue(row.Id, out var p), $"The page shows {row.Id}, which the compiled status does not.");
            Assert.Equal(p.ParticipantName, row.Cells[0]);
            Assert.Equal(p.StageName, row.Cells[2]);
            Assert.Equal(StatusTexts.Health(p.Health), row.Cells[3]);
            Assert.Equal(StatusTexts.Date(p.NextDeadline), row.Cells[4]);
            Assert.Equal([.. StatusFigures.Columns.Select(f => f.PerProgramme(p).ToString(CultureInfo.InvariantCulture))], row.Cells[5..8]);
        }

        var card = CardItem().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[2].Value).Trim(), m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        foreach (var h in expected.Totals.ByHealth.Where(h => h.Count > 0))
        {
            Assert.Equal(h.Count, card[h.Label.ToLowerInvariant()]);
        }

        foreach (var f in StatusFigures.Card)
        {
            Assert.Equal(f.Total(expected.Totals), card[f.Label.ToLowerInvariant()]);
        }

        Assert.Contains($"<strong>{expected.Totals.Active}</strong> aktive av {expected.Totals.Programmes}", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(string.Join(", ", expected.Totals.ByStage.Select(s => $"{s.Label}: {s.Count}"))), html, StringComparison.Ordinal);
        return [.. expected.Programmes.OrderBy(p => p.ParticipantName, StringComparer.Ordinal).Select(p => p.Health)];
    }

    // StatusCompiler with a cache of its own, empty: every state document read and evaluated.
    private async Task<StatusContent> FreshCompilationAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var registry = services.GetRequiredService<DefinitionRegistry>();
        var db = services.GetRequiredService<ProsessDb>();
        await registry.RefreshAsync(db, default);
        var compiler = new StatusCompiler(db, services.GetRequiredService<ProgrammeRuntime>(), registry, new ParticipantStatusCache());
        return (await compiler.CompileAsync(registry.Latest(ProgrammeSteps.DefaultDefinition)!, null, null, default)).Content;
    }

    private static async Task<List<Guid>> RowIdsAsync(HttpClient pages) =>
        [.. Rows(await pages.GetStringAsync("/oversikt?definisjon=fremtidens-kulturskole")).Select(r => r.Id)];

    private Task<int> MarkCompletedAsync(Guid programme) => app.WithDbAsync(async db =>
    {
        var row = await db.Programmes.SingleAsync(p => p.Id == programme);
        foreach (var stage in row.State.Stages)
        {
            stage.Status = Workflow.Engine.StageStatus.Completed;
        }

        row.State.Status = ProgrammeStatus.Completed;
        row.State.CompletedOn = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        row.Status = ProgrammeStatus.Completed;
        db.Entry(row).Property(p => p.State).IsModified = true;
        return await db.SaveChangesAsync();
    });

    private sealed record Row(Guid Id, string[] Cells);

    private static List<Row> Rows(string html)
    {
        var start = html.IndexOf("<tbody>", StringComparison.Ordinal);
        var body = html[start..html.IndexOf("</tbody>", start, StringComparison.Ordinal)];
        return [.. RowPattern().Matches(body).Select(m => new Row(
            Guid.Parse(RowId().Match(m.Value).Groups[1].Value),
            [.. CellPattern().Matches(m.Value).Select(c => WebUtility.HtmlDecode(Tags().Replace(c.Groups[1].Value, "")).Trim())]))];
    }

    [GeneratedRegex(@"<li><strong>(\d+)</strong>\s*([^<]+)</li>")]
    private static partial Regex CardItem();

    [GeneratedRegex(@"<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"href=""/deltaker/([0-9a-f-]{36})""")]
    private static partial Regex RowId();

    [GeneratedRegex(@"<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tags();
}
