using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Bench;

/// The handler's `ReminderFinder` as it was at the start of session 8 (main at `d821aad`, after
/// i12-sweep2), with `ReminderPlan.For` as it was then (`ReminderPlanSession8`): `reminder-due`
/// times it beside today's finder, alternating, as the end-to-end baseline (bench/README.md,
/// "Session 8").
internal static class ReminderFinderSession8
{
    public static async Task<(IReadOnlyList<DueReminder> Reminders, int Contacts, int Programmes)> FindAsync(
        ProsessDb db, IReadOnlyList<ProgrammeDefinition> definitions, Func<string, int, ProgrammeDefinition?> definitionOf,
        EmailOptions email, DateOnly today, CancellationToken ct,
        Func<ProsessDb, IEnumerable<ReminderWindow>, DateOnly, DateOnly, CancellationToken, Task<List<SweepProgramme>>>? preselect = null)
    {
        // Not-derived rows: every Active programme with a deadline within the longest reminder
        // horizon (or overdue) may have a reminder today.
        var horizon = definitions.Count == 0 ? today : definitions.Max(d => d.Reminders is { } r
            ? ReminderPlanner.Horizon(r, new WorkingDayCalendar(d.Pauses), today)
            : today);
        // One window per definition version given (definitionOf looks in the same catalogue).
        // One calendar per definition too, so the plan's memo of DueOn hits across programmes.
        var windows = new Dictionary<(string, int), ReminderWindow>();
        var calendars = new Dictionary<(string, int), WorkingDayCalendar>();
        foreach (var d in definitions.Where(d => d.Reminders is not null))
        {
            var calendar = new WorkingDayCalendar(d.Pauses);
            if (calendars.TryAdd((d.Key, d.Version), calendar))
            {
                windows[(d.Key, d.Version)] = new ReminderWindow(d.Reminders!, calendar, today);
            }
        }

        // `preselect`: the benchmark's earlier preselections, to time the whole finding before and after.
        var preselected = preselect is null
            ? await ReminderPreselection.ProgrammesAsync(db, windows.Values, today, horizon, definitionOf, ct)
            : await preselect(db, windows.Values, today, horizon, ct);
        // Each programme with the open items that may have a reminder in today's window (the
        // plan decides which do); programmes with none, or on a definition without a policy, drop out.
        var programmes = new List<(SweepProgramme Programme, ProgrammeDefinition Definition, ReminderPolicy Policy, List<ReminderItem> Items)>();
        foreach (var programme in preselected)
        {
            if (definitionOf(programme.DefinitionKey, programme.DefinitionVersion) is not { Reminders: { } policy } definition)
            {
                continue;
            }

            var items = ReminderPreselection.ItemsInWindow(programme, definition, windows[(definition.Key, definition.Version)], today);
            if (items.Count > 0)
            {
                programmes.Add((programme, definition, policy, items));
            }
        }

        var (contacts, contactsOf) = await ContactsAsync(db, [.. programmes.Select(p => p.Programme.ParticipantId).Distinct()], ct);
        // The preselection brought the due tasks' assignees; only programmes read the old way
        // (not derived yet) need theirs read here. Reading every assignment of every preselected
        // programme took seconds at 1,000,000 open tasks (bench/README.md, "Growth", session 7).
        var programmeIds = programmes.Where(p => p.Programme.Assignees is null).Select(p => p.Programme.Id).ToList();
        var assignments = programmeIds.Count == 0 ? new Dictionary<(Guid, string), Guid>() : await db.TaskAssignments.AsNoTracking()
            .Where(a => programmeIds.Contains(a.ProgrammeId))
            .ToDictionaryAsync(a => (a.ProgrammeId, a.TaskKey), a => a.ContactPersonId, ct);

        Guid? AssigneeOf(SweepProgramme programme, string key) =>
            (programme.Assignees is { } assignees ? assignees.TryGetValue(key, out var id) : assignments.TryGetValue((programme.Id, key), out id)) ? id : null;

        var sweep = new List<ReminderProgramme>();
        var escalationAddresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Per definition version, not per programme: the addresses depend on its policy and
        // owners only, and ~88,000 programmes at 1,000,000 open tasks share a few definitions.
        var escalationOf = new Dictionary<(string, int), IReadOnlyList<string>>();
        foreach (var (programme, definition, policy, items) in programmes)
        {
            var people = contactsOf.GetValueOrDefault(programme.ParticipantId) ?? [];
            var candidates = items
                .Select(i => i.Candidate(i.IsTask ? AssigneeOf(programme, i.Key) : null))
                .ToList();
            // escalateTo's organisations; the owners when none of those has an address, so an
            // escalation never reaches nobody while someone could be told (start-up warns about it).
            if (!escalationOf.TryGetValue((definition.Key, definition.Version), out var escalation))
            {
                escalation = email.For(policy.EscalationRecipients(definition.Owners)) is { Count: > 0 } named
                    ? named
                    : email.For(definition.Owners);
                escalationOf[(definition.Key, definition.Version)] = escalation;
                escalationAddresses.UnionWith(escalation);
            }

            sweep.Add(new ReminderProgramme(programme.Id, programme.ParticipantName, policy, calendars[(definition.Key, definition.Version)], candidates, people, escalation));
        }

        var plan = ReminderPlanSession8.For(sweep, today);
        GC.KeepAlive(programmes.ToDictionary(p => p.Programme.Id, p => p.Programme.ParticipantId));
        return (plan, contacts.Count, programmes.Count);
    }

