using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Bench;

/// Issue 15, targets 4 and 5: "complete task" under a paced (open-loop) load, and a burst.
///
/// `paced --url U --connection CS --signing-key K [--rate 100] [--seconds 60] [--programmes 1000]`
///   Open loop: completion n is due at start + n/rate and is sent at that moment whether or not
///   earlier ones have answered (a late answer never delays the next send, so queueing shows as
///   latency instead of as a lower rate). Programme n mod P, one open task each. So that every
///   completion finds its task open, the same task is reopened by a second open-loop stream at
///   the same rate, half a period later (each programme: complete at t, reopen at t + P/(2·rate),
///   complete at t + P/rate …): the host receives 2 × rate commands/s, half of them completions.
///   Measured per completion, from its scheduled send time (not the actual send, so a late send
///   counts too): (a) until the HTTP answer (200; the command's transaction has committed before
///   the answer is written), and (b) until its journal entry is visible to a reader: after the
///   answer, a separate Npgsql connection (pooled, one per in-flight reader) runs
///   `SELECT id FROM journal_entries WHERE programme_id = $1 AND id > $2 AND target = $3 AND
///   action = 'CompleteTask' ORDER BY id LIMIT 1` (index (programme_id, id)) and repeats it every 1 ms until a row
///   comes back. Baseline in the same run, same pacing and duration: `GET /health/live`. Before
///   both, a warm-up (`--warmup-seconds`, default 15): 16 closed-loop clients complete and reopen
///   the programmes' tasks, each client its own programmes.
///
/// `burst --url U --connection CS --signing-key K [--completions 30000] [--programmes 1000] [--clients 16]`
///   Closed loop, as fast as 16 clients go: each client owns whole programmes and cycles complete →
///   reopen on one task each, the last command on every programme a completion. Reported:
///   completions/s end to end (first send → last answer, reopens included in the time), and the
///   time from the last completion's answer until an `/oversikt` page (signed in as the demo
///   owner) requested after it has come back: the overview reads the database on every request
///   (its per-programme cache is keyed by the row's xmin), so that page shows the last completion.
internal static partial class PacedBench
{
    public static async Task<int> RunPaced(BenchOptions options)
    {
        var rate = options.Int("rate", 100);
        var seconds = options.Int("seconds", 60);
        var count = options.Int("programmes", 1000);
        using var http = Client(options, 4096);
        await using var dataSource = NpgsqlDataSource.Create(options.Required("connection") + ";Maximum Pool Size=200");
        var work = await OpenWorkAsync(http, dataSource, count);
        if (work.Count < count)
        {
            Console.WriteLine($"paced: only {work.Count} programmes with an open task (asked {count})");
        }

        // Warm-up, as runtime.sh's: without it the first seconds of the window met a host still
        // compiling the command path and growing its pool, and the completions due then waited
        // seconds (p95 0.7–1.2 s on 2026-12-01, while the reopens, starting five seconds later,
        // stayed at 12–15 ms).
        await WarmUpAsync(http, dataSource, work, TimeSpan.FromSeconds(options.Int("warmup-seconds", 15)));

        // Baseline: the host's minimum request under the same pacing.
        var baseline = await OpenLoopAsync(rate, seconds, async (n, due) =>
        {
            using var response = await http.GetAsync(new Uri("health/live", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode}";
        });

        var answered = new ConcurrentBag<double>();
        var visible = new ConcurrentBag<double>();
        var reopenAnswered = new ConcurrentBag<double>();
        var pollsNeeded = new ConcurrentBag<int>();
        var period = TimeSpan.FromSeconds((double)work.Count / rate);
        var half = period / 2;
        var clock = Stopwatch.StartNew();
        var start = clock.Elapsed + TimeSpan.FromMilliseconds(200);
        var errors = new HttpBench.Errors();
        var total = rate * seconds;
        var inFlight = new List<Task>(total * 2);
        var lateSends = 0;
        for (var n = 0; n < total; n++)
        {
            var programme = work[n % work.Count];
            var completeDue = start + TimeSpan.FromSeconds((double)n / rate);
            lateSends += await WaitUntilAsync(clock, completeDue) ? 1 : 0;
            var due = completeDue;
            inFlight.Add(Task.Run(async () =>
            {
                var (status, body) = await PostAsync(http, $"api/programmes/{programme.Id}/tasks/{programme.Task}/complete");
                var answer = clock.Elapsed - due;
                if (status != HttpStatusCode.OK)
                {
                    errors.Add(status, body);
                    return;
                }

                answered.Add(answer.TotalMilliseconds);
                var (polls, entry) = await VisibleAsync(dataSource, programme);
                visible.Add((clock.Elapsed - due).TotalMilliseconds);
                pollsNeeded.Add(polls);
                programme.LastJournalId = entry;
            }));

            // The reopen of a programme's task, half a period after its completion was due; the
            // first round of reopens starts after the first round of completions.
            if (n >= work.Count / 2)
            {
                var reopenN = n - work.Count / 2;
                var reopenProgramme = work[reopenN % work.Count];
                var reopenDue = start + TimeSpan.FromSeconds((double)reopenN / rate) + half;
                inFlight.Add(Task.Run(async () =>
                {
                    var wait = reopenDue - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }

                    var (status, body) = await PostAsync(http, $"api/programmes/{reopenProgramme.Id}/tasks/{reopenProgramme.Task}/reopen");
                    if (status != HttpStatusCode.OK)
                    {
                        errors.Add(status, body);
                        return;
                    }

                    reopenAnswered.Add((clock.Elapsed - reopenDue).TotalMilliseconds);
                }));
            }
        }

        await Task.WhenAll(inFlight);
        var sorted = (ConcurrentBag<double> bag) => bag.Order().ToList();
        Console.WriteLine(Invariant($"paced: {total} completions due at {rate}/s for {seconds} s over {work.Count} programmes (+ {reopenAnswered.Count} reopens at the same pace: {2 * rate} commands/s to the host); {lateSends} sends more than 2 ms behind schedule"));
        Console.WriteLine(Invariant($"  scheduled → answer (200):          {Percentiles(sorted(answered))}"));
        Console.WriteLine(Invariant($"  scheduled → journal entry visible: {Percentiles(sorted(visible))}; reader queries per entry: max {(pollsNeeded.IsEmpty ? 0 : pollsNeeded.Max())} (1 = visible on the first read)"));
        Console.WriteLine(Invariant($"  reopens, scheduled → answer:       {Percentiles(sorted(reopenAnswered))}"));
        Console.WriteLine(Invariant($"  baseline GET /health/live at {rate}/s: {Percentiles(baseline.Latencies)}; errors {baseline.Errors}"));
        Console.WriteLine(Invariant($"  errors {errors}"));
        var v = sorted(visible);
        Console.WriteLine(Invariant($"RESULT paced_visible_p50={P(v, 0.5):F1} paced_visible_p95={P(v, 0.95):F1} paced_visible_p99={P(v, 0.99):F1} errors={errors.Count}"));
        return errors.Count == 0 ? 0 : 2;
    }

