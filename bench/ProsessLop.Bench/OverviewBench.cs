using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ProsessLop.Bench;

/// The steering group's overview page (`/oversikt`) rendered by the server, signed in through
/// the page sign-in like a person: p50/p95 and page weight, one client, sequential. Baseline in
/// the same run: `/health/live` (the framework's own minimum per request on this machine).
///   overview --url URL [--requests 300] [--definition fremtidens-kulturskole]
internal static partial class OverviewBench
{
    public static async Task<int> Run(BenchOptions options)
    {
        var url = new Uri(options.Required("url").TrimEnd('/') + "/");
        var requests = options.Int("requests", 300);
        var definition = options.Optional("definition") ?? "fremtidens-kulturskole";
        using var http = new HttpClient(new LoopbackCookies(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })) { BaseAddress = url };

        // Sign in as the demo owner through the page, antiforgery token and all.
        var login = await http.GetStringAsync("logg-inn");
        var token = Token().Match(login).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "demo-owner", ["__RequestVerificationToken"] = token });
        var signedIn = await http.PostAsync("logg-inn", form);
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
        {
            Console.Error.WriteLine($"sign-in failed: {(int)signedIn.StatusCode}");
            return 2;
        }

        var path = $"oversikt?definisjon={definition}";
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
            $"overview: {requests} sequential GET /{path}: {rows} participant rows, {body.Length / 1024.0:F1} KB; p50 {P(overview, 0.5):F1} ms, p95 {P(overview, 0.95):F1} ms, p99 {P(overview, 0.99):F1} ms; errors {errors}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"baseline: GET /health/live: p50 {P(baseline, 0.5):F1} ms, p95 {P(baseline, 0.95):F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT overview_rows={rows} overview_kb={body.Length / 1024.0:F1} overview_p50={P(overview, 0.5):F1} overview_p95={P(overview, 0.95):F1} baseline_p95={P(baseline, 0.95):F1} errors={errors}"));
        return errors == 0 ? 0 : 2;
    }

    /// The host marks its cookies Secure outside Development. Over loopback HTTP a browser still
    /// sends them back (Chromium counts 127.0.0.1 as secure); .NET's CookieContainer does not.
    private sealed class LoopbackCookies(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Dictionary<string, string> _cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await base.SendAsync(request, cancellationToken);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                _cookies[pair[..equals]] = pair[(equals + 1)..];
            }

            return response;
        }
    }

    private static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<th scope=\"row\"><a href=\"/deltaker/")]
    private static partial Regex Rows();
}
