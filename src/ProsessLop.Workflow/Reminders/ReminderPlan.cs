using System.Globalization;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Reminders;

// An open item the sweep may remind about (the programme's agenda gives these): its key, the
// name people read, its deadline and the contact it is assigned to, if any.
public sealed record ReminderCandidate(string Key, string Name, bool IsTask, DateOnly Due, Guid? Assignee);

// A person of the participant a reminder can go to.
public sealed record ReminderContact(Guid Id, string Name, string Email, string? UserSubject, bool IsCoordinator);

// One programme's part of a sweep: its open items, its people, its definition's policy and
// calendar, and the addresses escalations go to (may be empty when none is configured).
public sealed record ReminderProgramme(
    Guid Id,
    string ParticipantName,
    ReminderPolicy Policy,
    WorkingDayCalendar Calendar,
    IReadOnlyList<ReminderCandidate> Candidates,
    IReadOnlyList<ReminderContact> Contacts,
    IReadOnlyList<string> EscalationAddresses);

// One reminder due today for one item, and who gets it: the participant's people (coordinators
// and the assignee) and, on escalation, the owners' addresses.
public sealed record DueReminder(
    ReminderProgramme Programme,
    ReminderCandidate Item,
    ReminderOccurrence Occurrence,
    IReadOnlyList<ReminderContact> People,
    IReadOnlyList<string> OwnerAddresses)
{
    // Nobody of the participant hears of it: owners must see that, it is never silently dropped.
    public bool NobodyToSendTo => People.Count == 0;

    public IEnumerable<string> Addresses => People.Select(p => p.Email).Concat(OwnerAddresses);
}

// Everything one person (one address) gets from one sweep, in one mail: grouped by programme.
public sealed record ReminderDigest(string Address, IReadOnlyList<DueReminder> Reminders)
{
    public IEnumerable<IGrouping<ReminderProgramme, DueReminder>> ByProgramme =>
        Reminders.GroupBy(r => r.Programme).OrderBy(g => g.Key.ParticipantName, StringComparer.Ordinal);
}

// What one sweep sends, decided without a database or a clock: the host loads the candidates,
// claims each reminder's stable key and queues the mails.
public sealed class ReminderPlan
{
    private ReminderPlan(IReadOnlyList<DueReminder> reminders) => Reminders = reminders;

    // In a fixed order (programme, item, rule), so two sweeps claim keys in the same order.
    public IReadOnlyList<DueReminder> Reminders { get; }

    public IEnumerable<DueReminder> NobodyToSendTo => Reminders.Where(r => r.NobodyToSendTo);

    public static ReminderPlan For(IEnumerable<ReminderProgramme> programmes, DateOnly today)
    {
        var reminders = new List<DueReminder>();
        // DueOn depends only on the policy, the calendar and the deadline: programmes of one
        // definition share the first two (by reference), and a sweep over 1,000,000 open tasks
        // sees ~150,000 items but a few hundred deadlines. Keyed by reference: hashing the policy
        // record per item cost more than the lookup (an equal policy that is another instance
        // only misses the memo).
        var dueOn = new Dictionary<(ReminderPolicy, WorkingDayCalendar), Dictionary<DateOnly, IReadOnlyList<ReminderOccurrence>>>(PolicyAndCalendar.Comparer);
        foreach (var programme in programmes.OrderBy(p => p.Id))
        {
            if (!dueOn.TryGetValue((programme.Policy, programme.Calendar), out var byDue))
            {
                byDue = [];
                dueOn[(programme.Policy, programme.Calendar)] = byDue;
            }

            // The participant's coordinators (with an address, once each), and the item's
            // assignee after them if it is not one of them: one list per programme shared by its
            // items that add nobody, built once, not a LINQ chain per item (~150,000 items at
            // 1,000,000 open tasks; bench/README.md, "Session 8").
            List<ReminderContact>? coordinators = null;
            var items = ByKey(programme.Candidates);
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (!byDue.TryGetValue(item.Due, out var occurrences))
                {
                    occurrences = ReminderPlanner.DueOn(programme.Policy, item.Due, today, programme.Calendar);
                    byDue[item.Due] = occurrences;
                }

                if (occurrences.Count == 0)
                {
                    continue;
                }

                coordinators ??= Coordinators(programme.Contacts);
                var people = item.Assignee is { } assignee && FirstWithId(coordinators, assignee) is null
                    && FirstWithId(programme.Contacts, assignee) is { } assigned && HasAddress(assigned)
                    ? [.. coordinators, assigned]
                    : coordinators;
                for (var o = 0; o < occurrences.Count; o++)
                {
                    var occurrence = occurrences[o];
                    var owners = occurrence.Kind == ReminderKind.Escalation ? programme.EscalationAddresses : [];
                    reminders.Add(new DueReminder(programme, item, occurrence, people, owners));
                }
            }
        }

