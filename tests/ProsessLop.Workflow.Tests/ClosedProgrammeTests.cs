using Microsoft.Extensions.Time.Testing;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Workflow.Tests;

// What a programme accepts once it is no longer active: the one rule every command asks.
public class ClosedProgrammeTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 8, 5, 8, 0, 0, TimeSpan.Zero));
    private readonly ProgrammeEngine _engine;
    private readonly ProgrammeState _state;

    public ClosedProgrammeTests()
    {
        _engine = new ProgrammeEngine(Repo.Network, _clock);
        _state = ProgrammeState.Start(ProgrammeScheduler.Create(Repo.Network, Participants.Region, new DateOnly(2026, 8, 31)));
    }

    private static readonly ActionKind[] Progress =
        [ActionKind.CompleteTask, ActionKind.SubmitReport, ActionKind.ApproveReport, ActionKind.RecordOwnerDecision, ActionKind.CompleteStage];

    // The real way to the end: every stage's work done, its gate passed, the last stage left.
    private void CompleteProgramme()
    {
        for (var step = 0; _state.Status == ProgrammeStatus.Active; step++)
        {
            Assert.True(step < 500, "The programme did not reach its end.");
            var next = _engine.Actions(_state).Where(a => a.Allowed && Progress.Contains(a.Action.Kind))
                .OrderBy(a => a.Action.Kind == ActionKind.CompleteStage).First();
            Assert.True(_engine.Apply(_state, next.Action with { Note = "Godkjent" }).Allowed);
        }
    }

    [Fact]
    public void Active_programme_accepts_every_kind_of_work()
    {
        Assert.All(Enum.GetValues<ProgrammeWork>(), work => Assert.True(_engine.Accepts(_state, work), work.ToString()));
    }

    [Fact]
    public void Completed_programme_accepts_learning_and_nothing_else()
    {
        _clock.SetUtcNow(new DateTimeOffset(2027, 6, 15, 10, 0, 0, TimeSpan.Zero));
        CompleteProgramme();

        Assert.True(_engine.Accepts(_state, ProgrammeWork.Learning));
        foreach (var work in Enum.GetValues<ProgrammeWork>().Where(w => w != ProgrammeWork.Learning))
        {
            var refusal = _engine.Refusal(_state, work);
            Assert.NotNull(refusal);
            Assert.Equal("programme-completed", refusal.Code);
            Assert.Equal("Programmet ble fullført 15.06.2027; etter slutt kan dere bare skrive inn læring.", refusal.Text);
        }
    }

    [Fact]
    public void Withdrawn_programme_accepts_nothing_and_says_when_it_was_withdrawn()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.Zero));
        Assert.True(_engine.Apply(_state, new ProgrammeAction(ActionKind.WithdrawProgramme, "", "Kommunen har ikke kapasitet")).Allowed);

        foreach (var work in Enum.GetValues<ProgrammeWork>())
        {
            Assert.False(_engine.Accepts(_state, work), work.ToString());
            Assert.Equal(new StatusReason("programme-withdrawn", "Programmet ble trukket 01.10.2026 og tar ikke imot flere endringer."), _engine.Refusal(_state, work));
        }
    }

    [Fact]
    public void Life_cycle_steps_on_a_closed_programme_are_refused_for_the_same_reason()
    {
        Assert.True(_engine.Apply(_state, new ProgrammeAction(ActionKind.WithdrawProgramme, "", "Kommunen har ikke kapasitet")).Allowed);

        var check = _engine.Check(_state, new ProgrammeAction(ActionKind.StartTask, "utpeke-kontaktperson"));

        Assert.False(check.Allowed);
        Assert.Equal([_engine.Refusal(_state, ProgrammeWork.Action)!], check.Blockers);
    }
}
