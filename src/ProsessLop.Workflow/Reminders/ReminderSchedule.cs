using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Workflow.Reminders;

// An open deadline as the sweep needs it: what ReminderCandidate holds apart from the assignee,
// which the host reads from its own table.
public sealed record ReminderItem(string Key, string Name, bool IsTask, DateOnly Due)
{
    public ReminderCandidate Candidate(Guid? assignee) => new(Key, Name, IsTask, Due, assignee);
}

// What the host keeps beside a programme so the sweep can ask the database for exactly the
// programmes that may have a reminder today, without reading their state documents: the
// reminder candidates of the agenda (Items) and every day the definition's policy can send a
// reminder for any of them (Dates: before, after, repeats up to the policy's limit, escalation,
// on the working-day calendar with the definition's pauses).
//
// Only a preselection: ReminderPlan still decides. It never misses a programme the plan would
// remind about because a reminder is due today only if one of its occurrences fell in the
// catch-up window [today - CatchUpDays, today] (ReminderPlanner.DueOn), and every occurrence's
// day is in Dates. The candidates do not depend on the date (the agenda's date only marks items
// overdue or due soon), and the dates depend only on the deadlines, the policy and the
// calendar, so the schedule changes only when the state or the definition version does — when
// the commands rederive the columns anyway — and needs no advancing by the sweep: a day the sweep
// did not run is caught up by the window, as before.
public sealed record ReminderSchedule(IReadOnlyList<ReminderItem> Items, IReadOnlyList<DateOnly> Dates)
{
    public static readonly ReminderSchedule None = new([], []);

    public static ReminderSchedule Of(Agenda agenda)
    {
        if (agenda.Definition.Reminders is not { } policy)
        {
            return None;
        }

        var memo = Memos.GetValue(agenda.Definition, definition => new SendDaysMemo(policy, new WorkingDayCalendar(definition.Pauses)));
        var items = agenda.ReminderCandidates
            .Select(i => new ReminderItem(i.Key, i.Name, i.Kind == AgendaKind.Task, i.Due))
            .ToList();
        var dates = items.Select(i => i.Due).Distinct()
            .SelectMany(memo.Of)
            .Distinct()
            .Order()
            .ToList();
        return new(items, dates);
    }

    // Every command derives the schedule again (Programme.RederiveColumns), and generating each
    // deadline's send days on the working-day calendar was ~5 % of the host's CPU per command
    // (bench/README.md, issue 15, session 9). They depend only on the definition (its policy and
    // pauses) and the deadline, so each definition version, immutable and shared by all its
    // programmes, keeps them by deadline for as long as it lives. A plain calendar (not
    // WorkingDayCalendar.Remembering) is safe to share between threads.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ProgrammeDefinition, SendDaysMemo> Memos = new();

    private sealed class SendDaysMemo(ReminderPolicy policy, WorkingDayCalendar calendar)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, DateOnly[]> byDue = new();

        public DateOnly[] Of(DateOnly due) => byDue.GetOrAdd(due, d => [.. SendDates(policy, d, calendar)]);
    }

    // Every day a reminder for this deadline can go out. Repeats are bounded by the policy's
    // RepeatLimit, so "until" can be left open: the plan for any later day holds a prefix of them.
    public static IEnumerable<DateOnly> SendDates(ReminderPolicy policy, DateOnly due, WorkingDayCalendar calendar) =>
        ReminderPlanner.Occurrences(policy, due, calendar, DateOnly.MaxValue).Select(o => o.SendOn);

    // The days whose reminders a sweep today still sends: ReminderPlanner.DueOn's catch-up window.
    public static IReadOnlyList<DateOnly> Window(DateOnly today) =>
        [.. Enumerable.Range(0, ReminderPlanner.CatchUpDays + 1).Select(d => today.AddDays(-d))];

    public bool MayRemindOn(DateOnly today) => Window(today).Any(Dates.Contains);
}

// Which deadlines of one definition can have a reminder in today's catch-up window. The sweep
// hands ReminderPlan only those items: for any other, DueOn is empty by the argument above, so the
// plan is the same while its work is the due items', not every open item's of every preselected
// programme (at 1,000,000 open tasks about 16 items per programme, a fraction of them due).
// Memoised by deadline: a sweep sees a few hundred distinct deadlines across all programmes.
public sealed class ReminderWindow(ReminderPolicy policy, WorkingDayCalendar calendar, DateOnly today)
{
    private readonly IReadOnlyList<DateOnly> days = ReminderSchedule.Window(today);
    private readonly Dictionary<DateOnly, bool> fires = [];

    // Every deadline that may fire today, so the database can hand over only those items. A
    // reminder before a deadline comes no earlier than the policy's horizon allows
    // (ReminderPlanner.Horizon); one after it at most the policy's longest reach (after, the last
    // repeat, escalation) plus what the calendar adds by moving it past holidays and pauses, which
    // two years cover (a pause lies within one year).
    public IReadOnlyList<DateOnly> FiringDeadlines()
    {
        var reach = new[]
        {
            policy.DaysAfter.DefaultIfEmpty(0).Max() + policy.RepeatEveryDays * Math.Max(policy.RepeatLimit, 0),
            policy.EscalateAfterDays + 1,
        }.Max();
        var firing = new List<DateOnly>();
        for (var due = today.AddDays(-reach - 2 * 366); due <= ReminderPlanner.Horizon(policy, calendar, today); due = due.AddDays(1))
        {
            if (MayRemind(due))
            {
                firing.Add(due);
            }
        }

        return firing;
    }

    public bool MayRemind(DateOnly due)
    {
        if (!fires.TryGetValue(due, out var fire))
        {
            fire = ReminderSchedule.SendDates(policy, due, calendar).Any(days.Contains);
            fires[due] = fire;
        }

        return fire;
    }
}
