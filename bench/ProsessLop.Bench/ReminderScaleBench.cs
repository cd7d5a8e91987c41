using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Bench;

/// `reminder-due --connection CS [--iterations 7]`
///
/// How long the reminder sweep takes to find what is due today, on whatever the database holds
/// (the 1,000,000-open-task set: `generate --open-tasks-target 1000000`). Two figures, each the
/// median of the timed iterations after one warm-up:
/// - **query**: the sweep's own candidate query (`SendDueRemindersHandler`: Active programmes
///   whose earliest open deadline is within the longest reminder horizon, full rows), as EF runs it;
/// - **find due**: that query, then every candidate's agenda and the core's `ReminderPlan` for
///   today — the list of due reminders, what the handler then claims and mails. No contacts are
///   read (the synthetic set has none), so this is the finding, not the sending.
/// - **now** (the sweep since session 7): `ReminderPreselection.ProgrammesAsync`, the handler's own
///   query (Active programmes whose derived `reminder_dates` overlap today's catch-up window, GIN;
///   one row per item whose deadline may fire today, without its name: names from the
///   definition), then `ReminderPlan` for today; its due reminders, names included, must be
///   exactly the other ways' (else the command fails); two rounds around:
/// - **per item with names** (before, `PerItemRows`): the same without the assignee join (it sent
///   the name from `reminder_names`, dropped in session 8 round 2; now named from the definition);
/// - **per programme** (tried, `PerProgrammeRows`): one row per programme, items aggregated in SQL;
/// - **per item, assignee joined** (session 9 start): the handler's query as it was, each due
///   task's assignee joined from `task_assignments` instead of read from the row's copy;
/// - **end to end**: the handler's `ReminderFinder` (all of the above plus contacts and assignees),
///   in turn with the same finder on the joined query (session 9 start) and `ReminderFinderSession8`
///   (the finder at the start of session 8, on its frozen `ReminderPlanSession8` and the joined
///   query); wall time and this process's CPU time;
/// - **jsonb** (`--jsonb 1`, session 5's layout): the same on a copy of the table with one jsonb
///   array (`JsonbLayout`), the earlier query and reader;
/// - **baseline**: `SELECT 1` over one open connection (median of 101), the floor of a round trip.
/// `--old-iterations N` (default: iterations) times the old way fewer times (it takes ~10 s).
/// Also printed: open tasks in Active programmes (counted in SQL from the state documents) and
/// the plans of both queries (EXPLAIN ANALYZE).
internal static class ReminderScaleBench
{
    /// The preselection as it was until session 9: each due task's assignee joined from
    /// task_assignments (a hash of every assignment), where the handler now reads the row's copy.
    private const string JoinedAssigneeQuery = """
        SELECT p.id, p.definition_key, p.definition_version, p.participant_id, p.participant_name, u.key, u.is_task, u.due, a.contact_person_id
        FROM programmes p
        CROSS JOIN LATERAL unnest(p.reminder_dues, p.reminder_keys, p.reminder_tasks) AS u(due, key, is_task)
        LEFT JOIN task_assignments a ON u.is_task AND a.programme_id = p.id AND a.task_key = u.key
        WHERE p.status = 'Active' AND p.reminder_dates && @window AND u.due = ANY(@dues)
        """;

