using System.Net.Http.Json;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Tests.StatusReports;

/// Moves the host's clock weeks ahead, so it has a host of its own (tokens stop working after).
public sealed class StatusComparisonTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private async Task<StatusReportView> CompileAsync()
    {
        var result = await app.SendAsync<Result<StatusReportView>>(new CompileStatus(ProgrammeSteps.DefaultDefinition));
        Assert.True(result.Succeeded, result.Error?.Detail);
        return result.Value!;
    }

    [Fact]
    public async Task Comparing_TwoCompilations_ReportsWhatChanged()
    {
        var scenario = await StatusScenario.ArrangeAsync(app);
        var before = await CompileAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var owner = app.ClientAs(Roles.Owner);
        var review = scenario.AwaitingReview;
        await StatusScenario.AssertOk(owner.PostAsync($"/api/programmes/{review}/reports/forankringsnotat/approve", null));
        await StatusScenario.AssertOk(owner.PostAsJsonAsync($"/api/programmes/{review}/stages/forankring/decision", new { note = "Godt forankret." }));
        await StatusScenario.AssertOk(owner.PostAsync($"/api/programmes/{review}/stages/forankring/complete", null));
        await StatusScenario.WithdrawAsync(app, scenario.ToWithdraw);
        await StatusScenario.AssertOk(app.ClientAs(Roles.Coordinator, StatusScenario.NotStartedMunicipality).PostAsJsonAsync(
            $"/api/programmes/{scenario.NotStarted}/learning",
            new { stageKey = "forankring", whatWeTried = "Dialogmøte med politikerne", whatWeLearned = "Tidlig forankring sparer tid", adviceToOthers = "Start tidlig" }));
        var newcomer = await app.StartAsync("1820"); // Alstahaug

        // Five weeks on, the not-started programme's first deadline has passed.
        app.Clock.Advance(TimeSpan.FromDays(35));
        var after = await CompileAsync();
        var result = await app.SendAsync<Result<StatusComparison>>(new CompareStatusReports(after.Id, before.Id));
        Assert.True(result.Succeeded, result.Error?.Detail);
        var changes = result.Value!;

        var move = Assert.Single(changes.StageMoves);
        Assert.Equal((review, "forankring", "kartlegging"), (move.ProgrammeId, move.From, move.To));
        Assert.Contains(changes.NewlyDelivered, d => d.ProgrammeId == review && d.Key == "forankringsnotat" && d.Status == "approved");
        Assert.Equal([scenario.ToWithdraw], changes.NewlyWithdrawn.Select(w => w.ProgrammeId));
        Assert.Contains(changes.NewlyLate, l => l.ProgrammeId == scenario.NotStarted && l.Kind == "task" && l.Key == "utpeke-kontaktperson");
        Assert.DoesNotContain(changes.NewlyLate, l => l.ProgrammeId == scenario.Late && l.Key == "utpeke-kontaktperson");
        Assert.Contains(changes.HealthChanges, h => h.ProgrammeId == scenario.NotStarted && h.From == Health.NotStarted && h.To == Health.Late);
        Assert.Contains(changes.HealthChanges, h => h.ProgrammeId == scenario.ToWithdraw && h.To == Health.Withdrawn);
        Assert.Equal([newcomer], changes.NewProgrammes.Select(p => p.ProgrammeId));

        // Learning is "new" once: in the compilation after it was written.
        Assert.Empty(before.Content.NewLearning);
        var learning = Assert.Single(after.Content.NewLearning);
        Assert.Equal(scenario.NotStarted, learning.ProgrammeId);
        Assert.Equal(1, after.Content.Totals.NewLearningEntries);
        Assert.Equal(before.Id, after.Content.PreviousSnapshotId);
        Assert.Empty((await CompileAsync()).Content.NewLearning);

        var backwards = await app.SendAsync<Result<StatusComparison>>(new CompareStatusReports(before.Id, after.Id));
        Assert.Empty(backwards.Value!.NewlyWithdrawn);
    }
}
