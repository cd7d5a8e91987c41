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
/// - **preselected** (the sweep since issue 12): `ReminderPreselection.ProgrammesAsync`, the
///   handler's own query (Active programmes whose derived `reminder_dates` overlap today's
///   catch-up window, GIN; only their derived deadlines), then `ReminderPlan` for today; its due
///   reminders must be exactly the old way's (else the command fails);
/// - **baseline**: `SELECT 1` over one open connection (median of 101), the floor of a round trip.
/// `--old-iterations N` (default: iterations) times the old way fewer times (it takes ~10 s).
/// Also printed: open tasks in Active programmes (counted in SQL from the state documents) and
/// the plans of both queries (EXPLAIN ANALYZE).
internal static class ReminderScaleBench
{
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
            FROM programmes p, jsonb_array_elements(p.state -> 'tasks') t
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
        for (var i = 0; i < oldIterations + 1; i++)
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
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reminder-due (old): {candidates} candidate programmes, {due} reminders due today; query median {queryTimes[queryTimes.Count / 2]:F0} ms (min {queryTimes[0]:F0}); query + agendas + plan median {findTimes[findTimes.Count / 2]:F0} ms (min {findTimes[0]:F0}) over {oldIterations} runs"));

        var (preselected, newDue, newQuery, newFind) = await Preselected(connection, iterations, definition, policy, calendar, today, horizon);
        var baseline = await SelectOne(connection);
        var same = oldDue.SetEquals(newDue);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reminder-due (preselected): {preselected} programmes, {newDue.Count} reminders due today (the same as the old way: {(same ? "yes" : "NO")}); query median {Median(newQuery):F0} ms (min {newQuery.Min():F0}); query + plan median {Median(newFind):F0} ms (min {newFind.Min():F0}) over {iterations} runs; baseline SELECT 1 median {baseline:F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT candidates={candidates} due={due} query_median={queryTimes[queryTimes.Count / 2]:F0} find_median={findTimes[findTimes.Count / 2]:F0} preselected={preselected} preselected_due={newDue.Count} preselected_query_median={Median(newQuery):F0} preselected_find_median={Median(newFind):F0} select1_median_ms={baseline:F2} same={same}"));
        return same ? 0 : 1;
    }

    private static async Task<(int Programmes, HashSet<(Guid, string, string)> Due, List<double> Query, List<double> Find)> Preselected(
        string connection, int iterations, ProsessLop.Workflow.Definitions.ProgrammeDefinition definition,
        ProsessLop.Workflow.Definitions.ReminderPolicy policy, WorkingDayCalendar calendar, DateOnly today, DateOnly horizon)
    {
        var queryTimes = new List<double>();
        var findTimes = new List<double>();
        var count = 0;
        var items = 0;
        var due = new HashSet<(Guid, string, string)>();
        for (var i = 0; i < iterations + 1; i++)
        {
            await using var db = new ProsessDb(ProsessDbOptions.For(connection));
            var watch = Stopwatch.StartNew();
            // The handler's own preselection.
            var window = new ReminderWindow(policy, calendar, today);
            var programmes = await ReminderPreselection.ProgrammesAsync(db, [window], today, horizon, CancellationToken.None);
            var queried = watch.Elapsed.TotalMilliseconds;
            // As the handler: only the items whose deadline may fire in today's window go to the plan.
            var sweep = programmes.Select(p => new ReminderProgramme(p.Id, p.ParticipantName, policy, calendar,
                    [.. ReminderPreselection.ItemsInWindow(p, definition, window, today).Select(c => c.Candidate(null))],
                    [], []))
                .Where(p => p.Candidates.Count > 0)
                .ToList();
            var plan = ReminderPlan.For(sweep, today);
            var found = watch.Elapsed.TotalMilliseconds;
            count = programmes.Count;
            items = sweep.Sum(p => p.Candidates.Count);
            due = Keys(plan);
            if (i > 0)
            {
                queryTimes.Add(queried);
                findTimes.Add(found);
            }
            else
            {
                var days = string.Join(',', ReminderSchedule.Window(today).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                Console.WriteLine("plan of the preselection query:");
                var dues = string.Join(',', window.FiringDeadlines().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                await Explain(db, $"SELECT p.id, p.definition_key, p.definition_version, p.participant_id, p.participant_name, i ->> 'key', i ->> 'name', (i ->> 'isTask')::boolean, u.due FROM programmes p, unnest(p.reminder_dues) WITH ORDINALITY AS u(due, n), LATERAL (SELECT p.reminder_items -> (u.n::int - 1)) AS item(i) WHERE p.status = 'Active' AND p.reminder_dates && '{{{days}}}'::date[] AND u.due = ANY('{{{dues}}}'::date[])");
                await Explain(db, $"SELECT id, state FROM programmes WHERE status = 'Active' AND reminder_dates IS NULL AND earliest_open_due IS NOT NULL AND earliest_open_due <= '{horizon:yyyy-MM-dd}'");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reminder-due (preselected): {items} open items handed to the plan"));
        return (count, due, queryTimes, findTimes);
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

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
}
