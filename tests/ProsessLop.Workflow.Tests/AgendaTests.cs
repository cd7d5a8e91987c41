using ProsessLop.Workflow.Engine;

namespace ProsessLop.Workflow.Tests;

public class AgendaTests
{
    // «Neste frist» of a late programme is the next deadline still ahead; the past ones are
    // overdue, and the derived column (NextDue) keeps them for the sweep and the overdue filter.
    [Fact]
    public void The_next_upcoming_deadline_of_a_late_programme_is_not_in_the_past()
    {
        var definition = Repo.Kulturskole;
        var state = ProgrammeState.Start(ProgrammeScheduler.Create(definition, Participants.Municipality, new DateOnly(2026, 8, 31)));
        var dues = state.Tasks.Select(t => t.Due).Concat(state.Reports.Select(r => r.Due)).Distinct().Order().ToList();
        var today = dues[0].AddDays(1);

        var agenda = Agenda.Of(definition, state, today);

        Assert.Contains(agenda.Items, i => i.Overdue);
        Assert.Equal(dues[0], agenda.NextDue);
        Assert.Equal(dues.First(d => d >= today), agenda.NextUpcoming);

        // A deadline today is still ahead: it can be met.
        Assert.Equal(dues[1], Agenda.Of(definition, state, dues[1]).NextUpcoming);
    }
}

// The core's reasons speak the one vocabulary: withdrawn is «Trukket fra programmet», a task not
// started is «ikke startet», a report is «levert».
public class VocabularyTests
{
    private static readonly DateOnly Start = new(2026, 8, 31);

    [Fact]
    public void A_withdrawn_programmes_reason_says_trukket_fra_programmet()
    {
        var engine = new ProgrammeEngine(Repo.Network, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 8, 5, 8, 0, 0, TimeSpan.Zero)));
        var state = ProgrammeState.Start(ProgrammeScheduler.Create(Repo.Network, Participants.Region, Start));
        Assert.True(engine.Apply(state, new ProgrammeAction(ActionKind.WithdrawProgramme, "", "Kommunen har ikke kapasitet")).Allowed);

        var reason = Assert.Single(DerivedStatus.Evaluate(Repo.Network, state, engine.Today).Reasons);
        Assert.Equal("Trukket fra programmet 05.08.2026: Kommunen har ikke kapasitet", reason.Text);
    }

    [Fact]
    public void Reasons_say_a_task_is_not_started_and_a_report_not_delivered()
    {
        var definition = Repo.Kulturskole;
        var state = ProgrammeState.Start(ProgrammeScheduler.Create(definition, Participants.Municipality, Start));
        var firstTask = state.Tasks.Where(t => t.Required).Min(t => t.Due);
        var soon = DerivedStatus.Evaluate(definition, state, firstTask.AddDays(-1)).Reasons;
        Assert.Contains(soon, r => r.Code == "task-due-soon" && r.Text.EndsWith("og er ikke startet.", StringComparison.Ordinal));

        var lateReport = state.Reports.Min(r => r.Due).AddDays(1);
        var late = DerivedStatus.Evaluate(definition, state, lateReport).Reasons;
        Assert.Contains(late, r => r.Code == "report-late" && r.Text.EndsWith("og er ikke levert.", StringComparison.Ordinal));
        Assert.DoesNotContain(late.Concat(soon), r => r.Text.Contains("påbegynt", StringComparison.Ordinal) || (r.Code.StartsWith("report", StringComparison.Ordinal) && r.Text.Contains("fullført", StringComparison.Ordinal)));
    }
}
