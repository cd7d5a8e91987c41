using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace ProsessLop.Api.Pages.Tema;

/// A sentence from the resources with links in it: the sentence is one text per standard (never
/// cut around the links, so the words stay in order in both), encoded, with the links filled in.
public static class ThemeHtml
{
    public static string Link(string href, string text, string? rel = null) =>
        $"<a href=\"{HtmlEncoder.Default.Encode(href)}\"{(rel is null ? "" : $" rel=\"{HtmlEncoder.Default.Encode(rel)}\"")}>{HtmlEncoder.Default.Encode(text)}</a>";

    public static IHtmlContent Format(string sentence, params string[] links) =>
        new HtmlString(string.Format(CultureInfo.CurrentCulture, HtmlEncoder.Default.Encode(sentence), links));
}
