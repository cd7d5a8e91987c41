using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProsessLop.Api.Features.Programmes;
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
/// Also printed: open tasks in Active programmes (counted in SQL from the state documents) and
/// the plan of the query (EXPLAIN ANALYZE).
internal static class ReminderScaleBench
{
    public static async Task<int> Run(BenchOptions options)
    {
        var connection = options.Required("connection");
        var iterations = options.Int("iterations", 7);
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
        for (var i = 0; i < iterations + 1; i++)
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
            $"reminder-due: {candidates} candidate programmes, {due} reminders due today; query median {queryTimes[queryTimes.Count / 2]:F0} ms (min {queryTimes[0]:F0}); query + agendas + plan median {findTimes[findTimes.Count / 2]:F0} ms (min {findTimes[0]:F0}) over {iterations} runs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT candidates={candidates} due={due} query_median={queryTimes[queryTimes.Count / 2]:F0} find_median={findTimes[findTimes.Count / 2]:F0}"));
        return 0;
    }
}
