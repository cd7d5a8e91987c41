using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Calendar;

// Offsets in days from the programme start, before any working-day adjustment. Shared by the
// validator (which reasons about weeks) and the scheduler (which turns them into dates).
internal static class ScheduleMath
{
    public static int DeadlineDay(StageDefinition stage, Deadline deadline) =>
        Anchor(stage, deadline.From) + deadline.Weeks * 7 + deadline.Days;

    public static int RecurrenceStartDay(StageDefinition stage, Recurrence recurrence) =>
        Anchor(stage, recurrence.From) + recurrence.StartWeek * 7;

    public static int RecurrenceEndDay(StageDefinition stage, Recurrence recurrence) =>
        recurrence.UntilWeek is { } week ? Anchor(stage, recurrence.From) + week * 7 : stage.EndWeek * 7;

    // Callers make sure the recurrence has an end and a positive interval.
    public static List<int> RecurrenceOffsets(StageDefinition stage, Recurrence recurrence)
    {
        var offsets = new List<int>();
        var end = RecurrenceEndDay(stage, recurrence);
        for (var day = RecurrenceStartDay(stage, recurrence); day <= end; day += recurrence.EveryWeeks * 7)
        {
            offsets.Add(day);
        }
        return offsets;
    }

    private static int Anchor(StageDefinition stage, DeadlineAnchor anchor) =>
        anchor == DeadlineAnchor.StageStart ? stage.StartWeek * 7 : 0;
}
