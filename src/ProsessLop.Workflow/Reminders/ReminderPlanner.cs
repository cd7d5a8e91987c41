using System.Text.Json.Serialization;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Reminders;

[JsonConverter(typeof(CamelCaseEnumConverter<ReminderKind>))]
public enum ReminderKind { Before, After, Repeat, Escalation }

// One reminder for one deadline. RuleKey with the deadline identifies it for good: the host
// records (programme, item, rule, deadline) once, so a retried or parallel run never repeats it.
public sealed record ReminderOccurrence(ReminderKind Kind, int DaysFromDue, DateOnly SendOn)
{
    public string RuleKey => Kind switch
    {
        ReminderKind.Before => $"before-{-DaysFromDue}",
        ReminderKind.After => $"after-{DaysFromDue}",
        ReminderKind.Repeat => $"repeat-{DaysFromDue}",
        _ => "escalation",
    };
}

// When the reminders for a deadline go out, by the definition's policy: on Norwegian working
// days, never in the definition's pauses. Reminders before a deadline move earlier (so they still
// come before it); reminders after it move later.
public static class ReminderPlanner
{
    // How far back a run looks for a reminder it may have missed (a day the job did not run).
    public const int CatchUpDays = 3;

    public static IReadOnlyList<ReminderOccurrence> Occurrences(ReminderPolicy policy, DateOnly due, WorkingDayCalendar calendar, DateOnly until)
    {
        var occurrences = new List<ReminderOccurrence>();
        foreach (var days in policy.DaysBefore.Where(d => d > 0).Distinct())
        {
            var sendOn = calendar.AdjustBackward(due.AddDays(-days));
            if (sendOn < due)
            {
                occurrences.Add(new(ReminderKind.Before, -days, sendOn));
            }
        }

        foreach (var days in policy.DaysAfter.Where(d => d > 0).Distinct())
        {
            occurrences.Add(new(ReminderKind.After, days, calendar.Adjust(due.AddDays(days))));
        }

        if (policy.RepeatEveryDays > 0)
        {
            var first = (policy.DaysAfter.Count > 0 ? policy.DaysAfter.Max() : 0) + policy.RepeatEveryDays;
            for (var (days, n) = (first, 0); due.AddDays(days) <= until && n < policy.RepeatLimit; days += policy.RepeatEveryDays, n++)
            {
                occurrences.Add(new(ReminderKind.Repeat, days, calendar.Adjust(due.AddDays(days))));
            }
        }

        if (policy.EscalateAfterDays > 0)
        {
            // "More than N days late": the day after the Nth.
            occurrences.Add(new(ReminderKind.Escalation, policy.EscalateAfterDays + 1, calendar.Adjust(due.AddDays(policy.EscalateAfterDays + 1))));
        }

        // Holidays can push two reminders onto one day: people get one, the one nearest the deadline.
        return occurrences
            .GroupBy(o => (o.SendOn, o.Kind == ReminderKind.Escalation))
            .Select(g => g.OrderBy(o => Math.Abs(o.DaysFromDue)).First())
            .OrderBy(o => o.SendOn)
            .ToList();
    }

    // What to send today for an open item: the latest ordinary reminder that fell due in the
    // last few days (older missed ones are stale once a newer one is due) and the escalation if
    // it fell due in that window.
    public static IReadOnlyList<ReminderOccurrence> DueOn(ReminderPolicy policy, DateOnly due, DateOnly today, WorkingDayCalendar calendar)
    {
        if (!WorkingDayCalendar.IsWorkingDay(today) || calendar.PauseEndContaining(today) is not null)
        {
            return [];
        }

        var window = Occurrences(policy, due, calendar, today)
            .Where(o => o.SendOn <= today && o.SendOn >= today.AddDays(-CatchUpDays))
            .ToList();
        var latest = window.Where(o => o.Kind != ReminderKind.Escalation).OrderBy(o => o.SendOn).ThenBy(o => o.DaysFromDue).LastOrDefault();
        var escalation = window.FirstOrDefault(o => o.Kind == ReminderKind.Escalation);
        return new[] { latest, escalation }.OfType<ReminderOccurrence>().ToList();
    }

    // How many days before a deadline the earliest reminder of any policy can come.
    public static int Lookahead(ReminderPolicy policy) => policy.DaysBefore.Count > 0 ? policy.DaysBefore.Max() : 0;

    // The latest deadline a reminder may be due for today. Past the policy's longest horizon when
    // a pause or holidays lie in between: a reminder for 2 August is sent before the July pause.
    public static DateOnly Horizon(ReminderPolicy policy, WorkingDayCalendar calendar, DateOnly today)
    {
        var lookahead = Lookahead(policy);
        var horizon = today.AddDays(lookahead);
        if (lookahead == 0)
        {
            return horizon;
        }

        // The earliest reminder of a deadline moves back monotonically with it, so this ends.
        while (calendar.AdjustBackward(horizon.AddDays(1 - lookahead)) <= today)
        {
            horizon = horizon.AddDays(1);
        }

        return horizon;
    }
}
