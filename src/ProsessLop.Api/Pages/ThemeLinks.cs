using Microsoft.AspNetCore.Http.Extensions;
using ProsessLop.Api.Infrastructure.Language;

namespace ProsessLop.Api.Pages;

/// The theme pages' stable addresses, in one place: pages, the feed and the open data link to them.
public static class ThemeLinks
{
    public const string Licence = "https://data.norge.no/nlod/no/2.0";

    private static string E(string s) => Uri.EscapeDataString(s);

    public static string Theme(string key) => $"/tema/{E(key)}";

    public static string Participant(string key, string participantId) => $"/tema/{E(key)}/deltaker/{E(participantId)}";

    public static string Report(string key, Guid id) => $"/tema/{E(key)}/rapport/{id}";

    public static string Learning(string key, string participantId, Guid id) => $"{Participant(key, participantId)}#erfaring-{id}";

    public static string Recommendations(string key) => $"/tema/{E(key)}/anbefalinger";

    /// The published recommendations as files to send: a standalone HTML file and a PDF.
    public static string RecommendationsHtml(string key) => $"/tema/{E(key)}/anbefalinger.html";

    public static string RecommendationsPdf(string key) => $"/tema/{E(key)}/anbefalinger.pdf";

    public static string Feed(string key) => $"/tema/{E(key)}/feed.atom";

    public static string DataJson(string key) => $"/tema/{E(key)}/data.json";

    public static string DataCsv(string key) => $"/tema/{E(key)}/data.csv";

    /// A link from one public page to another keeps the standard the visitor chose there
    /// (`?malform=` in the address; see WrittenStandards.PublicAddressProvider). Without a choice in
    /// the address, the link is the plain stable address.
    public static string Kept(HttpContext http, string url) =>
        WrittenStandards.FromCode(http.Request.Query[WrittenStandards.Query].FirstOrDefault()) is { } chosen
            ? WithStandard(url, WrittenStandards.Code(chosen))
            : url;

    /// This page in the other standard: the same address and query, with `malform` set.
    public static string OtherStandard(HttpContext http, string code)
    {
        var query = new QueryBuilder(http.Request.Query.Where(q => q.Key != WrittenStandards.Query)
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))));
        query.Add(WrittenStandards.Query, code);
        return $"{http.Request.PathBase}{http.Request.Path}{query}";
    }

    private static string WithStandard(string url, string code)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var (path, fragment) = hash < 0 ? (url, "") : (url[..hash], url[hash..]);
        return $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{WrittenStandards.Query}={code}{fragment}";
    }
}
