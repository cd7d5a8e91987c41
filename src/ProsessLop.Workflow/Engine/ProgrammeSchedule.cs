using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Engine;

// A region groups municipalities by kommunenummer; a municipality lists its own number.
public sealed record Participant(ParticipantKind Kind, string Id, string Name, IReadOnlyList<string> MunicipalityNumbers);

public sealed record ProgrammeSchedule(
    string DefinitionKey,
    int DefinitionVersion,
    Participant Participant,
    DateOnly StartDate,
    IReadOnlyList<ScheduledStage> Stages);

public sealed record ScheduledStage(int Index, string Key, string Name, DateOnly PlannedStart, DateOnly PlannedEnd, IReadOnlyList<ScheduledTask> Tasks, IReadOnlyList<ScheduledReport> Reports);

// NominalDue is the offset date before moving to a working day; Due is what people see.
public sealed record ScheduledTask(string Key, string Name, bool Required, ResponsibleRole ResponsibleRole, DateOnly NominalDue, DateOnly Due);

// One row per occurrence: a recurring report yields "statusrapport#1", "statusrapport#2", ...
public sealed record ScheduledReport(string Key, string ReportKey, string Name, int Occurrence, bool RequiresApproval, DateOnly NominalDue, DateOnly Due);

// Turns a definition version into dates for one participant. Stage and deadline dates are planned
// from the programme start (week 0, the opening gathering), independent of when gates are
// actually passed, so everyone in a cohort shares the same calendar.
public static class ProgrammeScheduler
{
    public static ProgrammeSchedule Create(ProgrammeDefinition definition, Participant participant, DateOnly start) =>
        Create(definition, participant, start, new WorkingDayCalendar(definition.Pauses));

    // The calendar must be the definition's (its pauses); given when one calendar serves many starts.
    internal static ProgrammeSchedule Create(ProgrammeDefinition definition, Participant participant, DateOnly start, WorkingDayCalendar calendar)
    {
        if (!definition.Accepts(participant.Kind))
        {
            throw new ArgumentException($"Definition '{definition.Key}' v{definition.Version} does not take participants of kind {participant.Kind}.", nameof(participant));
        }
        var stages = definition.Stages.Select((stage, index) => new ScheduledStage(
            index,
            stage.Key,
            stage.Name,
            start.AddDays(stage.StartWeek * 7),
            start.AddDays(stage.EndWeek * 7),
            [.. stage.Tasks.Select(task => Task(task, stage, start, calendar))],
            [.. stage.Reports.SelectMany(report => Occurrences(report, stage, start, calendar))]));
        return new(definition.Key, definition.Version, participant, start, [.. stages]);
    }

    private static ScheduledTask Task(TaskDefinition task, StageDefinition stage, DateOnly start, WorkingDayCalendar calendar)
    {
        var nominal = start.AddDays(ScheduleMath.DeadlineDay(stage, task.Deadline ?? new Deadline()));
        return new(task.Key, task.Name, task.Required, task.ResponsibleRole, nominal, Due(nominal, start, calendar));
    }

    // Where a nominal date lands. Work planned before the start is preparation for it: a pause
    // (or a holiday) that would push it onto or past the start moves it back to the last
    // working day before the pause instead, so it is never due after what it prepares.
    private static DateOnly Due(DateOnly nominal, DateOnly start, WorkingDayCalendar calendar)
    {
        var due = calendar.Adjust(nominal);
        return nominal < start && due >= start ? calendar.AdjustBackward(nominal) : due;
    }

    private static IEnumerable<ScheduledReport> Occurrences(ReportDefinition report, StageDefinition stage, DateOnly start, WorkingDayCalendar calendar)
    {
        if (report.Recurrence is not { } recurrence)
        {
            var nominal = start.AddDays(ScheduleMath.DeadlineDay(stage, report.Deadline ?? new Deadline()));
            yield return new(report.Key, report.Key, report.Name, 1, report.RequiresApproval, nominal, Due(nominal, start, calendar));
            yield break;
        }
        // Occurrences that a pause pushes onto the same day are one report, not two due at once:
        // the later ones are dropped and the numbering stays without gaps (1, 2, 3, ...).
        var occurrence = 0;
        var dues = new HashSet<DateOnly>();
        foreach (var day in ScheduleMath.RecurrenceOffsets(stage, recurrence))
        {
            var nominal = start.AddDays(day);
            var due = Due(nominal, start, calendar);
            if (!dues.Add(due))
            {
                continue;
            }
            occurrence++;
            yield return new($"{report.Key}#{occurrence}", report.Key, $"{report.Name} {occurrence}", occurrence, report.RequiresApproval, nominal, due);
        }
    }
}
