using System.Text.RegularExpressions;

namespace ProsessLop.Api.Tests.Language;

/// What a page in one standard must and must not say, and that no resource key reached it.
public static class PageWords
{
    private static readonly Regex ResourceKey = new(@"[A-Z][A-Za-z]+_[A-Z]\w+");

    // Antiforgery tokens (random, in hidden fields) can look like a key: everything else is scanned.
    private static readonly Regex HiddenInput = new("<input [^>]*type=\"hidden\"[^>]*>");

    /// A page that answered 200, decoded, with no resource key in it.
    public static async Task<string> PageAsync(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        HasNoResourceKey(html);
        return html;
    }

    public static void HasNoResourceKey(string html) =>
        Assert.Empty(ResourceKey.Matches(HiddenInput.Replace(html, "")).Select(m => m.Value));

    public static void Reads(string html, string[] present, string[] absent)
    {
        Assert.All(present, p => Assert.Contains(p, html));
        Assert.All(absent, a => Assert.DoesNotContain(a, html));
    }
}
