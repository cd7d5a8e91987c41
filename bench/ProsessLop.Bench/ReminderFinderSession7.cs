using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Bench;

/// The handler's `ReminderFinder` as it was at the end of session 7 (i12-growth, `013cd4a`):
/// the participants' contacts read as whole EF entities. `reminder-due` times it beside today's
/// finder, alternating, as the end-to-end baseline (bench/README.md, "Session 7, second round").
internal static class ReminderFinderSession7
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

        var participantIds = programmes.Select(p => p.Programme.ParticipantId).Distinct().ToList();
        var contacts = await db.ContactPersons.AsNoTracking()
            .Where(c => participantIds.Contains(c.ParticipantId) && c.ErasedAt == null)
            .ToListAsync(ct);
        // By participant: scanning every contact for every programme grew with the square of the
        // participants (~11.6 billion comparisons at 96,000 candidate programmes; bench/README.md, "Growth").
        var contactsOf = contacts.ToLookup(c => c.ParticipantId, StringComparer.Ordinal);
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
        foreach (var (programme, definition, policy, items) in programmes)
        {
            var people = contactsOf[programme.ParticipantId]
                .Select(c => new ReminderContact(c.Id, c.Name, c.Email, c.UserSubject, c.IsCoordinator))
                .ToList();
            var candidates = items
                .Select(i => i.Candidate(i.IsTask ? AssigneeOf(programme, i.Key) : null))
                .ToList();
            // escalateTo's organisations; the owners when none of those has an address, so an
            // escalation never reaches nobody while someone could be told (start-up warns about it).
            var escalation = email.For(policy.EscalationRecipients(definition.Owners)) is { Count: > 0 } named
                ? named
                : email.For(definition.Owners);
            escalationAddresses.UnionWith(escalation);
            sweep.Add(new ReminderProgramme(programme.Id, programme.ParticipantName, policy, calendars[(definition.Key, definition.Version)], candidates, people, escalation));
        }

        var plan = ReminderPlanSession8.For(sweep, today);
        var participantOf = programmes.ToDictionary(p => p.Programme.Id, p => p.Programme.ParticipantId);
        GC.KeepAlive(participantOf);
        return (plan, contacts.Count, programmes.Count);
    }
}

