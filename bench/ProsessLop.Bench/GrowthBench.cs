using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Npgsql;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Bench;

/// `growth --url U --connection CS --signing-key K [--requests 500] [--compiles 5] [--seed 7]`
///
/// The reads whose cost may grow with the data, one client, sequential, against a running host
/// on a generated data set (and `growth-people.sql`: one coordinator per municipality with
/// assigned tasks in every cohort). Beside them, in the same run and the same process, two
/// baselines that should not grow: `GET /health/live` (the host's minimum per request) and an
/// indexed single-row `SELECT` on `programmes` by primary key over one Npgsql connection (the
/// database's minimum per query); `SELECT 1` as well. Then the compiled status (owner's POST), timed.
internal static class GrowthBench
{
    public static async Task<int> Run(BenchOptions options)
    {
        var requests = options.Int("requests", 500);
        var compiles = options.Int("compiles", 5);
        var random = new Random(options.Int("seed", 7));
        var auth = new AuthOptions { SigningKey = options.Required("signing-key") };
        var ownerToken = LocalTokens.Create(auth, "bench-owner", "Benchmark", Roles.Owner, [], TimeSpan.FromHours(2));

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = new Uri(options.Required("url")), Timeout = TimeSpan.FromMinutes(5) };

        await using var dataSource = NpgsqlDataSource.Create(options.Required("connection"));
        await using var connection = await dataSource.OpenConnectionAsync();
        var ids = new List<Guid>();
        await using (var command = new NpgsqlCommand("SELECT id FROM programmes", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }
        var coordinators = new List<(string Subject, string ParticipantId)>();
        await using (var command = new NpgsqlCommand("SELECT user_subject, participant_id FROM contact_persons WHERE user_subject LIKE 'bench-coordinator-%'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                coordinators.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        if (coordinators.Count == 0)
        {
            Console.Error.WriteLine("No bench coordinators: run bench/growth-people.sql on the database first.");
            return 1;
        }
        // One token per coordinator, made once (token creation is not what is measured).
        var coordinatorTokens = coordinators.Select(c => LocalTokens.Create(auth, c.Subject, "Koordinator", Roles.Coordinator, [c.ParticipantId], TimeSpan.FromHours(2))).ToList();
        var counties = Municipality.Official2024.Select(m => m.CountyNumber).Distinct().Order().ToList();
        var errors = new HttpBench.Errors();

        async Task<double> Get(string path, string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                errors.Add(response.StatusCode, body);
            }
            return elapsed;
        }

        // Every page of a person's tasks (limit 200, following Link rel="next"): what the endpoint
        // returned in one answer before it paged — the whole history, beside the first page.
        async Task<double> Walk(string token)
        {
            var watch = Stopwatch.StartNew();
            for (string? path = "api/me/tasks?limit=200"; path is not null;)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    errors.Add(response.StatusCode, body);
                    break;
                }

                path = response.Headers.TryGetValues("Link", out var links) && links.Single() is var link
                    ? link[2..link.IndexOf('>', StringComparison.Ordinal)] // "</api/…>; rel=\"next\"" → "api/…"
                    : null;
            }

            return watch.Elapsed.TotalMilliseconds;
        }

        await using var byId = new NpgsqlCommand("SELECT id, participant_id, status, health FROM programmes WHERE id = $1", connection) { Parameters = { new() { Value = Guid.Empty } } };
        await byId.PrepareAsync();
        await using var one = new NpgsqlCommand("SELECT 1", connection);
        await one.PrepareAsync();
        async Task<double> Sql(NpgsqlCommand command)
        {
            var watch = Stopwatch.StartNew();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                }
            }
            return watch.Elapsed.TotalMilliseconds;
        }

        // Each measured read in turn, so noise on the shared machine lands on all of them alike.
        var measures = new (string Name, Func<Task<double>> Once)[]
        {
            ("health_live", () => Get("health/live", null)),
            ("sql_select1", () => Sql(one)),
            ("sql_by_id", () => { byId.Parameters[0].Value = ids[random.Next(ids.Count)]; return Sql(byId); }),
            ("detail", () => Get($"api/programmes/{ids[random.Next(ids.Count)]}", ownerToken)),
            ("county_list", () => Get($"api/programmes?county={counties[random.Next(counties.Count)]}&pageSize=50", ownerToken)),
            ("my_tasks", () => Get("api/me/tasks", coordinatorTokens[random.Next(coordinatorTokens.Count)])),
            ("my_tasks_all_pages", () => Walk(coordinatorTokens[random.Next(coordinatorTokens.Count)])),
        };
        var samples = measures.ToDictionary(m => m.Name, _ => new List<double>());
        for (var i = 0; i < requests + 50; i++)
        {
            foreach (var (name, once) in measures)
            {
                var ms = await once();
                if (i >= 50)
                {
                    samples[name].Add(ms);
                }
            }
        }
        var result = new List<string>();
        foreach (var (name, list) in samples)
        {
            list.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {list.Count} sequential, p50 {P(list, 0.5):F2} ms, p95 {P(list, 0.95):F2} ms, p99 {P(list, 0.99):F2} ms"));
            result.Add(string.Create(CultureInfo.InvariantCulture, $"{name}_p50={P(list, 0.5):F2} {name}_p95={P(list, 0.95):F2}"));
        }

        // The compiled status: the owner's POST, as the scheduled job sends the same command.
        var compileTimes = new List<double>();
        for (var i = 0; i < compiles + 1; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/status-reports/fremtidens-kulturskole");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ownerToken);
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                errors.Add(response.StatusCode, body);
            }
            if (i > 0)
            {
                compileTimes.Add(elapsed); // the first warms the path up
            }
        }
        compileTimes.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compile status (POST /api/status-reports/fremtidens-kulturskole): {compileTimes.Count} runs after one warm-up, median {P(compileTimes, 0.5):F0} ms, max {compileTimes[^1]:F0} ms (all: {string.Join(" ", compileTimes.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))})"));
        Console.WriteLine($"errors: {errors}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT programmes={ids.Count} {string.Join(' ', result)} compile_median={P(compileTimes, 0.5):F0} compile_max={compileTimes[^1]:F0} errors={errors.Count}"));
        return errors.Count == 0 ? 0 : 2;
    }

    private static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
