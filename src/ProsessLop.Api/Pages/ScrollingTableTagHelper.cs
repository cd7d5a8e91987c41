using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ProsessLop.Api.Pages;

/// Every table on the pages scrolls inside its own container, so a wide table never makes the
/// page wider than a phone (WCAG 1.4.10). The container can take keyboard focus to be scrolled
/// (WCAG 2.1.1) and is named after the table.
[HtmlTargetElement("table")]
public sealed partial class ScrollingTableTagHelper : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var name = output.Attributes["aria-labelledby"]?.Value ?? output.Attributes["aria-describedby"]?.Value;
        string label;
        if (name is not null)
        {
            label = $"aria-labelledby=\"{Encoded(name)}\"";
        }
        else
        {
            // The caption as Razor wrote it: already encoded, so safe inside the attribute.
            var caption = Caption().Match((await output.GetChildContentAsync()).GetContent());
            label = $"aria-label=\"{(caption.Success ? Tags().Replace(caption.Groups[1].Value, "").Trim() : "Tabell")}\"";
        }

        output.PreElement.SetHtmlContent($"<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" {label}>");
        output.PostElement.SetHtmlContent("</div>");
    }

    // A value Razor built from expressions is HTML content; render it as it would be written.
    private static string Encoded(object value)
    {
        if (value is not Microsoft.AspNetCore.Html.IHtmlContent html)
        {
            return System.Net.WebUtility.HtmlEncode(value.ToString() ?? "");
        }

        using var writer = new StringWriter();
        html.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }

    [GeneratedRegex("<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline)]
    private static partial Regex Caption();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
