using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Bench;

/// The programme studio's preview pages for a draft made from the shipped default definition
/// (issue 13: "validating and previewing the default definition answers in under 100 ms p95"):
/// the calendar page (`/studio/utkast/{id}/kalender?start=…`), the diagram page, and validating
/// the draft's JSON (`POST /api/definitions/validate`, a different text each time, as each save
/// is), one client, sequential, interleaved with
/// `GET /health/live` as the in-run baseline. Pages are requested signed in through `/logg-inn`
/// like a person; the draft is made and validated with a locally issued owner token.
///   studio --url URL --signing-key KEY [--requests 300] [--start 2027-03-22]
internal static class StudioBench
{
    public static async Task<int> Run(BenchOptions options)
    {
        var url = new Uri(options.Required("url").TrimEnd('/') + "/");
        var requests = options.Int("requests", 300);
        var start = options.Optional("start") ?? "2027-03-22";
        var token = LocalTokens.Create(new AuthOptions { SigningKey = options.Required("signing-key") },
            "bench-owner", "Benchmark", Roles.Owner, [], TimeSpan.FromHours(1));
        using var api = new HttpClient { BaseAddress = url };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var started = await api.PostAsJsonAsync("api/definitions/drafts", new { key = "fremtidens-kulturskole", basedOnVersion = 1 });
        if (started.StatusCode != HttpStatusCode.Created)
        {
            Console.Error.WriteLine($"starting the draft failed: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
            return 2;
        }

        var draft = await started.Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetGuid();
        // Every validation gets a different text (as every save is), so nothing can answer from a cache.
        var texts = Enumerable.Range(0, requests + 10).Select(i =>
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(draft.GetProperty("definition").GetRawText())!;
            node["description"] = $"{node["description"]} ({i})";
            return node.ToJsonString();
        }).ToList();
        var round = 0;
        var definition = draft.GetProperty("definition");
        var stages = definition.GetProperty("stages").GetArrayLength();
        var items = definition.GetProperty("stages").EnumerateArray().Sum(s => s.GetProperty("tasks").GetArrayLength() + s.GetProperty("reports").GetArrayLength());

        using var pages = await PageSession.SignInAsync(url);
        if (pages is null)
        {
            return 2;
        }

        var targets = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("calendar", () => pages.GetAsync($"studio/utkast/{id}/kalender?start={start}")),
            ("diagram", () => pages.GetAsync($"studio/utkast/{id}/diagram")),
            ("validate", () => api.PostAsync("api/definitions/validate", new StringContent(texts[round], Encoding.UTF8, "application/json"))),
            ("baseline", () => pages.GetAsync("health/live")),
        };
        var timings = targets.ToDictionary(t => t.Name, _ => new List<double>());
        var sizes = new Dictionary<string, int>();
        var errors = 0;
        for (var i = 0; i < 10 + requests; i++)
        {
            round = i;
            foreach (var (name, send) in targets)
            {
                var watch = Stopwatch.StartNew();
                using var response = await send();
                var body = await response.Content.ReadAsByteArrayAsync();
                var elapsed = watch.Elapsed.TotalMilliseconds;
                if (i < 10)
                {
                    sizes[name] = body.Length;
                    continue;
                }

                errors += response.StatusCode == HttpStatusCode.OK ? 0 : 1;
                timings[name].Add(elapsed);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"studio: draft of the default definition ({stages} stages, {items} tasks and reports), {requests} sequential rounds, start {start}"));
        var result = new StringBuilder("RESULT");
        foreach (var (name, list) in timings)
        {
            list.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-9} {sizes[name] / 1024.0,6:F1} KB  p50 {PageSession.Ms(PageSession.P(list, 0.5))} ms  p95 {PageSession.Ms(PageSession.P(list, 0.95))} ms  p99 {PageSession.Ms(PageSession.P(list, 0.99))} ms"));
            result.Append(CultureInfo.InvariantCulture, $" {name}_p95={PageSession.Ms(PageSession.P(list, 0.95))}");
        }

        Console.WriteLine(result.Append(CultureInfo.InvariantCulture, $" errors={errors}"));
        return errors == 0 ? 0 : 2;
    }
}
