using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ProsessLop.Bench;

/// The steering group's overview page (`/oversikt`) rendered by the server, signed in through
/// the page sign-in like a person: p50/p95 and page weight, one client, sequential. Baseline in
/// the same run: `/health/live` (the framework's own minimum per request on this machine).
///   overview --url URL [--requests 300] [--definition fremtidens-kulturskole] [--query "&fylke=99"]
/// (--query is appended to the page's query string: a county with no participants renders no
/// rows but computes everything else, so the difference is the cost of rendering the rows.)
internal static partial class OverviewBench
{
    public static async Task<int> Run(BenchOptions options)
    {
        var url = new Uri(options.Required("url").TrimEnd('/') + "/");
        var requests = options.Int("requests", 300);
        var definition = options.Optional("definition") ?? "fremtidens-kulturskole";
        using var http = await PageSession.SignInAsync(url);
        if (http is null)
        {
            return 2;
        }

        var path = $"oversikt?definisjon={definition}{options.Optional("query")}";
        var first = await http.GetAsync(path);
        var body = await first.Content.ReadAsByteArrayAsync();
        var rows = Rows().Matches(System.Text.Encoding.UTF8.GetString(body)).Count;
        for (var i = 0; i < 10; i++)
        {
            await http.GetAsync(path);
            await http.GetAsync("health/live");
        }

        var overview = new List<double>();
        var baseline = new List<double>();
        var errors = 0;
        for (var i = 0; i < requests; i++)
        {
            var watch = Stopwatch.StartNew();
            using (var response = await http.GetAsync(path))
            {
                await response.Content.ReadAsByteArrayAsync();
                errors += response.StatusCode == HttpStatusCode.OK ? 0 : 1;
            }

            overview.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            using (var response = await http.GetAsync("health/live"))
            {
                await response.Content.ReadAsByteArrayAsync();
            }

            baseline.Add(watch.Elapsed.TotalMilliseconds);
        }

        overview.Sort();
        baseline.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overview: {requests} sequential GET /{path}: {rows} participant rows, {body.Length / 1024.0:F1} KB; p50 {PageSession.P(overview, 0.5):F1} ms, p95 {PageSession.P(overview, 0.95):F1} ms, p99 {PageSession.P(overview, 0.99):F1} ms; errors {errors}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"baseline: GET /health/live: p50 {PageSession.P(baseline, 0.5):F1} ms, p95 {PageSession.P(baseline, 0.95):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT overview_rows={rows} overview_kb={body.Length / 1024.0:F1} overview_p50={PageSession.P(overview, 0.5):F1} overview_p95={PageSession.P(overview, 0.95):F1} baseline_p95={PageSession.P(baseline, 0.95):F1} errors={errors}"));
        return errors == 0 ? 0 : 2;
    }

    [GeneratedRegex("<th scope=\"row\"><a href=\"/deltaker/")]
    private static partial Regex Rows();
}