        return new ReminderPlan(reminders);
    }

    private static bool HasAddress(ReminderContact contact) => !string.IsNullOrWhiteSpace(contact.Email);

    // The items in key order; most programmes have one or two due, which need no sort buffer.
    private static IReadOnlyList<ReminderCandidate> ByKey(IReadOnlyList<ReminderCandidate> candidates)
    {
        if (candidates.Count < 2)
        {
            return candidates;
        }

        if (candidates.Count == 2)
        {
            return string.CompareOrdinal(candidates[0].Key, candidates[1].Key) <= 0 ? candidates : [candidates[1], candidates[0]];
        }

        return [.. candidates.OrderBy(c => c.Key, StringComparer.Ordinal)];
    }

    private static List<ReminderContact> Coordinators(IReadOnlyList<ReminderContact> contacts)
    {
        var coordinators = new List<ReminderContact>(contacts.Count);
        for (var i = 0; i < contacts.Count; i++)
        {
            var contact = contacts[i];
            if (contact.IsCoordinator && HasAddress(contact) && FirstWithId(coordinators, contact.Id) is null)
            {
                coordinators.Add(contact);
            }
        }

        return coordinators;
    }

    private static ReminderContact? FirstWithId(IReadOnlyList<ReminderContact> contacts, Guid id)
    {
        // By index: no enumerator per item.
        for (var i = 0; i < contacts.Count; i++)
        {
            if (contacts[i].Id == id)
            {
                return contacts[i];
            }
        }

        return null;
    }

    private sealed class PolicyAndCalendar : IEqualityComparer<(ReminderPolicy Policy, WorkingDayCalendar Calendar)>
    {
        public static readonly PolicyAndCalendar Comparer = new();

        public bool Equals((ReminderPolicy Policy, WorkingDayCalendar Calendar) x, (ReminderPolicy Policy, WorkingDayCalendar Calendar) y) =>
            ReferenceEquals(x.Policy, y.Policy) && ReferenceEquals(x.Calendar, y.Calendar);

        public int GetHashCode((ReminderPolicy Policy, WorkingDayCalendar Calendar) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Policy), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Calendar));
    }

    // One digest per address: a coordinator of several items (or participants) gets one mail a
    // morning, not one per reminder. Give it the reminders this run has claimed.
    public static IReadOnlyList<ReminderDigest> Digests(IEnumerable<DueReminder> claimed) =>
        claimed
            .SelectMany(r => r.Addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => (Address: a.Trim(), Reminder: r)))
            .GroupBy(x => x.Address, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ReminderDigest(g.First().Address, g.Select(x => x.Reminder).Distinct().ToList()))
            .OrderBy(d => d.Address, StringComparer.OrdinalIgnoreCase)
            .ToList();

    // The time left until a deadline as people read it on the day the reminder is sent: the
    // calendar days and the working days (outside holidays and the definition's pauses) after
    // today up to and including the deadline. Never the rule's day count, which is wrong when a
    // reminder is sent early (a pause) or late (a missed run).
    public static string TimeLeft(DateOnly due, DateOnly today, WorkingDayCalendar calendar)
    {
        var days = due.DayNumber - today.DayNumber;
        if (days <= 0)
        {
            return days == 0 ? Texts.Words.DeadlineToday : Texts.Words.DeadlinePassed;
        }

        var working = 0;
        for (var d = today.AddDays(1); d <= due; d = d.AddDays(1))
        {
            if (WorkingDayCalendar.IsWorkingDay(d) && calendar.PauseEndContaining(d) is null)
            {
                working++;
            }
        }

        return Engine.Vocabulary.Format(Texts.Words.TimeLeft, days, Plural(days, Texts.Words.Day, Texts.Words.Days), working, Plural(working, Texts.Words.WorkingDay, Texts.Words.WorkingDays));
    }

    internal static string Plural(int n, string one, string many) => n == 1 ? one : many;
}
