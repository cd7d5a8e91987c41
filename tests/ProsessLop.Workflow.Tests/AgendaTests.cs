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
