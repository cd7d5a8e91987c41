using Hangfire;
using System.Globalization;
using System.Net;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Reminders;
using ProsessLop.Api.Infrastructure.Jobs;
using ProsessLop.Api.Infrastructure.Telemetry;

namespace ProsessLop.Api.Features.Reminders;

/// The reminder sweep: for every open task and report whose deadline the definition's policy
/// reminds about today, tell the assignee and the participant's coordinators (by e-mail through
/// the outbox, and in the app), and on escalation the policy's escalateTo organisations too. A
/// thin shell: it loads the candidates and people, the core's ReminderPlan decides what is due and
/// who gets it, and the handler claims each key and queues one digest per person.
public sealed record SendDueReminders : ICommand<ReminderRun>, IMeasured<ReminderRun>
{
    public void Measure(ReminderRun response, ProsessMetrics metrics) => metrics.RemindersPlanned(response);
}

/// NobodyToSendTo: reminders claimed today that no one of the participant received (no
/// coordinator, no assignee with an address); owners see them at GET /api/reminders/nobody-to-send-to.
public sealed record ReminderRun(int Programmes, int Reminders, int Emails, int NobodyToSendTo = 0);

public sealed class SendDueRemindersHandler(
    ProsessDb db, DefinitionRegistry registry, EmailOutbox outbox, TimeProvider clock, IOptions<EmailOptions> email,
    ILogger<SendDueRemindersHandler> logger)
    : ICommandHandler<SendDueReminders, ReminderRun>
{
    public async ValueTask<ReminderRun> Handle(SendDueReminders command, CancellationToken ct)
    {
        var today = OsloTime.Today(clock);
        // A job host learns of versions published in the studio since it started here.
        await registry.RefreshAsync(db, ct);
        var due = await ReminderFinder.FindAsync(
            db, [.. registry.All.Select(d => d.Definition)], (key, version) => registry.Find(key, version)?.Definition, email.Value, today, ct);
        var plan = due.Plan;
        var contacts = due.Contacts;
        // Each recipient reads in their own standard: their choice, else their participant's.
        var readers = await Infrastructure.Language.Readers.LoadAsync(db, contacts, due.ParticipantOf, due.EscalationAddresses, ct);
        var claimed = await ClaimAsync(plan.Reminders, ct);
        foreach (var reminder in claimed)
        {
            if (reminder.NobodyToSendTo)
            {
                // Claimed all the same (so it is listed once, not warned about every morning).
                logger.LogWarning(
                    "Reminder {Rule} for {Item} in programme {ProgrammeId} ({Participant}) has nobody to send to: the participant has no coordinator or assignee with an e-mail address",
                    reminder.Occurrence.RuleKey, reminder.Item.Key, reminder.Programme.Id, reminder.Programme.ParticipantName);
            }

            foreach (var recipient in reminder.People.Where(c => c.UserSubject is not null))
            {
                ReminderText.Line text;
                using (Infrastructure.Language.WrittenStandards.Use(readers.Of(recipient.Email, recipient.UserSubject, reminder.Programme.Id)))
                {
                    text = ReminderText.For(reminder, today, email.Value.BaseUrl);
                }

                db.Notifications.Add(new Notification
                {
                    Id = Guid.CreateVersion7(),
                    RecipientSubject = recipient.UserSubject!,
                    ProgrammeId = reminder.Programme.Id,
                    Title = text.Subject,
                    Body = text.Lead,
                    Link = text.Link,
                    CreatedAt = clock.GetUtcNow(),
                });
            }
        }

        // One mail per person per sweep, however many items and programmes it covers.
        var digests = ReminderPlan.Digests(claimed);
        foreach (var digest in digests)
        {
            outbox.Enqueue(ReminderText.Digest(digest, today, email.Value.BaseUrl, readers.Of(digest.Address, null, null)));
        }

        return new ReminderRun(due.Programmes, claimed.Count, digests.Count, claimed.Count(r => r.NobodyToSendTo));
    }

    /// Claims each reminder's stable key (programme, item, rule, deadline) first: one that
    /// another run has sent is left out, so nothing more happens for it. Every key of a digest is
    /// claimed in the same transaction as its mail. One statement for all of them, in the plan's
    /// order (two runs at once claim in the same order and wait on each other's keys, as one
    /// statement per key did): a round trip per reminder was 147,251 of them at 1,000,000 open
    /// tasks (bench/README.md, "Session 8").
    private async Task<List<DueReminder>> ClaimAsync(IReadOnlyList<DueReminder> reminders, CancellationToken ct)
    {
        if (reminders.Count == 0)
        {
            return [];
        }

        var inserted = await db.Database.SqlQuery<ClaimedKey>($"""
            INSERT INTO reminder_deliveries (programme_id, item_key, rule_key, due, send_on, sent_at, recipients)
            SELECT c.programme_id, c.item_key, c.rule_key, c.due, c.send_on, {clock.GetUtcNow()}, c.recipients
            FROM unnest({reminders.Select(r => r.Programme.Id).ToArray()}, {reminders.Select(r => r.Item.Key).ToArray()}, {reminders.Select(r => r.Occurrence.RuleKey).ToArray()},
                        {reminders.Select(r => r.Item.Due).ToArray()}, {reminders.Select(r => r.Occurrence.SendOn).ToArray()}, {reminders.Select(r => r.People.Count).ToArray()})
                 WITH ORDINALITY AS c(programme_id, item_key, rule_key, due, send_on, recipients, n)
            ORDER BY c.n
            ON CONFLICT DO NOTHING
            RETURNING programme_id, item_key, rule_key, due
            """).ToListAsync(ct);
        // Column names by the context's snake_case convention (programme_id → ProgrammeId).
        var keys = inserted.ToHashSet();
        return [.. reminders.Where(r => keys.Contains(new ClaimedKey(r.Programme.Id, r.Item.Key, r.Occurrence.RuleKey, r.Item.Due)))];
    }

    private sealed record ClaimedKey(Guid ProgrammeId, string ItemKey, string RuleKey, DateOnly Due);
}