    public static async Task<int> Run(BenchOptions options)
    {
        var connection = options.Required("connection");
        var iterations = options.Int("iterations", 7);
        var oldIterations = options.Int("old-iterations", iterations);
        var definition = DerivedStatusBench.LoadDefault();
        var policy = definition.Reminders ?? throw new InvalidOperationException("The default definition has no reminder policy.");
        var calendar = new WorkingDayCalendar(definition.Pauses);
        var today = OsloTime.Today(TimeProvider.System);
        var horizon = ReminderPlanner.Horizon(policy, calendar, today);

        await using (var data = NpgsqlDataSource.Create(connection))
        await using (var count = data.CreateCommand("""
            SELECT count(*) FILTER (WHERE true), (SELECT count(*) FROM programmes WHERE status = 'Active'),
                   (SELECT count(*) FROM programmes WHERE status = 'Active' AND earliest_open_due <= $1)
            FROM programmes p, json_array_elements(p.state -> 'tasks') t
            WHERE p.status = 'Active' AND lower(coalesce(t ->> 'status', 'open')) NOT IN ('done', 'notapplicable') AND coalesce((t ->> 'retired')::boolean, false) = false
            """))
        {
            count.Parameters.AddWithValue(horizon);
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reminder-due: {reader.GetInt64(0)} open tasks in {reader.GetInt64(1)} Active programmes; {reader.GetInt64(2)} have an open deadline on or before the horizon {horizon:yyyy-MM-dd} (today {today:yyyy-MM-dd})"));
        }

        var queryTimes = new List<double>();
        var findTimes = new List<double>();
        var candidates = 0;
        var due = 0;
        var oldDue = new HashSet<(Guid, string, string)>();
        for (var i = 0; i < (oldIterations == 0 ? 0 : oldIterations + 1); i++)
        {
            await using var db = new ProsessDb(ProsessDbOptions.For(connection));
            var watch = Stopwatch.StartNew();
            // The handler's query, unchanged.
            var programmes = await db.Programmes.AsNoTracking()
                .Where(p => p.Status == ProgrammeStatus.Active && p.EarliestOpenDue != null && p.EarliestOpenDue <= horizon)
                .ToListAsync();
            var queried = watch.Elapsed.TotalMilliseconds;
            var sweep = programmes.Select(p => new ReminderProgramme(p.Id, p.ParticipantName, policy, calendar,
                    [.. Agenda.Of(definition, p.State, today).ReminderCandidates.Select(c => new ReminderCandidate(c.Key, c.Name, c.Kind == AgendaKind.Task, c.Due, null))],
                    [], []))
                .ToList();
            var plan = ReminderPlan.For(sweep, today);
            var found = watch.Elapsed.TotalMilliseconds;
            candidates = programmes.Count;
            due = plan.Reminders.Count;
            oldDue = Keys(plan);
            if (i > 0)
            {
                queryTimes.Add(queried);
                findTimes.Add(found);
            }
            if (i == 0)
            {
                Console.WriteLine("plan of the candidate query:");
                var sql = db.Programmes.AsNoTracking()
                    .Where(p => p.Status == ProgrammeStatus.Active && p.EarliestOpenDue != null && p.EarliestOpenDue <= horizon)
                    .ToQueryString();
                var explain = db.Database.GetDbConnection().CreateCommand();
                // ToQueryString declares the parameter; inline it for EXPLAIN.
                explain.CommandText = "EXPLAIN (ANALYZE, BUFFERS) " + string.Join('\n', sql.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal)))
                    .Replace("@__horizon_0", "@h", StringComparison.Ordinal).Replace("@horizon", "@h", StringComparison.Ordinal);
                explain.Parameters.Add(new NpgsqlParameter("h", horizon));
                await db.Database.OpenConnectionAsync();
                await using var reader = await explain.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    Console.WriteLine("  " + reader.GetString(0));
                }
            }
        }
        queryTimes.Sort();
        findTimes.Sort();
        if (oldIterations == 0)
        {
            // Not timed (--old-iterations 0): the preselections are compared with each other only.
            queryTimes.Add(double.NaN);
            findTimes.Add(double.NaN);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reminder-due (old): {candidates} candidate programmes, {due} reminders due today; query median {queryTimes[queryTimes.Count / 2]:F0} ms (min {queryTimes[0]:F0}); query + agendas + plan median {findTimes[findTimes.Count / 2]:F0} ms (min {findTimes[0]:F0}) over {oldIterations} runs"));

        // The preselection as the handler runs it (one row per programme, names from the
        // definition), then as it ran before (one row per item with its name), then the handler's
        // again: the two ways alternate, so neither gets the warmer machine. `--jsonb 1` adds the
        // layout before that (one jsonb array; a copy of the table, ~500 MB).
        var window = new ReminderWindow(policy, calendar, today);
        Func<string, int, ProsessLop.Workflow.Definitions.ProgrammeDefinition?> definitionOf = (key, version) => key == definition.Key && version == definition.Version ? definition : null;
        var byProgramme = await Preselected("per item, names from the definition (now)", connection, iterations, definition, policy, calendar, today,
            db => ReminderPreselection.ProgrammesAsync(db, [window], today, horizon, definitionOf, CancellationToken.None),
            ReminderPreselection.Query);
        var joined = await Preselected("per item, assignee joined from task_assignments (session 9 start)", connection, iterations, definition, policy, calendar, today,
            db => ReminderPreselection.ProgrammesAsync(db, [window], today, horizon, definitionOf, CancellationToken.None, JoinedAssigneeQuery),
            JoinedAssigneeQuery);
        var perItem = await Preselected("per item without the assignee join (before; its names from the definition since reminder_names was dropped)", connection, iterations, definition, policy, calendar, today,
            db => PerItemRows.ProgrammesAsync(db, [window], today, horizon, definitionOf, CancellationToken.None),
            PerItemRows.Query);
        var aggregated = await Preselected("per programme, items aggregated in SQL (tried)", connection, iterations, definition, policy, calendar, today,
            db => PerProgrammeRows.ProgrammesAsync(db, [window], today, horizon, definitionOf, CancellationToken.None),
            PerProgrammeRows.Query);
        var byProgrammeAgain = await Preselected("per item, names from the definition (now), again", connection, iterations, definition, policy, calendar, today,
            db => ReminderPreselection.ProgrammesAsync(db, [window], today, horizon, definitionOf, CancellationToken.None),
            ReminderPreselection.Query);
        // End to end, as the handler does it before it can claim anything: ReminderFinder (the
        // preselection, each programme's candidates in today's window, the participants' contacts
        // and the tasks' assignees, the plan), in turn with the finder as it was at the start of
        // session 9 (today's finder with the assignee joined from task_assignments) and at the
        // start of session 8 (ReminderFinderSession8, with that session's ReminderPlan.For, on the
        // same joined query). Now first.
        string[] ways = ["now", "session 9 start", "session 8 start"];
        var endToEnd = ways.Select(_ => new List<double>()).ToArray();
        var endToEndCpu = ways.Select(_ => new List<double>()).ToArray();
        var endToEndDue = ways.Select(_ => new HashSet<(Guid, string, string)>()).ToArray();
        var endToEndPeople = "";
        for (var i = 0; i < ways.Length * (iterations + 1); i++)
        {
            var way = i % ways.Length;
            await using var db = new ProsessDb(ProsessDbOptions.For(connection));
            await db.Database.OpenConnectionAsync();
            var self = Process.GetCurrentProcess();
            var selfBefore = self.TotalProcessorTime.TotalMilliseconds;
            var watch = Stopwatch.StartNew();
            IReadOnlyList<DueReminder> reminders;
            var (contacts, programmes) = (0, 0);
            var email = new ProsessLop.Api.Features.Notifications.EmailOptions();
            switch (way)
            {
                case 0:
                    var found = await ReminderFinder.FindAsync(db, [definition], definitionOf, email, today, CancellationToken.None);
                    (reminders, contacts, programmes) = (found.Plan.Reminders, found.Contacts.Count, found.Programmes);
                    break;
                case 1:
                    var joinedFound = await ReminderFinder.FindAsync(db, [definition], definitionOf, email, today, CancellationToken.None, JoinedAssigneeQuery);
                    (reminders, contacts, programmes) = (joinedFound.Plan.Reminders, joinedFound.Contacts.Count, joinedFound.Programmes);
                    break;
                default:
                    (reminders, contacts, programmes) = await ReminderFinderSession8.FindAsync(db, [definition], definitionOf, email, today, CancellationToken.None,
                        (db, windows, today, horizon, ct) => ReminderPreselection.ProgrammesAsync(db, windows, today, horizon, definitionOf, ct, JoinedAssigneeQuery));
                    break;
            }

            var elapsed = watch.Elapsed.TotalMilliseconds;
            self.Refresh();
            if (i >= ways.Length)
            {
                endToEnd[way].Add(elapsed);
                endToEndCpu[way].Add(self.TotalProcessorTime.TotalMilliseconds - selfBefore);
            }

            endToEndDue[way] = Recipients(reminders);
            endToEndPeople = string.Create(CultureInfo.InvariantCulture, $"{programmes} programmes, {contacts} contacts, {reminders.Count(r => r.People.Count > 0)} reminders with someone to tell, {reminders.Sum(r => r.People.Count)} recipients");
        }

        static string Times(List<double> times) => string.Create(CultureInfo.InvariantCulture, $"{string.Join(' ', times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms, median {Median(times):F0} (min {times.Min():F0})");
        var endToEndSame = endToEndDue.All(d => d.SetEquals(endToEndDue[0]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reminder-due (end to end, the handler's ReminderFinder: preselection, items, contacts and assignees, plan): {endToEndPeople}; {string.Join("; ", ways.Select((w, n) => $"{w} {Times(endToEnd[n])}, .NET CPU median {Median(endToEndCpu[n]):F0}"))}; the same reminders to the same people: {(endToEndSame ? "yes" : "NO")}"));

        Timed? jsonb = null;
        if (options.Int("jsonb", 0) == 1)
        {
            await JsonbLayout.CreateAsync(connection);
            jsonb = await Preselected("jsonb", connection, iterations, definition, policy, calendar, today,
                db => JsonbLayout.ProgrammesAsync(db, [window], today, horizon, definitionOf, CancellationToken.None),
                JsonbLayout.Query);
            await JsonbLayout.DropAsync(connection);
        }

        var baseline = await SelectOne(connection);
        // The same reminders every way, names included (the new way names them from the definition).
        var same = (oldIterations == 0 || oldDue.SetEquals(perItem.Due)) && perItem.Due.SetEquals(byProgramme.Due) && perItem.Due.SetEquals(byProgrammeAgain.Due) && perItem.Due.SetEquals(joined.Due)
            && (jsonb is null || perItem.Due.SetEquals(jsonb.Due)) && perItem.Names.SetEquals(byProgramme.Names) && perItem.Names.SetEquals(aggregated.Names) && endToEndSame && endToEndDue[0].Count > 0;
        var newQuery = byProgramme.Query.Concat(byProgrammeAgain.Query).ToList();
        var newFind = byProgramme.Find.Concat(byProgrammeAgain.Find).ToList();
        if (jsonb is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reminder-due (jsonb items, session 5): {jsonb.Programmes} programmes, {jsonb.Due.Count} reminders due today; query median {Median(jsonb.Query):F0} ms (min {jsonb.Query.Min():F0}); query + plan median {Median(jsonb.Find):F0} ms (min {jsonb.Find.Min():F0}) over {iterations} runs"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reminder-due (per programme, tried): {aggregated.Programmes} programmes, {aggregated.Due.Count} reminders due today; query median {Median(aggregated.Query):F0} ms (min {aggregated.Query.Min():F0}); query + plan median {Median(aggregated.Find):F0} ms (min {aggregated.Find.Min():F0}) over {iterations} runs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reminder-due (per item, assignee joined, session 9 start): {joined.Programmes} programmes, {joined.Due.Count} reminders due today; query median {Median(joined.Query):F0} ms (min {joined.Query.Min():F0}); query + plan median {Median(joined.Find):F0} ms (min {joined.Find.Min():F0}) over {iterations} runs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reminder-due (per item, before): {perItem.Programmes} programmes, {perItem.Due.Count} reminders due today; query median {Median(perItem.Query):F0} ms (min {perItem.Query.Min():F0}); query + plan median {Median(perItem.Find):F0} ms (min {perItem.Find.Min():F0}) over {iterations} runs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reminder-due (per item without names, now): {byProgramme.Programmes} programmes, {byProgramme.Due.Count} reminders due today (the same as the other ways, names too: {(same ? "yes" : "NO")}); query median {Median(newQuery):F0} ms (min {newQuery.Min():F0}); query + plan median {Median(newFind):F0} ms (min {newFind.Min():F0}) over {newQuery.Count} runs (two rounds of {iterations}, around the other two); baseline SELECT 1 median {baseline:F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT candidates={candidates} due={due} query_median={queryTimes[queryTimes.Count / 2]:F0} find_median={findTimes[findTimes.Count / 2]:F0} per_item_query_median={Median(perItem.Query):F0} per_item_find_median={Median(perItem.Find):F0} per_programme_query_median={Median(aggregated.Query):F0} per_programme_find_median={Median(aggregated.Find):F0} preselected={byProgramme.Programmes} preselected_due={byProgramme.Due.Count} preselected_query_median={Median(newQuery):F0} preselected_find_median={Median(newFind):F0} end_to_end_median={Median(endToEnd[0]):F0} end_to_end_session9_start_median={Median(endToEnd[1]):F0} end_to_end_session8_start_median={Median(endToEnd[2]):F0} select1_median_ms={baseline:F2} same={same}"));
        return same ? 0 : 1;
    }

    private sealed record Timed(int Programmes, HashSet<(Guid, string, string)> Due, HashSet<(Guid, string, string)> Names, List<double> Query, List<double> Find);

    private static async Task<Timed> Preselected(
        string label, string connection, int iterations, ProsessLop.Workflow.Definitions.ProgrammeDefinition definition,
        ProsessLop.Workflow.Definitions.ReminderPolicy policy, WorkingDayCalendar calendar, DateOnly today,
        Func<ProsessDb, Task<List<SweepProgramme>>> preselect, string query)
    {
        var queryTimes = new List<double>();
        var findTimes = new List<double>();
        var count = 0;
        var items = 0;
        var parts = new List<string>();
        var backendCpus = new List<double>();
        var selfCpus = new List<double>();
        var due = new HashSet<(Guid, string, string)>();
        var names = new HashSet<(Guid, string, string)>();
        for (var i = 0; i < iterations + 1; i++)
        {
            await using var db = new ProsessDb(ProsessDbOptions.For(connection));
            // CPU time as well as wall time: the machine is shared, and CPU time of this process
            // (the .NET side) and of its PostgreSQL backend (from /proc) is what the work costs.
            await db.Database.OpenConnectionAsync();
            var backend = await db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync();
            var backendBefore = CpuMs(backend);
            var self = Process.GetCurrentProcess();
            var selfBefore = self.TotalProcessorTime.TotalMilliseconds;
            var watch = Stopwatch.StartNew();
            // As the handler: its windows, the preselection, then only the items whose deadline
            // may fire in today's window go to the plan.
            var window = new ReminderWindow(policy, calendar, today);
            var programmes = await preselect(db);
            var queried = watch.Elapsed.TotalMilliseconds;
            var backendCpu = CpuMs(backend) - backendBefore;
            self.Refresh();
            var selfQueried = self.TotalProcessorTime.TotalMilliseconds;
            var sweep = programmes.Select(p => new ReminderProgramme(p.Id, p.ParticipantName, policy, calendar,
                    [.. ReminderPreselection.ItemsInWindow(p, definition, window, today).Select(c => c.Candidate(null))],
                    [], []))
                .Where(p => p.Candidates.Count > 0)
                .ToList();
            var built = watch.Elapsed.TotalMilliseconds;
            self.Refresh();
            var selfBuilt = self.TotalProcessorTime.TotalMilliseconds;
            var plan = ReminderPlan.For(sweep, today);
            var found = watch.Elapsed.TotalMilliseconds;
            self.Refresh();
            var selfCpu = self.TotalProcessorTime.TotalMilliseconds - selfBefore;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{queried:F0}+{built - queried:F0}+{found - built:F0} (CPU: PostgreSQL {backendCpu:F0}, .NET {selfCpu:F0} = {selfQueried - selfBefore:F0}+{selfBuilt - selfQueried:F0}+{selfCpu - (selfBuilt - selfBefore):F0})"));
            if (i > 0)
            {
                backendCpus.Add(backendCpu);
                selfCpus.Add(selfCpu);
            }
            count = programmes.Count;
            items = sweep.Sum(p => p.Candidates.Count);
            due = Keys(plan);
            names = [.. plan.Reminders.Select(r => (r.Programme.Id, r.Item.Key, r.Item.Name))];
            if (i > 0)
            {
                queryTimes.Add(queried);
                findTimes.Add(found);
            }
            else
            {
                var days = string.Join(',', ReminderSchedule.Window(today).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                var dues = string.Join(',', window.FiringDeadlines().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                Console.WriteLine($"plan of the preselection query ({label}; @window '{{{days}}}', @dues '{{{dues}}}'):");
                await Explain(db, query.Replace("@window", $"'{{{days}}}'::date[]", StringComparison.Ordinal).Replace("@dues", $"'{{{dues}}}'::date[]", StringComparison.Ordinal));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reminder-due ({label}): {items} open items handed to the plan; query + candidates + plan, warm-up first: {string.Join("; ", parts)} ms; CPU median PostgreSQL backend {Median(backendCpus):F0} ms, .NET {Median(selfCpus):F0} ms; query {string.Join(' ', queryTimes.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms; query + plan {string.Join(' ', findTimes.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms"));
        return new Timed(count, due, names, queryTimes, findTimes);
    }

    // User + system CPU time of a process in ms (from /proc: clock ticks of 10 ms).
    private static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static async Task Explain(ProsessDb db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        await using var explain = db.Database.GetDbConnection().CreateCommand();
        explain.CommandText = "EXPLAIN (ANALYZE, BUFFERS) " + sql;
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine("  " + reader.GetString(0));
        }
    }

    private static async Task<double> SelectOne(string connection)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        await using var open = await data.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT 1", open);
        await command.PrepareAsync();
        var times = new List<double>();
        for (var i = 0; i < 111; i++)
        {
            var watch = Stopwatch.StartNew();
            await command.ExecuteScalarAsync();
            if (i >= 10)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return Median(times);
    }

    private static HashSet<(Guid, string, string)> Keys(ReminderPlan plan) =>
        [.. plan.Reminders.Select(r => (r.Programme.Id, r.Item.Key, r.Occurrence.RuleKey))];

    // Each reminder with the people it goes to (who is the assignee matters here).
    private static HashSet<(Guid, string, string)> Recipients(IEnumerable<DueReminder> reminders) =>
        [.. reminders.Select(r => (r.Programme.Id, $"{r.Item.Key}/{r.Occurrence.RuleKey}", string.Join(',', r.People.Select(p => p.Id).Order())))];

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
}