    public static async Task<int> RunBurst(BenchOptions options)
    {
        var completions = options.Int("completions", 30000);
        var count = options.Int("programmes", 1000);
        var clients = options.Int("clients", 16);
        var url = new Uri(options.Required("url").TrimEnd('/') + "/");
        using var http = Client(options, clients * 2);
        await using var dataSource = NpgsqlDataSource.Create(options.Required("connection"));
        var work = await OpenWorkAsync(http, dataSource, count);
        using var pages = await PageSession.SignInAsync(url);
        if (pages is null)
        {
            return 2;
        }

        var overviewPath = "oversikt?definisjon=fremtidens-kulturskole";
        var before = Card(await pages.GetStringAsync(overviewPath));
        var perProgramme = completions / work.Count;
        var errors = new HttpBench.Errors();
        var done = 0;
        var clock = Stopwatch.StartNew();
        var lastAnswer = TimeSpan.Zero;
        var gate = new Lock();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = work.Where((_, i) => i % clients == c).ToList();
            for (var round = 0; round < perProgramme; round++)
            {
                foreach (var programme in mine)
                {
                    if (round > 0)
                    {
                        var (reopen, reopenBody) = await PostAsync(http, $"api/programmes/{programme.Id}/tasks/{programme.Task}/reopen");
                        if (reopen != HttpStatusCode.OK)
                        {
                            errors.Add(reopen, reopenBody);
                        }
                    }

                    var (status, body) = await PostAsync(http, $"api/programmes/{programme.Id}/tasks/{programme.Task}/complete");
                    if (status != HttpStatusCode.OK)
                    {
                        errors.Add(status, body);
                        continue;
                    }

                    Interlocked.Increment(ref done);
                    lock (gate)
                    {
                        lastAnswer = clock.Elapsed > lastAnswer ? clock.Elapsed : lastAnswer;
                    }
                }
            }
        })));
        var elapsed = lastAnswer;
        var pageWatch = Stopwatch.StartNew();
        var afterHtml = await pages.GetStringAsync(overviewPath);
        var pageAfter = clock.Elapsed - lastAnswer;
        var after = Card(afterHtml);
        Console.WriteLine(Invariant($"burst: {done} completions (+ {done - work.Count} reopens) over {work.Count} programmes at {clients} clients in {elapsed.TotalSeconds:F1} s: {done / elapsed.TotalSeconds:F1} completions/s end to end ({(2.0 * done - work.Count) / elapsed.TotalSeconds:F1} commands/s)"));
        Console.WriteLine(Invariant($"  last completion answered → an /oversikt requested after it has come back: {pageAfter.TotalMilliseconds:F0} ms (that page alone: {pageWatch.Elapsed.TotalMilliseconds:F0} ms); overview card before/after: {before} → {after}"));
        Console.WriteLine(Invariant($"  errors {errors}"));
        Console.WriteLine(Invariant($"RESULT burst_completions={done} burst_seconds={elapsed.TotalSeconds:F1} burst_per_second={done / elapsed.TotalSeconds:F1} overview_after_ms={pageAfter.TotalMilliseconds:F0} errors={errors.Count}"));
        return errors.Count == 0 ? 0 : 2;
    }

    private sealed class Work(Guid id, string task)
    {
        public Guid Id { get; } = id;
        public string Task { get; } = task;
        public long LastJournalId { get; set; }
    }

    private static HttpClient Client(BenchOptions options, int connections)
    {
        var token = LocalTokens.Create(new AuthOptions { SigningKey = options.Required("signing-key") },
            "bench-owner", "Benchmark", Roles.Owner, [], TimeSpan.FromHours(2));
        var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { BaseAddress = new Uri(options.Required("url")), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    // The first `count` active programmes (by id) with a task the owner may complete now (the
    // detail's allowedActions), one task each, and the last journal id of each.
    private static async Task<List<Work>> OpenWorkAsync(HttpClient http, NpgsqlDataSource dataSource, int count)
    {
        var active = new List<Guid>();
        await using (var command = dataSource.CreateCommand("SELECT id FROM programmes WHERE status = 'Active' ORDER BY id"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                active.Add(reader.GetGuid(0));
            }
        }

        var work = new List<Work>();
        foreach (var id in active)
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/programmes/{id}", UriKind.Relative)));
            var task = json.RootElement.GetProperty("allowedActions").EnumerateArray()
                .Where(a => string.Equals(a.GetProperty("kind").GetString(), "completeTask", StringComparison.OrdinalIgnoreCase))
                .Select(a => a.GetProperty("target").GetString()).FirstOrDefault();
            if (task is not null)
            {
                work.Add(new Work(id, task) { LastJournalId = await LastJournalIdAsync(dataSource, id) });
                if (work.Count == count)
                {
                    break;
                }
            }
        }

        Console.WriteLine($"work: {work.Count} programmes with an open task, of {active.Count} active");
        return work;
    }

    // 16 clients, closed loop: each completes and reopens the task of its own programmes in turn,
    // so every task is open again at the end; then each programme's last journal entry is read
    // again, so the window's reader looks only for entries after the warm-up's.
    private static async Task WarmUpAsync(HttpClient http, NpgsqlDataSource dataSource, List<Work> work, TimeSpan length)
    {
        if (length <= TimeSpan.Zero)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var commands = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
        {
            for (var i = client; clock.Elapsed < length && i < work.Count; i = i + 16 < work.Count ? i + 16 : client)
            {
                var programme = work[i];
                foreach (var step in new[] { "complete", "reopen" })
                {
                    var (status, body) = await PostAsync(http, $"api/programmes/{programme.Id}/tasks/{programme.Task}/{step}");
                    if (status != HttpStatusCode.OK)
                    {
                        throw new InvalidOperationException($"warm-up: {step} answered {(int)status}: {body}");
                    }

                    Interlocked.Increment(ref commands);
                }
            }
        })));
        foreach (var programme in work)
        {
            programme.LastJournalId = await LastJournalIdAsync(dataSource, programme.Id);
        }

        Console.WriteLine(Invariant($"warm-up: {commands} commands (complete + reopen) in {clock.Elapsed.TotalSeconds:F1} s at 16 clients"));
    }

    private static async Task<long> LastJournalIdAsync(NpgsqlDataSource dataSource, Guid programme)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM journal_entries WHERE programme_id = $1");
        command.Parameters.AddWithValue(programme);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // Polls until the completion's journal entry is visible; returns the number of reads and its id.
    private static async Task<(int Reads, long Id)> VisibleAsync(NpgsqlDataSource dataSource, Work programme)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id FROM journal_entries WHERE programme_id = $1 AND id > $2 AND target = $3 AND action = 'CompleteTask' ORDER BY id LIMIT 1", connection);
        command.Parameters.AddWithValue(programme.Id);
        command.Parameters.AddWithValue(programme.LastJournalId);
        command.Parameters.AddWithValue(programme.Task);
        for (var reads = 1; ; reads++)
        {
            if (await command.ExecuteScalarAsync() is long id)
            {
                return (reads, id);
            }

            if (reads > 5000)
            {
                throw new InvalidOperationException($"The journal entry of {programme.Id}/{programme.Task} did not appear.");
            }

            await Task.Delay(1);
        }
    }

    private sealed record Loop(List<double> Latencies, HttpBench.Errors Errors);

    private static async Task<Loop> OpenLoopAsync(int rate, int seconds, Func<int, TimeSpan, Task<string?>> send)
    {
        var clock = Stopwatch.StartNew();
        var start = clock.Elapsed + TimeSpan.FromMilliseconds(100);
        var latencies = new ConcurrentBag<double>();
        var errors = new HttpBench.Errors();
        var tasks = new List<Task>(rate * seconds);
        for (var n = 0; n < rate * seconds; n++)
        {
            var due = start + TimeSpan.FromSeconds((double)n / rate);
            await WaitUntilAsync(clock, due);
            var i = n;
            tasks.Add(Task.Run(async () =>
            {
                var error = await send(i, due);
                if (error is null)
                {
                    latencies.Add((clock.Elapsed - due).TotalMilliseconds);
                }
                else
                {
                    errors.Add(HttpStatusCode.InternalServerError, error);
                }
            }));
        }

        await Task.WhenAll(tasks);
        return new Loop([.. latencies.Order()], errors);
    }

    // Sleeps until `due` (no spinning: the bench shares the 2 cores with the host; a send up to a
    // timer tick late still counts from `due`); true when already more than 2 ms late.
    private static async Task<bool> WaitUntilAsync(Stopwatch clock, TimeSpan due)
    {
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        return wait < TimeSpan.FromMilliseconds(-2);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, string path)
    {
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), null);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Card(string html) => string.Join(", ", CardItem().Matches(html).Select(m => $"{m.Groups[1].Value} {WebUtility.HtmlDecode(m.Groups[2].Value).Trim()}"));

    [GeneratedRegex(@"<li><strong>(\d+)</strong>\s*([^<]+)</li>")]
    private static partial Regex CardItem();

    private static double P(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static string Percentiles(List<double> sorted) =>
        Invariant($"n {sorted.Count}, p50 {P(sorted, 0.50):F1} ms, p95 {P(sorted, 0.95):F1} ms, p99 {P(sorted, 0.99):F1} ms, max {(sorted.Count == 0 ? double.NaN : sorted[^1]):F1} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