    /// The participants' contacts (not erased), every one as before, but only the columns the
    /// plan and the readers need, read straight from Npgsql: whole EF entities for the ~88,000
    /// participants of a sweep at 1,000,000 open tasks cost more than the rows (bench/README.md,
    /// "Session 7, second round"). By participant: scanning every contact for every programme
    /// grew with the square of the participants (~11.6 billion comparisons at 96,000 candidate
    /// programmes; bench/README.md, "Growth"); the programmes of one participant share its list.
    public static async Task<(List<ProsessLop.Api.Infrastructure.Language.Readers.Contact> Contacts, Dictionary<string, List<ReminderContact>> ByParticipant)> ContactsAsync(
        ProsessDb db, string[] participantIds, CancellationToken ct)
    {
        var contacts = new List<ProsessLop.Api.Infrastructure.Language.Readers.Contact>();
        var byParticipant = new Dictionary<string, List<ReminderContact>>(StringComparer.Ordinal);
        if (participantIds.Length == 0)
        {
            return (contacts, byParticipant);
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT participant_id, id, name, email, user_subject, is_coordinator FROM contact_persons WHERE participant_id = ANY(@participants) AND erased_at IS NULL";
            command.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("participants", participantIds));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var participantId = reader.GetString(0);
                var (email, userSubject) = (reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
                if (!byParticipant.TryGetValue(participantId, out var people))
                {
                    people = [];
                    byParticipant[participantId] = people;
                }

                people.Add(new ReminderContact(reader.GetGuid(1), reader.GetString(2), email, userSubject, reader.GetBoolean(5)));
                contacts.Add(new ProsessLop.Api.Infrastructure.Language.Readers.Contact(email, userSubject, participantId));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return (contacts, byParticipant);
    }
}

/// `ReminderPlan.For` at `d821aad`: people per item by LINQ, one list each.
internal static class ReminderPlanSession8
{
    public static List<DueReminder> For(IEnumerable<ReminderProgramme> programmes, DateOnly today)
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

            List<ReminderContact>? coordinators = null;
            foreach (var item in programme.Candidates.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                if (!byDue.TryGetValue(item.Due, out var occurrences))
                {
                    occurrences = ReminderPlanner.DueOn(programme.Policy, item.Due, today, programme.Calendar);
                    byDue[item.Due] = occurrences;
                }

                if (occurrences.Count == 0)
                {
                    continue;
                }

                // The participant's coordinators and the item's assignee, once per item (the
                // same people for each of its occurrences).
                coordinators ??= [.. programme.Contacts.Where(c => c.IsCoordinator)];
                var people = coordinators
                    .Concat(programme.Contacts.Where(c => c.Id == item.Assignee))
                    .Where(c => !string.IsNullOrWhiteSpace(c.Email))
                    .DistinctBy(c => c.Id)
                    .ToList();
                foreach (var occurrence in occurrences)
                {
                    var owners = occurrence.Kind == ReminderKind.Escalation ? programme.EscalationAddresses : [];
                    reminders.Add(new DueReminder(programme, item, occurrence, people, owners));
                }
            }
        }

        return reminders;
    }

    private sealed class PolicyAndCalendar : IEqualityComparer<(ReminderPolicy Policy, WorkingDayCalendar Calendar)>
    {
        public static readonly PolicyAndCalendar Comparer = new();

        public bool Equals((ReminderPolicy Policy, WorkingDayCalendar Calendar) x, (ReminderPolicy Policy, WorkingDayCalendar Calendar) y) =>
            ReferenceEquals(x.Policy, y.Policy) && ReferenceEquals(x.Calendar, y.Calendar);

        public int GetHashCode((ReminderPolicy Policy, WorkingDayCalendar Calendar) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Policy), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Calendar));
    }
}
