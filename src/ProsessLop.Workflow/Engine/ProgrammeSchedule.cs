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
    public static ProgrammeSchedule Create(ProgrammeDefinition definition, Participant participant, DateOnly start)
    {
        if (!definition.Accepts(participant.Kind))
        {
            throw new ArgumentException($"Definition '{definition.Key}' v{definition.Version} does not take participants of kind {participant.Kind}.", nameof(participant));
        }
        var calendar = new WorkingDayCalendar(definition.Pauses);
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
        return new(task.Key, task.Name, task.Required, task.ResponsibleRole, nominal, calendar.Adjust(nominal));
    }

    private static IEnumerable<ScheduledReport> Occurrences(ReportDefinition report, StageDefinition stage, DateOnly start, WorkingDayCalendar calendar)
    {
        if (report.Recurrence is not { } recurrence)
        {
            var nominal = start.AddDays(ScheduleMath.DeadlineDay(stage, report.Deadline ?? new Deadline()));
            yield return new(report.Key, report.Key, report.Name, 1, report.RequiresApproval, nominal, calendar.Adjust(nominal));
            yield break;
        }
        var occurrence = 0;
        foreach (var day in ScheduleMath.RecurrenceOffsets(stage, recurrence))
        {
            occurrence++;
            var nominal = start.AddDays(day);
            yield return new($"{report.Key}#{occurrence}", report.Key, $"{report.Name} {occurrence}", occurrence, report.RequiresApproval, nominal, calendar.Adjust(nominal));
        }
    }
}
