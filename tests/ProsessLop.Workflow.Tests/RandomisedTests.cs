using Microsoft.Extensions.Time.Testing;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Workflow.Tests;

public class RandomisedTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Any_sequence_of_allowed_actions_keeps_the_programme_consistent(int seed)
    {
        var random = new Random(seed);
        var definition = seed % 2 == 0 ? Repo.Kulturskole : Repo.Network;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));
        var engine = new ProgrammeEngine(definition, clock);
        var state = ProgrammeState.Start(ProgrammeScheduler.Create(definition, Participants.Municipality, new DateOnly(2026, 8, 31)));
        var applied = 0;

        for (var step = 0; step < 400; step++)
        {
            clock.Advance(TimeSpan.FromDays(random.Next(0, 3)));
            var allowed = engine.Actions(state).Where(a => a.Allowed && (a.Action.Kind != ActionKind.WithdrawProgramme || random.Next(50) == 0)).ToList();
            if (allowed.Count == 0)
            {
                break;
            }
            var pick = allowed[random.Next(allowed.Count)].Action;
            Assert.True(engine.Apply(state, pick).Allowed);
            applied++;
            AssertConsistent(engine, state);
        }
        Assert.True(applied > 0);
    }

    private static void AssertConsistent(ProgrammeEngine engine, ProgrammeState state)
    {
        var current = state.CurrentStageIndex;
        for (var i = 0; i < state.Stages.Count; i++)
        {
            var expected = i < current ? StageStatus.Completed
                : i > current ? StageStatus.Locked
                : state.Status == ProgrammeStatus.Completed ? StageStatus.Completed
                : StageStatus.Active;
            Assert.Equal(expected, state.Stages[i].Status);
        }
        Assert.All(state.Tasks, t => Assert.Equal(t.IsFinished, t.CompletedOn is not null));
        Assert.All(state.Reports, r => Assert.True(r.Status == ReportStatus.Draft || r.SubmittedOn is not null));
        Assert.All(state.Reports.Where(r => r.Status == ReportStatus.Approved), r => Assert.True(r.RequiresApproval));
        var health = engine.DeriveStatus(state);
        if (state.Status == ProgrammeStatus.Withdrawn)
        {
            Assert.Equal(Health.Withdrawn, health.Status);
            Assert.NotNull(state.WithdrawalReason);
            Assert.DoesNotContain(engine.Actions(state), a => a.Allowed);
        }
        if (state.Status == ProgrammeStatus.Completed)
        {
            Assert.Equal(Health.Done, health.Status);
        }
    }
}
