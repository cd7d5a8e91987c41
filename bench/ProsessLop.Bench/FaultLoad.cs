using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Bench;

/// `fault-load --urls U1[,U2] --connection CS --signing-key K --log FILE [--clients 8] [--seconds 30]
///             [--give-up-seconds 60]`
///
/// The client side of the fault experiments (bench/faults/): "complete task" and "reopen task"
/// commands at N clients, each with its own `Idempotency-Key`. Each client owns whole programmes
/// and sends one command at a time. A command is retried with the SAME key until it gets an
/// answer that is not "try again": on a connection error (the host was killed) it moves to the
/// next URL; on 503 it waits (Retry-After) and retries; on the idempotency 409 "still being
/// processed" it waits and retries. Every answer the client accepted is written to --log
/// (key, programme, task, action, status, replayed, attempts, body) for `fault-verify`. Every
/// attempt's outcome is counted by second and by status, and every 5xx body is checked for a
/// stack trace.
internal static class FaultLoad
{
    public static async Task<int> Run(BenchOptions options)
    {
        var urls = options.Required("urls").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToArray();
        var clients = options.Int("clients", 8);
        var seconds = options.Int("seconds", 30);
        var giveUp = TimeSpan.FromSeconds(options.Int("give-up-seconds", 60));
        var token = LocalTokens.Create(new AuthOptions { SigningKey = options.Required("signing-key") },
            "fault-owner", "Feilforsøk", Roles.Owner, [], TimeSpan.FromHours(2));

        using var http = Client(token);
        var work = await OpenTasksAsync(http, urls[0], options.Required("connection"));
        var workers = Enumerable.Range(0, clients).Select(i => new Worker(i, urls, giveUp)).ToList();
        for (var i = 0; i < work.Count; i++)
        {
            workers[i % clients].Tasks.AddRange(work[i].Tasks.Select(t => (work[i].Id, t)));
        }
        Console.WriteLine($"fault-load: {work.Count} programmes, {work.Sum(w => w.Tasks.Count)} open tasks, {clients} clients, {seconds} s, urls {string.Join(" ", urls.Select(u => u.ToString()))}");

        var stats = new AttemptStats();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var started = Stopwatch.StartNew();
        var results = new ConcurrentBag<Accepted>();
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunAsync(http, stats, results, started, stop.Token))));

        await using (var log = new StreamWriter(options.Required("log")))
        {
            foreach (var r in results.OrderBy(r => r.At))
            {
                await log.WriteLineAsync(JsonSerializer.Serialize(r));
            }
        }

        var accepted = results.ToList();
        Console.WriteLine(stats.Timeline());
        var ok = accepted.Count(r => r.Status is >= 200 and < 300);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT commands={accepted.Count} acknowledged_2xx={ok} answer_lost={accepted.Count(r => r.Status == 409 && r.Body.Contains("svaret gikk tapt", StringComparison.Ordinal))} other_final={accepted.Count - ok} retried_commands={accepted.Count(r => r.Attempts > 1)} replayed={accepted.Count(r => r.Replayed)} " +
            $"attempts={stats.Total} by_outcome={stats.ByOutcome()} stack_traces_in_5xx={stats.StackTraces} 5xx_not_problem_json={stats.NotProblem} " +
            $"longest_without_2xx_s={stats.LongestGap():F1} gave_up={workers.Sum(w => w.GaveUp)}"));
        if (stats.Samples.Count > 0)
        {
            Console.WriteLine("first 5xx bodies: " + string.Join(" | ", stats.Samples));
        }
        return 0;
    }

    internal static HttpClient Client(string token)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 64,
            // A killed host's pooled connections must not be reused for long.
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(2),
        })
        { Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    // The open tasks of every active programme, from the host's own allowedActions.
    private static async Task<List<(Guid Id, List<string> Tasks)>> OpenTasksAsync(HttpClient http, Uri url, string connection)
    {
        var ids = new List<Guid>();
        await using (var db = NpgsqlDataSource.Create(connection))
        await using (var command = db.CreateCommand("SELECT id FROM programmes WHERE status = 'Active' ORDER BY id"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        var work = new List<(Guid, List<string>)>();
        foreach (var id in ids)
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(url, $"api/programmes/{id}")));
            var tasks = json.RootElement.GetProperty("allowedActions").EnumerateArray()
                .Where(a => string.Equals(a.GetProperty("kind").GetString(), "completeTask", StringComparison.OrdinalIgnoreCase))
                .Select(a => a.GetProperty("target").GetString()!)
                .ToList();
            if (tasks.Count > 0)
            {
                work.Add((id, tasks));
            }
        }
        return work;
    }

    /// One command as the client finally saw it.
    internal sealed record Accepted(string Key, Guid Programme, string Task, string Action, int Status, bool Replayed, int Attempts, double At, string Body);

    private sealed class Worker(int number, Uri[] urls, TimeSpan giveUp)
    {
        private int url = number % urls.Length;

        public List<(Guid Id, string Task)> Tasks { get; } = [];
        public int GaveUp { get; private set; }

        public async Task RunAsync(HttpClient http, AttemptStats stats, ConcurrentBag<Accepted> results, Stopwatch clock, CancellationToken stop)
        {
            var done = new HashSet<(Guid, string)>();
            for (var i = 0; !stop.IsCancellationRequested && Tasks.Count > 0; i++)
            {
                var (id, task) = Tasks[i % Tasks.Count];
                var action = done.Contains((id, task)) ? "reopen" : "complete";
                var key = Guid.NewGuid().ToString();
                var result = await SendAsync(http, stats, clock, id, task, action, key);
                if (result is null)
                {
                    GaveUp++;
                    continue;
                }
                results.Add(result);
                // "Carried out, but the answer was lost" (its host died between the commit and storing
                // the answer): the command happened, as the client is told.
                if (result.Status is >= 200 and < 300 || (result.Status == 409 && result.Body.Contains("svaret gikk tapt", StringComparison.Ordinal)))
                {
                    if (action == "complete") { done.Add((id, task)); } else { done.Remove((id, task)); }
                }
            }
        }

        // Not cancelled by the end of the run: a command in flight is carried to its answer.
        private async Task<Accepted?> SendAsync(HttpClient http, AttemptStats stats, Stopwatch clock, Guid id, string task, string action, string key)
        {
            var first = clock.Elapsed;
            for (var attempt = 1; clock.Elapsed - first < giveUp; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(urls[url], $"api/programmes/{id}/tasks/{task}/{action}"));
                request.Headers.Add("Idempotency-Key", key);
                try
                {
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    var status = (int)response.StatusCode;
                    stats.Add(clock.Elapsed, status.ToString(CultureInfo.InvariantCulture), status, body, response.Content.Headers.ContentType?.MediaType);
                    var stillRunning = status == 409 && body.Contains("behandles fortsatt", StringComparison.Ordinal);
                    if (status >= 500 || stillRunning)
                    {
                        var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(500);
                        await Task.Delay(wait > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : wait);
                        continue;
                    }
                    var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Contains("true");
                    return new Accepted(key, id, task, action, status, replayed, attempt, clock.Elapsed.TotalSeconds, body);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The host is gone (or hangs): the same key to the next host.
                    stats.Add(clock.Elapsed, "connection-error", 0, null, null);
                    url = (url + 1) % urls.Length;
                    await Task.Delay(200);
                }
            }
            return null;
        }
    }

    private sealed class AttemptStats
    {
        private readonly Lock gate = new();
        private readonly Dictionary<string, int> byOutcome = [];
        private readonly SortedDictionary<int, Dictionary<string, int>> bySecond = [];
        private readonly List<double> successes = [];

        public int Total { get; private set; }
        public int StackTraces { get; private set; }
        public int NotProblem { get; private set; }
        public List<string> Samples { get; } = [];

        public void Add(TimeSpan at, string outcome, int status, string? body, string? mediaType)
        {
            lock (gate)
            {
                Total++;
                byOutcome[outcome] = byOutcome.GetValueOrDefault(outcome) + 1;
                if (!bySecond.TryGetValue((int)at.TotalSeconds, out var s))
                {
                    s = bySecond[(int)at.TotalSeconds] = [];
                }
                var bucket = status is >= 200 and < 300 ? "2xx" : outcome;
                s[bucket] = s.GetValueOrDefault(bucket) + 1;
                if (status is >= 200 and < 300)
                {
                    successes.Add(at.TotalSeconds);
                }
                if (status >= 500 && body is not null)
                {
                    // A .NET stack trace has "   at Namespace.Type.Method(" lines.
                    if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("StackTrace", StringComparison.OrdinalIgnoreCase))
                    {
                        StackTraces++;
                    }
                    if (mediaType != "application/problem+json")
                    {
                        NotProblem++;
                    }
                    if (Samples.Count < 3)
                    {
                        Samples.Add($"{status} {mediaType}: {body[..Math.Min(240, body.Length)]}");
                    }
                }
            }
        }

        public string ByOutcome() => string.Join(",", byOutcome.OrderBy(o => o.Key).Select(o => $"{o.Key}:{o.Value}"));

        public double LongestGap()
        {
            var sorted = successes.Order().ToList();
            return sorted.Zip(sorted.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max();
        }

        public string Timeline() => "per second: " + string.Join(" ", bySecond.Select(s =>
            $"{s.Key}s[{string.Join(",", s.Value.OrderBy(v => v.Key).Select(v => $"{v.Key}:{v.Value}"))}]"));
    }
}
