using ProsessLop.Workflow.Calendar;

namespace ProsessLop.Workflow.Engine;

/// Many deadlines for one participant on one day, or in one ISO week.
public sealed record PileUp(DateOnly Day, bool WholeWeek, IReadOnlyList<string> Names)
{
    public int Week => NorwegianDates.Week(Day);
}

/// Pile-ups in one participant's schedule: what the calendar preview warns about for a start date
/// (the validator's schedule warnings look for the same pile-ups over many start dates).
public static class SchedulePileUps
{
    /// This many deadlines on one day is a pile-up.
    public const int PerDay = 4;

    /// More deadlines in one week than a working week has days.
    public const int PerWeek = 6;

    public static IReadOnlyList<PileUp> Find(ProgrammeSchedule schedule)
    {
        var items = schedule.Stages
            .SelectMany(s => s.Tasks.Select(t => (t.Name, t.Due)).Concat(s.Reports.Select(r => (r.Name, r.Due))))
            .ToList();
        var days = items.GroupBy(i => i.Due).Where(g => g.Count() >= PerDay)
            .Select(g => new PileUp(g.Key, false, g.Select(i => i.Name).ToList()));
        var weeks = items.GroupBy(i => (ISOWeekYear(i.Due), NorwegianDates.Week(i.Due))).Where(g => g.Count() >= PerWeek)
            .Select(g => new PileUp(g.Min(i => i.Due), true, g.OrderBy(i => i.Due).Select(i => i.Name).ToList()));
        return [.. days.Concat(weeks).OrderBy(p => p.Day).ThenBy(p => p.WholeWeek)];
    }

    private static int ISOWeekYear(DateOnly date) => System.Globalization.ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue));
}
