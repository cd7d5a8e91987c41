using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Bench;

/// `http --url U --connection CS --signing-key K [--clients 16] [--seconds 20] [--warmup-seconds 3]
///       [--detail-requests 2000] [--list-requests 1000] [--pairs N --pair-command CMD [--pair-seconds 10]]`
///
/// Against a running host on the generated data set:
/// (a) "complete task" at N concurrent clients. Each client owns whole programmes (so no two
///     clients write the same row) and their open tasks in the current stage; when a client has
///     completed all of its tasks it reopens one before completing it again. Throughput counts
///     completions only; reopens are reported beside it. Commits per command come from
///     pg_stat_database.xact_commit around the run, less the bench's own query and the host's
///     background rate (Hangfire polling) measured while idle just before.
/// (b) programme detail, one client, random programmes; (c) the list for a county, one client;
/// (d) with --pairs, N pairs of windows: CMD (pgbench running the command's own SQL) and "complete
///     task" over HTTP back to back, each pair's ratio and their median (bench/runtime.sh PAIRS).
internal static class HttpBench
{
    private const int ErrorSamples = 5;
    private static readonly TimeSpan StatsSettle = TimeSpan.FromSeconds(11);

    public static async Task<int> Run(BenchOptions options)
    {
        var url = options.Required("url");
        var clients = options.Int("clients", 16);
        var seconds = options.Int("seconds", 20);
        var warmupSeconds = options.Int("warmup-seconds", 3);
        var detailRequests = options.Int("detail-requests", 2000);
        var listRequests = options.Int("list-requests", 1000);
        var random = new Random(options.Int("seed", 7));
        var token = LocalTokens.Create(new AuthOptions { SigningKey = options.Required("signing-key") },
            "bench-owner", "Benchmark", Roles.Owner, [], TimeSpan.FromHours(2));

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(16, clients * 2),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await using var dataSource = NpgsqlDataSource.Create(options.Required("connection"));
        // One connection for every measurement query: no pool resets in between.
        await using var stats = await dataSource.OpenConnectionAsync();
        var all = new List<Guid>();
        var active = new List<Guid>();
        await using (var command = new NpgsqlCommand("SELECT id, status FROM programmes", stats))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                all.Add(reader.GetGuid(0));
                if (reader.GetString(1) == "Active")
                {
                    active.Add(reader.GetGuid(0));
                }
            }
        }
        var counties = Municipality.Official2024.Select(m => m.CountyNumber).Distinct().Order().ToList();
        Console.WriteLine($"http: {all.Count} programmes ({active.Count} active), {counties.Count} counties, {clients} clients, {seconds} s");

        // Warm-up: the detail of every active programme (which also tells us the open tasks),
        // then some detail and list reads.
        var work = new List<ProgrammeWork>();
        var warmupErrors = new Errors();
        foreach (var id in active)
        {
            using var response = await http.GetAsync(new Uri($"api/programmes/{id}", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                warmupErrors.Add(response.StatusCode, body);
                continue;
            }
            using var json = JsonDocument.Parse(body);
            var tasks = json.RootElement.GetProperty("allowedActions").EnumerateArray()
                .Where(a => string.Equals(a.GetProperty("kind").GetString(), "completeTask", StringComparison.OrdinalIgnoreCase))
                .Select(a => new TaskWork(a.GetProperty("target").GetString()!))
                .ToList();
            if (tasks.Count > 0)
            {
                work.Add(new ProgrammeWork(id, tasks));
            }
        }
        for (var i = 0; i < 200; i++)
        {
            await GetAsync(http, $"api/programmes/{all[random.Next(all.Count)]}", warmupErrors);
            await GetAsync(http, $"api/programmes?county={counties[random.Next(counties.Count)]}&pageSize=50", warmupErrors);
        }
        Console.WriteLine($"warm-up: {work.Count} programmes with {work.Sum(w => w.Tasks.Count)} open tasks to complete; errors {warmupErrors}");

        // (a) complete task.
        var workers = Enumerable.Range(0, clients).Select(_ => new Worker()).ToList();
        for (var i = 0; i < work.Count; i++)
        {
            workers[i % clients].Programmes.Add(work[i]);
        }
        await RunWorkersAsync(http, workers, TimeSpan.FromSeconds(warmupSeconds));
        foreach (var worker in workers)
        {
            worker.Reset();
        }

        // PostgreSQL 15 backends flush their counters when idle, but may hold them up to 10 s
        // (PGSTAT_IDLE_INTERVAL): let the warm-up's counters arrive before the first reading.
        await Task.Delay(StatsSettle);
        var idleWindow = TimeSpan.FromSeconds(5);
        var idle0 = await CommitsAsync(stats);
        await Task.Delay(idleWindow);
        var idle1 = await CommitsAsync(stats);
        var idleXids0 = await NextXidAsync(stats);
        await Task.Delay(idleWindow);
        var idleXids1 = await NextXidAsync(stats);
        var backgroundXids = (idleXids1 - idleXids0) / idleWindow.TotalSeconds;
        var background = (idle1 - idle0 - 1) / idleWindow.TotalSeconds; // −1: the first read itself

        var hostPid = options.Int("host-pid", 0);
        var postmasterPid = options.Int("postmaster-pid", 0);
        var commitsBefore = await CommitsAsync(stats);
        var rowsBefore = await RowWritesAsync(stats);
        var xidsBefore = await NextXidAsync(stats);
        var cpuBefore = CpuUsage.Sample(hostPid, postmasterPid);
        // bench/runtime.sh starts a profiler on this line when PERF_OUT is set.
        Console.WriteLine("measuring: complete task");
        var elapsed = await RunWorkersAsync(http, workers, TimeSpan.FromSeconds(seconds));
        var cpuAfter = CpuUsage.Sample(hostPid, postmasterPid);
        var xidsAfter = await NextXidAsync(stats);
        await Task.Delay(StatsSettle);
        var commitsAfter = await CommitsAsync(stats);
        var rowsAfter = await RowWritesAsync(stats);

        var completeLatencies = workers.SelectMany(w => w.CompleteLatencies).Order().ToList();
        var completes = completeLatencies.Count;
        var reopens = workers.Sum(w => w.Reopens);
        var writeErrors = new Errors();
        foreach (var worker in workers)
        {
            writeErrors.Merge(worker.Errors);
        }
        var commands = completes + reopens;
        var commitDelta = commitsAfter - commitsBefore - 1; // −1: the "before" read itself
        var backgroundDuring = background * (elapsed.TotalSeconds + StatsSettle.TotalSeconds + 2); // the run plus the sleeps
        var commitsPerCommand = (commitDelta - backgroundDuring) / Math.Max(1, commands);
        var completeTps = completes / elapsed.TotalSeconds;
        var commandTps = commands / elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"complete-task: {completes} completions + {reopens} reopens in {elapsed.TotalSeconds:F1} s at {clients} clients: {completeTps:F1} completions/s ({commandTps:F1} commands/s incl. reopens)"));
        Console.WriteLine(Invariant($"  complete latency: {Percentiles(completeLatencies)}; errors {writeErrors}"));
        // Transaction ids assigned: one per transaction that wrote, plus one per subtransaction
        // (savepoint) that wrote. Exact and immediate, unlike the statistics.
        var writesPerCommand = (xidsAfter - xidsBefore - backgroundXids * elapsed.TotalSeconds) / Math.Max(1, commands);
        Console.WriteLine(Invariant($"  commits: {commitDelta} during the run, background {background:F1}/s while idle → {commitsPerCommand:F2} commits per command (xact_commit), {writesPerCommand:F2} xids assigned per command (writing transactions + writing subtransactions; background {backgroundXids:F1}/s)"));
        Console.WriteLine(Invariant($"  rows written per command: {(double)(rowsAfter.ProgrammeUpdates - rowsBefore.ProgrammeUpdates) / Math.Max(1, commands):F2} programme updates, {(double)(rowsAfter.JournalInserts - rowsBefore.JournalInserts) / Math.Max(1, commands):F2} journal inserts (pg_stat_user_tables)"));
        // HOT (heap-only) updates write no index entries: only when no indexed column changed
        // and the new row version fits on the same page.
        var programmeUpdates = rowsAfter.ProgrammeUpdates - rowsBefore.ProgrammeUpdates;
        Console.WriteLine(Invariant($"  HOT updates of programmes: {rowsAfter.ProgrammeHotUpdates - rowsBefore.ProgrammeHotUpdates} of {programmeUpdates} = {100.0 * (rowsAfter.ProgrammeHotUpdates - rowsBefore.ProgrammeHotUpdates) / Math.Max(1, programmeUpdates):F0} % (n_tup_hot_upd / n_tup_upd)"));
        Console.WriteLine(Invariant($"  cpu during the run: {(cpuAfter - cpuBefore).Describe(elapsed, commands)}"));

        // (b) detail, (c) county list: one client each, sequential.
        var detailErrors = new Errors();
        var detail = await SequentialAsync(http, detailRequests, () => $"api/programmes/{all[random.Next(all.Count)]}", detailErrors);
        Console.WriteLine(Invariant($"detail: {detailRequests} sequential GET /api/programmes/{{id}}: {Percentiles(detail)}; errors {detailErrors}"));
        var listErrors = new Errors();
        var list = await SequentialAsync(http, listRequests, () => $"api/programmes?county={counties[random.Next(counties.Count)]}&pageSize=50", listErrors);
        Console.WriteLine(Invariant($"list: {listRequests} sequential GET /api/programmes?county=NN&pageSize=50: {Percentiles(list)}; errors {listErrors}"));

        // (d) Paired windows: the command's own SQL through pgbench (--pair-command, a shell command that
        // prints pgbench's "tps = …") and the same commands over HTTP, one right after the other, so
        // both halves of each ratio see the same machine (shared cores drift by the minute).
        // Alternating which goes first cancels a steady drift.
        var pairCount = options.Int("pairs", 0);
        var pairRatios = new List<double>();
        if (pairCount > 0)
        {
            var pairCommand = options.Required("pair-command");
            var pairSeconds = TimeSpan.FromSeconds(options.Int("pair-seconds", 10));
            async Task<double> CommandsPerSecondAsync()
            {
                foreach (var worker in workers)
                {
                    worker.Reset();
                }

                var pairElapsed = await RunWorkersAsync(http, workers, pairSeconds);
                foreach (var worker in workers)
                {
                    writeErrors.Merge(worker.Errors);
                }

                return workers.Sum(w => w.CompleteLatencies.Count + w.Reopens) / pairElapsed.TotalSeconds;
            }

            for (var i = 1; i <= pairCount; i++)
            {
                double sqlTps, httpTps;
                if (i % 2 == 1)
                {
                    sqlTps = await PgbenchTpsAsync(pairCommand);
                    httpTps = await CommandsPerSecondAsync();
                }
                else
                {
                    httpTps = await CommandsPerSecondAsync();
                    sqlTps = await PgbenchTpsAsync(pairCommand);
                }

                pairRatios.Add(httpTps / sqlTps);
                Console.WriteLine(Invariant($"pair {i}: {httpTps:F1} commands/s over HTTP, {sqlTps:F1} tps the command's own SQL (pgbench) → {100 * httpTps / sqlTps:F0} %"));
            }

            Console.WriteLine(Invariant($"pairs: commands/s ÷ own SQL, median {100 * Median(pairRatios):F0} % (min {100 * pairRatios.Min():F0} %, max {100 * pairRatios.Max():F0} %) over {pairCount} pairs of {pairSeconds.TotalSeconds:F0} s"));
        }

        // For bench/runtime.sh.
        Console.WriteLine(Invariant($"RESULT pair_median={(pairRatios.Count > 0 ? 100 * Median(pairRatios) : 0):F0} complete_tps={completeTps:F1} command_tps={commandTps:F1} complete_p50={P(completeLatencies, 0.50):F1} complete_p95={P(completeLatencies, 0.95):F1} commits_per_command={commitsPerCommand:F2} xids_per_command={writesPerCommand:F2} detail_p50={P(detail, 0.50):F1} detail_p95={P(detail, 0.95):F1} list_p50={P(list, 0.50):F1} list_p95={P(list, 0.95):F1} errors={writeErrors.Count + detailErrors.Count + listErrors.Count + warmupErrors.Count}"));
        return writeErrors.Count + detailErrors.Count + listErrors.Count + warmupErrors.Count == 0 ? 0 : 2;
    }

    private static async Task<TimeSpan> RunWorkersAsync(HttpClient http, List<Worker> workers, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunAsync(http, stop.Token))));
        return watch.Elapsed;
    }

    /// One client, one request after the other; the latencies sorted.
    private static async Task<List<double>> SequentialAsync(HttpClient http, int count, Func<string> nextPath, Errors errors)
    {
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            latencies.Add(await GetAsync(http, nextPath(), errors));
        }
        latencies.Sort();
        return latencies;
    }

    private static async Task<double> GetAsync(HttpClient http, string path, Errors errors)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        var ms = watch.Elapsed.TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            errors.Add(response.StatusCode, body);
        }
        return ms;
    }

    /// The database's committed transactions so far. Each call is one transaction of its own
    /// (so the statistics snapshot is fresh); the sleep lets backends flush their counters.
    private static async Task<long> CommitsAsync(NpgsqlConnection connection)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// Row writes so far on the two tables a task command writes (after CommitsAsync's settle).
    private static async Task<(long ProgrammeUpdates, long JournalInserts, long ProgrammeHotUpdates)> RowWritesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'programmes'), (SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'journal_entries'), (SELECT n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'programmes')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// The next transaction id to be assigned: the difference counts transactions that wrote.
    private static async Task<long> NextXidAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static double P(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static string Percentiles(List<double> sorted) =>
        Invariant($"p50 {P(sorted, 0.50):F1} ms, p95 {P(sorted, 0.95):F1} ms, p99 {P(sorted, 0.99):F1} ms, max {(sorted.Count == 0 ? double.NaN : sorted[^1]):F1} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record ProgrammeWork(Guid Id, List<TaskWork> Tasks);

    private sealed class TaskWork(string key)
    {
        public string Key { get; } = key;
        public bool Done { get; set; }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<double> PgbenchTpsAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var match = System.Text.RegularExpressions.Regex.Match(output, @"tps = ([0-9.]+)");
        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench printed no tps (exit {process.ExitCode}): {output} {errors}");
    }

    private sealed class Worker
    {
        private int next;

        public List<ProgrammeWork> Programmes { get; } = [];
        public List<double> CompleteLatencies { get; } = [];
        public int Reopens { get; private set; }
        public Errors Errors { get; private set; } = new();

        public void Reset()
        {
            CompleteLatencies.Clear();
            Reopens = 0;
            Errors = new Errors();
        }

        public async Task RunAsync(HttpClient http, CancellationToken stop)
        {
            var pairs = Programmes.SelectMany(p => p.Tasks.Select(t => (p.Id, Task: t))).ToList();
            if (pairs.Count == 0)
            {
                return;
            }
            while (!stop.IsCancellationRequested)
            {
                var (id, task) = pairs[next++ % pairs.Count];
                if (task.Done)
                {
                    var (reopenStatus, reopenBody, _) = await PostAsync(http, $"api/programmes/{id}/tasks/{task.Key}/reopen");
                    if (reopenStatus != HttpStatusCode.OK)
                    {
                        Errors.Add(reopenStatus, reopenBody);
                        continue;
                    }
                    Reopens++;
                    task.Done = false;
                }
                var (status, body, ms) = await PostAsync(http, $"api/programmes/{id}/tasks/{task.Key}/complete");
                if (status == HttpStatusCode.OK)
                {
                    CompleteLatencies.Add(ms);
                    task.Done = true;
                }
                else
                {
                    Errors.Add(status, body);
                }
            }
        }

        // Not cancelled mid-request: a request in flight when the time is up still finishes and counts.
        private static async Task<(HttpStatusCode Status, string Body, double Ms)> PostAsync(HttpClient http, string path)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsync(new Uri(path, UriKind.Relative), null);
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, body, watch.Elapsed.TotalMilliseconds);
        }
    }

    /// Failed requests: how many, by status, and the first few bodies.
    internal sealed class Errors
    {
        private readonly Dictionary<HttpStatusCode, int> byStatus = [];
        private readonly List<string> samples = [];

        public int Count => byStatus.Values.Sum();

        public void Add(HttpStatusCode status, string body)
        {
            lock (byStatus)
            {
                byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
                if (samples.Count < ErrorSamples)
                {
                    samples.Add($"{(int)status}: {body[..Math.Min(300, body.Length)]}");
                }
            }
        }

        public void Merge(Errors other)
        {
            foreach (var (status, count) in other.byStatus)
            {
                byStatus[status] = byStatus.GetValueOrDefault(status) + count;
            }
            samples.AddRange(other.samples.Take(ErrorSamples - samples.Count));
        }

        public override string ToString() => Count == 0
            ? "0"
            : $"{Count} ({string.Join(", ", byStatus.Select(s => $"{(int)s.Key}×{s.Value}"))}); first: {string.Join(" | ", samples)}";
    }
}
