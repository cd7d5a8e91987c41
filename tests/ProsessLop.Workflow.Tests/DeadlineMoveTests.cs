using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Workflow.Tests;

/// Why the calendar moved a deadline, in the words the calendar preview shows owners.
public class DeadlineMoveTests
{
    private static readonly WorkingDayCalendar NoPauses = new();

    private static ProgrammeDefinition OneStage(IReadOnlyList<PausePeriod> pauses, params (string Key, string Name, int Weeks, int Days)[] tasks) => new()
    {
        Key = "test",
        Version = 1,
        Name = "Test",
        ParticipantKinds = [ParticipantKind.Municipality],
        Pauses = pauses,
        Stages =
        [
            new StageDefinition
            {
                Key = "fase",
                Name = "Fase",
                StartWeek = 0,
                EndWeek = 10,
                Tasks = [.. tasks.Select(t => new TaskDefinition
                {
                    Key = t.Key, Name = t.Name, Deadline = new Deadline { From = DeadlineAnchor.ProgrammeStart, Weeks = t.Weeks, Days = t.Days },
                })],
            },
        ],
    };

    [Fact]
    public void Easter_2027_names_each_holiday_the_deadline_was_moved_past()
    {
        // Start Thursday 18 March 2027; a task due a week later falls on skjærtorsdag.
        var definition = OneStage([], ("plan", "Lage plan", 1, 0));
        var task = ProgrammeScheduler.Create(definition, Participants.Municipality, new DateOnly(2027, 3, 18)).Stages[0].Tasks[0];
        Assert.Equal((new DateOnly(2027, 3, 25), new DateOnly(2027, 3, 30)), (task.NominalDue, task.Due));

        var move = DeadlineMoves.Explain(new WorkingDayCalendar(definition.Pauses), task.NominalDue, task.Due)!;
        Assert.False(move.Backward);
        Assert.Equal(
        [
            new DayOff(DayOffKind.PublicHoliday, "skjærtorsdag", new(2027, 3, 25), new(2027, 3, 25)),
            new DayOff(DayOffKind.PublicHoliday, "langfredag", new(2027, 3, 26), new(2027, 3, 26)),
            new DayOff(DayOffKind.Weekend, "helg", new(2027, 3, 27), new(2027, 3, 27)),
            new DayOff(DayOffKind.PublicHoliday, "1. påskedag", new(2027, 3, 28), new(2027, 3, 28)),
            new DayOff(DayOffKind.PublicHoliday, "2. påskedag", new(2027, 3, 29), new(2027, 3, 29)),
        ], move.Reasons);
        Assert.Equal(
            "Flyttet fra torsdag 25.03.2027 til tirsdag 30.03.2027 på grunn av skjærtorsdag (25.03), langfredag (26.03), helg (27.03), 1. påskedag (28.03) og 2. påskedag (29.03).",
            move.Text);
    }

    [Fact]
    public void A_weekend_is_one_reason_and_a_shared_holiday_is_named_twice()
    {
        var saturday = DeadlineMoves.Explain(NoPauses, new DateOnly(2026, 9, 5), NoPauses.Adjust(new DateOnly(2026, 9, 5)))!;
        Assert.Equal([new DayOff(DayOffKind.Weekend, "helg", new(2026, 9, 5), new(2026, 9, 6))], saturday.Reasons);

        // 17 May 2027 is a Monday and also Whit Monday.
        var constitution = DeadlineMoves.Explain(NoPauses, new DateOnly(2027, 5, 17), NoPauses.Adjust(new DateOnly(2027, 5, 17)))!;
        Assert.Equal("2. pinsedag og 17. mai", Assert.Single(constitution.Reasons).Name);
    }

    [Fact]
    public void A_pause_from_the_definition_is_named_and_covers_the_holidays_inside_it()
    {
        var calendar = new WorkingDayCalendar([new PausePeriod { Name = "Fellesferie", From = "07-01", To = "07-31" }]);
        var move = DeadlineMoves.Explain(calendar, new DateOnly(2027, 7, 15), calendar.Adjust(new DateOnly(2027, 7, 15)))!;
        Assert.Equal(new DateOnly(2027, 8, 2), move.Due);
        Assert.Equal(
        [
            new DayOff(DayOffKind.Pause, "Fellesferie", new(2027, 7, 15), new(2027, 7, 31)),
            new DayOff(DayOffKind.Weekend, "helg", new(2027, 8, 1), new(2027, 8, 1)),
        ], move.Reasons);
        Assert.Contains("pausen «Fellesferie» (15.07–31.07)", move.Text);
    }

    [Fact]
    public void Preparation_moved_back_before_a_pause_says_so()
    {
        // Start Monday 2 August 2027; a task two weeks before the start lands in the summer pause
        // and is moved back to the last working day before it, not past the start.
        var definition = OneStage([new PausePeriod { Name = "Fellesferie", From = "07-01", To = "07-31" }], ("forbered", "Forberede", -2, 0));
        var task = ProgrammeScheduler.Create(definition, Participants.Municipality, new DateOnly(2027, 8, 2)).Stages[0].Tasks[0];
        var move = DeadlineMoves.Explain(new WorkingDayCalendar(definition.Pauses), task.NominalDue, task.Due)!;
        Assert.True(move.Backward);
        Assert.Equal(new DateOnly(2027, 6, 30), move.Due);
        Assert.Equal([new DayOff(DayOffKind.Pause, "Fellesferie", new(2027, 7, 1), new(2027, 7, 19))], move.Reasons);
        Assert.StartsWith("Flyttet tilbake fra mandag 19.07.2027 til onsdag 30.06.2027 på grunn av pausen «Fellesferie»", move.Text);
    }

    [Fact]
    public void A_deadline_on_a_working_day_did_not_move()
    {
        Assert.Null(DeadlineMoves.Explain(NoPauses, new DateOnly(2026, 9, 8), new DateOnly(2026, 9, 8)));
    }

    [Fact]
    public void Pile_ups_are_found_per_day_and_per_week()
    {
        // Start Monday 6 September 2027: four tasks on the Friday of week 1, two more that week.
        var definition = OneStage([],
            ("a", "A", 0, 4), ("b", "B", 0, 4), ("c", "C", 0, 4), ("d", "D", 0, 4), ("e", "E", 0, 1), ("f", "F", 0, 2), ("g", "G", 2, 0));
        var pileUps = SchedulePileUps.Find(ProgrammeScheduler.Create(definition, Participants.Municipality, new DateOnly(2027, 9, 6)));
        Assert.Equal(2, pileUps.Count);
        var week = pileUps.Single(p => p.WholeWeek);
        Assert.Equal((new DateOnly(2027, 9, 7), 36, 6), (week.Day, week.Week, week.Names.Count));
        var day = pileUps.Single(p => !p.WholeWeek);
        Assert.Equal((new DateOnly(2027, 9, 10), 4), (day.Day, day.Names.Count));
    }
}
