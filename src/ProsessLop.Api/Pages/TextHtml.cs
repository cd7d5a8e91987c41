using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace ProsessLop.Api.Pages;

/// A resource text whose blanks hold markup (a name in bold, a link): the text and plain values
/// are encoded by the page's encoder, markup values are written as they are. The sentence stays
/// one resource in each standard instead of being cut in pieces around the markup.
public sealed partial class TextHtml(string format, object?[] args) : IHtmlContent
{
    public static TextHtml Format(string format, params object?[] args) => new(format, args);

    public static IHtmlContent Strong(string text) => Tag("strong", text);

    public static IHtmlContent Code(string text) => Tag("code", text);

    public static IHtmlContent Link(string href, string text) =>
        new HtmlContentBuilder().AppendHtml("<a href=\"").Append(href).AppendHtml("\">").Append(text).AppendHtml("</a>");

    private static IHtmlContent Tag(string tag, string text) =>
        new HtmlContentBuilder().AppendHtml($"<{tag}>").Append(text).AppendHtml($"</{tag}>");

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        foreach (var part in Blanks().Split(format))
        {
            if (part.Length > 2 && part[0] == '{' && int.TryParse(part.AsSpan(1, part.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < args.Length)
            {
                if (args[i] is IHtmlContent html)
                {
                    html.WriteTo(writer, encoder);
                }
                else
                {
                    encoder.Encode(writer, Convert.ToString(args[i], CultureInfo.CurrentCulture) ?? "");
                }
            }
            else
            {
                encoder.Encode(writer, part);
            }
        }
    }

    [GeneratedRegex(@"(\{\d+\})")]
    private static partial Regex Blanks();
}
