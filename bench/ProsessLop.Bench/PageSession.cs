using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ProsessLop.Bench;

/// A client signed in to the pages as a demo user through `/logg-inn`, antiforgery token and
/// cookie, like a person (the host runs with Auth:DevelopmentSignIn=true).
internal static partial class PageSession
{
    public static async Task<HttpClient?> SignInAsync(Uri url, string user = "demo-owner")
    {
        var http = new HttpClient(new LoopbackCookies(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })) { BaseAddress = url };
        var login = await http.GetStringAsync("logg-inn");
        var token = Token().Match(login).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["__RequestVerificationToken"] = token });
        var signedIn = await http.PostAsync("logg-inn", form);
        if (signedIn.StatusCode == HttpStatusCode.Redirect)
        {
            return http;
        }

        Console.Error.WriteLine($"sign-in failed: {(int)signedIn.StatusCode}");
        http.Dispose();
        return null;
    }

    /// The q-quantile of sorted timings (nearest rank).
    public static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    public static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

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

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