/// Everything the sweep does before it can claim and send: the preselection, each programme's
/// items in today's window, the participants' people and the tasks' assignees, and the core's
/// plan. The handler's first half, on its own so the benchmark times exactly this
/// (`reminder-due`, bench/README.md "Growth").
public sealed record DueToday(
    ReminderPlan Plan, IReadOnlyList<Infrastructure.Language.Readers.Contact> Contacts, IReadOnlyDictionary<Guid, string> ParticipantOf,
    IReadOnlySet<string> EscalationAddresses, int Programmes);

public static class ReminderFinder
{
    /// <paramref name="preselection"/>: the query (ReminderPreselection.Query's columns); the
    /// benchmark passes earlier ones to time them beside it.
    public static async Task<DueToday> FindAsync(
        ProsessDb db, IReadOnlyList<ProgrammeDefinition> definitions, Func<string, int, ProgrammeDefinition?> definitionOf,
        EmailOptions email, DateOnly today, CancellationToken ct, string preselection = ReminderPreselection.Query)
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

        var versions = new Versions(definitionOf, windows, calendars, email);
        // Derived rows: each programme's candidates straight from the preselection's rows (its
        // item in the definition's window, named from the definition, with its assignee), with
        // no intermediate item lists or per-programme dictionaries: at 1,000,000 open tasks the
        // .NET side of the finding took longer than the query (bench/README.md, "Session 8").
        var byId = new Dictionary<Guid, Found?>();
        var found = new List<Found>();
        await ReminderPreselection.ReadAsync(db, preselection, windows.Values, today, reader =>
        {
            var id = reader.GetGuid(0);
            if (!byId.TryGetValue(id, out var programme))
            {
                // Null: a definition version this sweep does not know or without a policy; skipped.
                programme = versions.Of(reader.GetString(1), reader.GetInt32(2)) is { } version
                    ? new Found(id, reader.GetString(3), reader.GetString(4), version)
                    : null;
                byId[id] = programme;
                if (programme is not null)
                {
                    found.Add(programme);
                }
            }

            var due = reader.GetFieldValue<DateOnly>(7);
            if (programme is null || !programme.Version.Window.MayRemind(due))
            {
                return;
            }

            var isTask = reader.GetBoolean(6);
            var (key, name) = programme.Version.Names.KeyAndName(reader.GetString(5), isTask);
            programme.Candidates.Add(new ReminderCandidate(key, name, isTask, due, reader.IsDBNull(8) ? null : reader.GetGuid(8)));
        }, ct);
        found.RemoveAll(p => p.Candidates.Count == 0);
        found.AddRange(await NotDerivedAsync(db, horizon, versions, today, ct));

