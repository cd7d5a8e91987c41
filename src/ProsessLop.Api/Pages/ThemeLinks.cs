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
}