        var (contacts, contactsOf) = await ContactsAsync(db, [.. found.Select(p => p.ParticipantId)], ct);
        var sweep = new List<ReminderProgramme>(found.Count);
        var participantOf = new Dictionary<Guid, string>(found.Count);
        foreach (var programme in found)
        {
            var version = programme.Version;
            sweep.Add(new ReminderProgramme(programme.Id, programme.ParticipantName, version.Policy, version.Calendar, programme.Candidates,
                contactsOf.GetValueOrDefault(programme.ParticipantId) ?? [], version.Escalation));
            participantOf[programme.Id] = programme.ParticipantId;
        }

        var plan = ReminderPlan.For(sweep, today);
        return new DueToday(plan, contacts, participantOf, versions.EscalationAddresses, found.Count);
    }

    /// Not derived yet (written before the reminder columns existed, until a command or the
    /// nightly refresh derives them): their items from the state's agenda, their assignees read
    /// for these programmes only.
    private static async Task<List<Found>> NotDerivedAsync(ProsessDb db, DateOnly horizon, Versions versions, DateOnly today, CancellationToken ct)
    {
        var found = new List<Found>();
        var programmes = await ReminderPreselection.NotDerivedAsync(db, horizon, ct);
        if (programmes.Count == 0)
        {
            return found;
        }

        var programmeIds = programmes.Select(p => p.Id).ToList();
        var assignments = await db.TaskAssignments.AsNoTracking()
            .Where(a => programmeIds.Contains(a.ProgrammeId))
            .ToDictionaryAsync(a => (a.ProgrammeId, a.TaskKey), a => a.ContactPersonId, ct);
        foreach (var programme in programmes)
        {
            if (versions.Of(programme.DefinitionKey, programme.DefinitionVersion) is not { } version)
            {
                continue;
            }

            var item = new Found(programme.Id, programme.ParticipantId, programme.ParticipantName, version);
            item.Candidates.AddRange(ReminderPreselection.ItemsInWindow(programme, version.Definition, version.Window, today)
                .Select(i => i.Candidate(i.IsTask && assignments.TryGetValue((programme.Id, i.Key), out var id) ? id : null)));
            if (item.Candidates.Count > 0)
            {
                found.Add(item);
            }
        }

        return found;
    }

    /// A programme with candidates today, on a known definition version with a policy.
    private sealed record Found(Guid Id, string ParticipantId, string ParticipantName, SweepDefinition Version)
    {
        public List<ReminderCandidate> Candidates { get; } = [];
    }

    /// What the sweep needs of one definition version, once per version, not per programme:
    /// ~88,000 programmes at 1,000,000 open tasks share a few definitions.
    private sealed record SweepDefinition(
        ProgrammeDefinition Definition, ReminderPolicy Policy, WorkingDayCalendar Calendar, ReminderWindow Window,
        CandidateNames.OfVersion Names, IReadOnlyList<string> Escalation);

    private sealed class Versions(
        Func<string, int, ProgrammeDefinition?> definitionOf, Dictionary<(string, int), ReminderWindow> windows,
        Dictionary<(string, int), WorkingDayCalendar> calendars, EmailOptions email)
    {
        private readonly Dictionary<(string, int), SweepDefinition?> known = [];

        public HashSet<string> EscalationAddresses { get; } = new(StringComparer.OrdinalIgnoreCase);

        public SweepDefinition? Of(string key, int number)
        {
            if (known.TryGetValue((key, number), out var version))
            {
                return version;
            }

            // The windows hold the versions given; definitionOf looks in the same catalogue.
            version = definitionOf(key, number) is { Reminders: { } policy } definition && windows.TryGetValue((definition.Key, definition.Version), out var window)
                ? new SweepDefinition(definition, policy, calendars[(definition.Key, definition.Version)], window, new CandidateNames.OfVersion(definition),
                    // escalateTo's organisations; the owners when none of those has an address, so an
                    // escalation never reaches nobody while someone could be told (start-up warns about it).
                    email.For(policy.EscalationRecipients(definition.Owners)) is { Count: > 0 } named ? named : email.For(definition.Owners))
                : null;
            if (version is not null)
            {
                EscalationAddresses.UnionWith(version.Escalation);
            }

            known[(key, number)] = version;
            return version;
        }
    }

    /// The participants' contacts (not erased), every one as before, but only the columns the
    /// plan and the readers need, read straight from Npgsql: whole EF entities for the ~88,000
    /// participants of a sweep at 1,000,000 open tasks cost more than the rows (bench/README.md,
    /// "Session 7, second round"). By participant: scanning every contact for every programme
    /// grew with the square of the participants (~11.6 billion comparisons at 96,000 candidate
    /// programmes; bench/README.md, "Growth"); the programmes of one participant share its list.
    /// Every contact not erased, in one sequential scan, kept here only if its participant has a
    /// programme in the sweep: sending the ~88,000 participant ids as a parameter and probing the
    /// index once per id took ~0.4 s at 1,000,000 open tasks, while contact_persons holds few
    /// rows beside programmes (a participant's contacts serve all its programmes, and the sweep
    /// reads every Active programme anyway); bench/README.md, "Session 8, round 2".
    private static async Task<(List<Infrastructure.Language.Readers.Contact> Contacts, Dictionary<string, List<ReminderContact>> ByParticipant)> ContactsAsync(
        ProsessDb db, string[] participantIds, CancellationToken ct)
    {
        var contacts = new List<Infrastructure.Language.Readers.Contact>();
        var byParticipant = new Dictionary<string, List<ReminderContact>>(StringComparer.Ordinal);
        if (participantIds.Length == 0)
        {
            return (contacts, byParticipant);
        }

        // The participants of the sweep, each id once (the programmes' own string, so the kept
        // contacts share it instead of holding the row's copy).
        var wanted = new Dictionary<string, string>(participantIds.Length, StringComparer.Ordinal);
        foreach (var id in participantIds)
        {
            wanted.TryAdd(id, id);
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT participant_id, id, name, email, user_subject, is_coordinator FROM contact_persons WHERE erased_at IS NULL";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (!wanted.TryGetValue(reader.GetString(0), out var participantId))
                {
                    continue;
                }

                var (email, userSubject) = (reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
                if (!byParticipant.TryGetValue(participantId, out var people))
                {
                    people = new List<ReminderContact>(1);
                    byParticipant[participantId] = people;
                }

                people.Add(new ReminderContact(reader.GetGuid(1), reader.GetString(2), email, userSubject, reader.GetBoolean(5)));
                contacts.Add(new Infrastructure.Language.Readers.Contact(email, userSubject, participantId));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return (contacts, byParticipant);
    }
}

/// Which programmes the sweep reads (the handler, and the benchmark at 1,000,000 open tasks).
public static class ReminderPreselection
{
    /// The preselection's SQL (@window: today's catch-up days; @dues: the deadlines that may fire
    /// today): one row per such item, without its name (ItemNames.Candidate gives it from the
    /// definition by key), with its assignee from the row's copy of its assignments
    /// (Programme.AssignedTaskKeys; a join on task_assignments hashed every assignment).
    public const string Query = """
        SELECT p.id, p.definition_key, p.definition_version, p.participant_id, p.participant_name, u.key, u.is_task, u.due,
               CASE WHEN u.is_task THEN p.assigned_contact_ids[array_position(p.assigned_task_keys, u.key)] END
        FROM programmes p
        CROSS JOIN LATERAL unnest(p.reminder_dues, p.reminder_keys, p.reminder_tasks) AS u(due, key, is_task)
        WHERE p.status = 'Active' AND p.reminder_dates && @window AND u.due = ANY(@dues)
        """;

    /// The programmes that may have a reminder today, and their open deadlines. The database
    /// preselects them by the derived reminder_dates column (ReminderSchedule: every day a
    /// reminder can go out for an open deadline; GIN-indexed): only programmes with such a day in
    /// today's catch-up window, and of those only the deadlines that may fire today (the derived
    /// reminder_dues, reminder_keys, reminder_tasks), not their state documents. At 1,000,000 open
    /// tasks this replaced reading the ~81 % of Active programmes with a deadline within the
    /// reminder horizon and building each one's agenda (bench/README.md, "Issue 5's three
    /// figures"). The plan still decides what is due; the preselection only has to hold every item
    /// the plan would remind about (ReminderScheduleTests, and the benchmark compares the ways at
    /// 1,000,000 open tasks). Rows whose columns are not derived yet (written before they existed)
    /// are read the old way, so nothing is missed before the nightly refresh or a command has
    /// derived them. `definitionOf` names the items (null: the key stands in; the sweep skips
    /// programmes whose definition it does not know).
    public static async Task<List<SweepProgramme>> ProgrammesAsync(
        ProsessDb db, IEnumerable<ReminderWindow> windows, DateOnly today, DateOnly horizon, Func<string, int, ProgrammeDefinition?> definitionOf, CancellationToken ct,
        string query = Query)
    {
        // Only the items whose deadline may fire today (for any definition; the handler then
        // applies each definition's own window): the native arrays unnested side by side, each
        // detoasted once per programme, filtered by deadline. No names: at 1,000,000 open tasks
        // that is 147,251 strings fewer to send and decode, and they are the definition's anyway
        // (bench/README.md, "Growth", session 7).
        var programmes = new List<SweepProgramme>();
        var names = new CandidateNames(definitionOf);
        // One row per item, grouped here: no ORDER BY, which sorted the wide rows on disk at
        // 1,000,000 open tasks (and a parallel plan interleaves the programmes' rows). The
        // programme's own columns are read once per programme.
        var byId = new Dictionary<Guid, (List<ReminderItem> Items, Dictionary<string, Guid> Assignees, CandidateNames.OfVersion Names)>();
        await ReadAsync(db, query, windows, today, reader =>
        {
            var id = reader.GetGuid(0);
            if (!byId.TryGetValue(id, out var programme))
            {
                var (definitionKey, version) = (reader.GetString(1), reader.GetInt32(2));
                programme = ([], [], names.For(definitionKey, version));
                byId[id] = programme;
                programmes.Add(new SweepProgramme(id, definitionKey, version, reader.GetString(3), reader.GetString(4), programme.Items, null, programme.Assignees));
            }

            var key = reader.GetString(5);
            var isTask = reader.GetBoolean(6);
            programme.Items.Add(new ReminderItem(key, programme.Names.Of(key, isTask), isTask, reader.GetFieldValue<DateOnly>(7)));
            if (!reader.IsDBNull(8))
            {
                programme.Assignees[key] = reader.GetGuid(8);
            }
        }, ct);
        programmes.AddRange(await NotDerivedAsync(db, horizon, ct));
        return programmes;
    }

    /// Runs a preselection query (@window: today's catch-up days; @dues: the deadlines that may
    /// fire today in any of `windows`) on the context's connection, row by row.
    public static async Task ReadAsync(ProsessDb db, string query, IEnumerable<ReminderWindow> windows, DateOnly today, Action<System.Data.Common.DbDataReader> read, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        // The sweep runs in its command's transaction; the benchmark calls this outside one.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            // Planned for today's window every time. Npgsql prepares the statement on its second
            // use on a pooled connection, and after five runs PostgreSQL may keep a generic plan
            // made without the window: it then expects few matching programmes and reads them
            // through the GIN index, where at 1,000,000 open tasks three in four Active
            // programmes match (2.5× the query's CPU; bench/README.md, "Session 9").
            await db.Database.ExecuteSqlRawAsync("SET LOCAL plan_cache_mode = force_custom_plan", ct);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = query;
            command.Parameters.Add(new Npgsql.NpgsqlParameter<DateOnly[]>("window", [.. ReminderSchedule.Window(today)]));
            command.Parameters.Add(new Npgsql.NpgsqlParameter<DateOnly[]>("dues", [.. windows.SelectMany(w => w.FiringDeadlines()).Distinct()]));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                read(reader);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    /// Not derived yet: every Active programme with a deadline within the longest reminder
    /// horizon (or overdue), with its state (a partial index, empty once all are derived).
    public static Task<List<SweepProgramme>> NotDerivedAsync(ProsessDb db, DateOnly horizon, CancellationToken ct) =>
        db.Programmes.AsNoTracking()
            .Where(p => p.Status == ProgrammeStatus.Active && p.ReminderDates == null && p.EarliestOpenDue != null && p.EarliestOpenDue <= horizon)
            .Select(p => new SweepProgramme(p.Id, p.DefinitionKey, p.DefinitionVersion, p.ParticipantId, p.ParticipantName, null, p.State))
            .ToListAsync(ct);

    /// The programme's open deadlines that may have a reminder in today's window: from the
    /// derived column, or (not derived yet) from its agenda, as before: every open deadline,
    /// optional tasks included; nothing waiting for the owner's review, retired or in a passed stage.
    public static List<ReminderItem> ItemsInWindow(SweepProgramme programme, ProgrammeDefinition definition, ReminderWindow window, DateOnly today) =>
        [.. (programme.Items ?? ReminderSchedule.Of(Agenda.Of(definition, programme.State!, today)).Items).Where(i => window.MayRemind(i.Due))];
}

/// Reminder candidates' names from their definition by key (ItemNames.Candidate), memoised per
/// definition version and key: a sweep names ~150,000 items with a few dozen distinct names.
public sealed class CandidateNames(Func<string, int, ProgrammeDefinition?> definitionOf)
{
    private readonly Dictionary<(string, int), OfVersion> versions = [];

    public OfVersion For(string definitionKey, int version)
    {
        if (!versions.TryGetValue((definitionKey, version), out var named))
        {
            named = new OfVersion(definitionOf(definitionKey, version));
            versions[(definitionKey, version)] = named;
        }

        return named;
    }

    /// One definition version's names (an unknown version: the key stands in; the sweep skips it).
    public sealed class OfVersion(ProgrammeDefinition? definition)
    {
        private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);

        private readonly Dictionary<string, (string Key, string Name)> keys = new(StringComparer.Ordinal);

        /// The key as one shared instance (the row's own string is dropped at once) and its name.
        public (string Key, string Name) KeyAndName(string key, bool isTask)
        {
            if (!keys.TryGetValue(key, out var named))
            {
                named = (key, Of(key, isTask));
                keys[key] = named;
            }

            return named;
        }

        public string Of(string key, bool isTask)
        {
            if (!names.TryGetValue(key, out var name))
            {
                name = definition is null ? key : ItemNames.Candidate(definition, key, isTask);
                names[key] = name;
            }

            return name;
        }
    }
}

/// A programme the sweep looks at: its deadlines from the derived column, or (not derived yet)
/// its state to build them from.
public sealed record SweepProgramme(
    Guid Id, string DefinitionKey, int DefinitionVersion, string ParticipantId, string ParticipantName,
    IReadOnlyList<ReminderItem>? Items, ProgrammeState? State, IReadOnlyDictionary<string, Guid>? Assignees = null);

/// The texts of reminders, in the reader's standard (Texts.resx / Texts.nn.resx): one sentence
/// per reminder, and the mail a person gets from a sweep (one reminder as before, several grouped
/// by programme). Built in the current culture; the sweep sets each recipient's.
public static class ReminderText
{
    public sealed record Line(string Subject, string Lead, string Link);

    public static Line For(DueReminder reminder, DateOnly today, string baseUrl)
    {
        var (programme, item, occurrence) = (reminder.Programme, reminder.Item, reminder.Occurrence);
        var due = Infrastructure.ShownTime.Date(item.Due);
        var late = today.DayNumber - item.Due.DayNumber;
        var (subject, lead) = occurrence.Kind switch
        {
            ReminderKind.Before => (Vocabulary.Format(Texts.Reminder_BeforeSubject, item.Name, due),
                Vocabulary.Format(item.IsTask ? Texts.Reminder_BeforeTask : Texts.Reminder_BeforeReport,
                    item.Name, programme.ParticipantName, due, ReminderPlan.TimeLeft(item.Due, today, programme.Calendar))),
            ReminderKind.Escalation => (Vocabulary.Format(Texts.Reminder_EscalationSubject, item.Name, late, Days(late), programme.ParticipantName),
                Vocabulary.Format(item.IsTask ? Texts.Reminder_EscalationTask : Texts.Reminder_EscalationReport, item.Name, programme.ParticipantName, due, late, Days(late))
                    + (reminder.OwnerAddresses.Count > 0 ? " " + Texts.Reminder_OwnerTold : "")),
            _ => (Vocabulary.Format(Texts.Reminder_LateSubject, item.Name, programme.ParticipantName),
                Vocabulary.Format(item.IsTask ? Texts.Reminder_LateTask : Texts.Reminder_LateReport, item.Name, programme.ParticipantName, due, late, Days(late))),
        };
        return new Line(subject, lead, Link(programme, baseUrl));
    }

    /// One person's mail, in their standard (`reader`), whoever or whatever sends it.
    public static EmailMessage Digest(ReminderDigest digest, DateOnly today, string baseUrl, CultureInfo reader)
    {
        using var _ = Infrastructure.Language.WrittenStandards.Use(reader);
        var groups = digest.ByProgramme.Select(g => (Programme: g.Key, Lines: g.Select(r => For(r, today, baseUrl)).ToList())).ToList();
        var lines = groups.SelectMany(g => g.Lines).ToList();
        var participants = groups.Select(g => g.Programme.ParticipantName).Distinct().ToList();
        var subject = lines.Count == 1
            ? lines[0].Subject
            : Vocabulary.Format(Texts.Reminder_DigestSubject, lines.Count,
                participants.Count <= 3 ? string.Join(", ", participants) : Vocabulary.Format(Texts.Reminder_Participants, participants.Count));

        var text = new StringBuilder();
        var html = new StringBuilder();
        foreach (var (programme, programmeLines) in groups)
        {
            var link = Link(programme, baseUrl);
            if (groups.Count > 1)
            {
                text.Append(programme.ParticipantName).Append('\n');
                html.Append("<h2 style=\"font-size: 1.1em;\">").Append(WebUtility.HtmlEncode(programme.ParticipantName)).Append("</h2>\n");
            }

            html.Append(programmeLines.Count == 1 ? "" : "<ul>\n");
            foreach (var line in programmeLines)
            {
                text.Append(programmeLines.Count == 1 ? "" : "- ").Append(line.Lead).Append('\n');
                html.Append(programmeLines.Count == 1 ? "<p>" : "<li>").Append(WebUtility.HtmlEncode(line.Lead)).Append(programmeLines.Count == 1 ? "</p>\n" : "</li>\n");
            }

            html.Append(programmeLines.Count == 1 ? "" : "</ul>\n");
            text.Append('\n').Append(Texts.Reminder_OpenProgramme).Append(' ').Append(link).Append("\n\n");
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\">").Append(WebUtility.HtmlEncode(Texts.Reminder_OpenProgrammeLink)).Append("</a></p>\n");
        }

        text.Append(EmailMessage.SentAutomaticallyIn(reader));
        return new EmailMessage([digest.Address], subject, EmailMessage.Document(subject, html.ToString(), reader), text.ToString());
    }

    private static string Link(ReminderProgramme programme, string baseUrl) => Pages.PageLinks.Programme(baseUrl, programme.Id);

    private static string Days(int n) => n == 1 ? Workflow.Texts.Words.Day : Workflow.Texts.Words.Days;
}

/// The daily job: the sweep through the mediator, like any other command.
public sealed class ReminderJob(IMediator mediator) : IRecurringJob
{
    public const string RecurringId = "reminders";

    public static void Schedule(IRecurringJobManager jobs, IServiceProvider services) =>
        jobs.AddOrUpdateInOslo<ReminderJob>(RecurringId, job => job.RunAsync(CancellationToken.None), services.GetRequiredService<JobOptions>().RemindersCron);

    public async Task RunAsync(CancellationToken ct) => await mediator.Send(new SendDueReminders(), ct);
}
