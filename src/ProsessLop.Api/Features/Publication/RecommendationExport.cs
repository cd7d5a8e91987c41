using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Language;

namespace ProsessLop.Api.Features.Publication;

/// The recommendations as files to send to KS and Norsk kulturskoleråd: a standalone HTML file
/// (one file, its own print styles, every citation a full link to the public theme page) and a
/// PDF (title, sections, citations with their addresses, bookmarks per section, clickable links).
/// Owners export at any state; once published anyone can, from the theme page.
public static class RecommendationExport
{
    /// The HTML file's only style: one fixed block, allowed by its hash in the response's CSP.
    public const string Style = """
        body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
        h1 { font-size: 1.8rem; margin-bottom: .25rem; }
        h2 { font-size: 1.3rem; margin-top: 2rem; border-top: 1px solid #767676; padding-top: 1rem; }
        .meta { color: #4a4a4a; }
        .draft { border: 2px solid #a00; padding: .5rem; color: #a00; font-weight: bold; }
        .text { white-space: pre-line; }
        a { color: #0b4f8a; }
        @media print { body { margin: 0; max-width: none; } a { color: inherit; } .url { font-size: .85em; word-break: break-all; } h2 { break-after: avoid; } }
        """;

    /// `'sha256-…'` for <see cref="Style"/>, for the CSP's style-src.
    public static readonly string StyleHash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style))) + "'";

    public static string FileName(string key, string extension) => $"anbefalinger-{key}.{extension}";

    public static IEndpointRouteBuilder MapRecommendationExports(this IEndpointRouteBuilder app)
    {
        var theme = app.MapGroup("/tema/{definitionKey}").AllowAnonymous().ExcludeFromDescription();
        theme.MapGet("/anbefalinger.html", (string definitionKey, ThemeReader reader, PublicCache cache, HttpContext http, CancellationToken ct) =>
            GetPublishedRecommendationsFile(definitionKey, "html", reader, cache, http, ct)).WithName("GetRecommendationsHtml");
        theme.MapGet("/anbefalinger.pdf", (string definitionKey, ThemeReader reader, PublicCache cache, HttpContext http, CancellationToken ct) =>
            GetPublishedRecommendationsFile(definitionKey, "pdf", reader, cache, http, ct)).WithName("GetRecommendationsPdf");
        return app;
    }

    /// The published recommendations as a file, for anyone (cached like the theme page).
    public static async Task<IResult> GetPublishedRecommendationsFile(string definitionKey, string format, ThemeReader reader, PublicCache cache, HttpContext http, CancellationToken ct)
    {
        if (await cache.NotModifiedAsync(http, definitionKey, ct))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (reader.Definition(definitionKey) is not { } definition || await reader.RecommendationsAsync(definitionKey, ct) is not { } recommendations)
        {
            return TypedResults.NotFound();
        }

        var file = File(recommendations, definition.Name.Current, format, http);
        return TypedResults.File(file.Bytes, file.ContentType, file.Name);
    }

    /// The file in the format asked for ("html" or "pdf"); its name says which programme it is about.
    public static (byte[] Bytes, string ContentType, string Name) File(PublicRecommendations r, string themeName, string format, HttpContext http)
    {
        var origin = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        if (format == "pdf")
        {
            return (Pdf(r, themeName, origin), "application/pdf", FileName(r.DefinitionKey, "pdf"));
        }

        http.Items[WebSecurity.InlineStyleHashItem] = StyleHash;
        return (Encoding.UTF8.GetBytes(Html(r, themeName, origin)), "text/html; charset=utf-8", FileName(r.DefinitionKey, "html"));
    }

    private static string Absolute(string origin, string url) => url.StartsWith('/') ? origin + url : url;

    private static string F(string format, params object?[] args) => string.Format(CultureInfo.CurrentCulture, format, args);

    // The file is written in the standard of whoever asks for it (the page's standard), like the pages.
    private static string StateLine(PublicRecommendations r) => r.Status == RecommendationStatus.Published
        ? F(PublicationTexts.Export_Published, ShownTime.Date(r.PublishedAt))
        : F(PublicationTexts.Export_DraftState, r.Revision, ShownTime.Date(r.PublishedAt),
            r.Status == RecommendationStatus.Reviewed ? PublicationTexts.Export_Reviewed : PublicationTexts.Export_NotReviewed);

    /// <param name="origin">Scheme, host and path base of the public site (no trailing slash): the file leaves the site.</param>
    public static string Html(PublicRecommendations r, string themeName, string origin)
    {
        // Polyglot markup (void elements closed), so it also reads as XML; Norwegian letters as they are.
        var e = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        var page = Absolute(origin, Pages.ThemeLinks.Recommendations(r.DefinitionKey));
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(WrittenStandards.Code(CultureInfo.CurrentUICulture)).Append("\">\n<head>\n<meta charset=\"utf-8\" />\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
            .Append("<title>").Append(e.Encode(r.Title)).Append(" – ").Append(e.Encode(themeName)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n")
            .Append("<h1>").Append(e.Encode(r.Title)).Append("</h1>\n")
            .Append("<p class=\"meta\">").Append(e.Encode(F(PublicationTexts.Export_From, PublicationTexts.Export_Heading, themeName))).Append(' ')
            .Append(e.Encode(StateLine(r))).Append(".</p>\n");
        if (r.Status != RecommendationStatus.Published)
        {
            html.Append("<p class=\"draft\">").Append(e.Encode(PublicationTexts.Export_DraftWarning)).Append("</p>\n");
        }
        else
        {
            var link = $"<a href=\"{e.Encode(page)}\">{e.Encode(page)}</a>";
            html.Append("<p class=\"meta\">").Append(F(e.Encode(PublicationTexts.Export_ReadOnline), link)).Append("</p>\n");
        }

        for (var i = 0; i < r.Sections.Count; i++)
        {
            var s = r.Sections[i];
            html.Append("<section>\n<h2>").Append(i + 1).Append(". ").Append(e.Encode(s.Title)).Append("</h2>\n")
                .Append("<p class=\"text\">").Append(e.Encode(s.Text)).Append("</p>\n");
            if (s.Citations.Count > 0)
            {
                html.Append("<p>").Append(e.Encode(PublicationTexts.Export_BuildsOn)).Append("</p>\n<ul>\n");
                foreach (var c in s.Citations)
                {
                    var url = Absolute(origin, c.Url);
                    html.Append("<li><a href=\"").Append(e.Encode(url)).Append("\">").Append(e.Encode(c.Text)).Append("</a><br /><span class=\"url\">")
                        .Append(e.Encode(url)).Append("</span></li>\n");
                }

                html.Append("</ul>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// The PDF: A4, DejaVu Sans (shipped with the product, so æøå and Sami letters render on any machine).
    public static byte[] Pdf(PublicRecommendations r, string themeName, string origin)
    {
        EmbeddedFonts.Register();
        using var document = new PdfDocument();
        document.Info.Title = r.Title;
        document.Info.Subject = $"{PublicationTexts.Export_Heading} – {themeName}";
        document.Info.Creator = "ProsessLøp";
        var writer = new PdfWriter(document);
        writer.Paragraph(r.Title, writer.Title);
        writer.Paragraph($"{F(PublicationTexts.Export_From, PublicationTexts.Export_Heading, themeName)} {StateLine(r)}.", writer.Small);
        if (r.Status != RecommendationStatus.Published)
        {
            writer.Paragraph(PublicationTexts.Export_DraftWarning, writer.Bold);
        }
        else
        {
            writer.Link(F(PublicationTexts.Export_ReadOnline, Absolute(origin, Pages.ThemeLinks.Recommendations(r.DefinitionKey))), Absolute(origin, Pages.ThemeLinks.Recommendations(r.DefinitionKey)));
        }

        for (var i = 0; i < r.Sections.Count; i++)
        {
            var s = r.Sections[i];
            writer.Space(10);
            var heading = $"{i + 1}. {s.Title}";
            writer.KeepRoom(80);
            document.Outlines.Add(heading, writer.Page, true);
            writer.Paragraph(heading, writer.Heading);
            foreach (var paragraph in s.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                writer.Paragraph(paragraph, writer.Body);
            }

            if (s.Citations.Count > 0)
            {
                writer.Paragraph(PublicationTexts.Export_BuildsOn, writer.Bold);
                foreach (var c in s.Citations)
                {
                    var url = Absolute(origin, c.Url);
                    writer.Link("• " + c.Text, url);
                    writer.Paragraph("  " + url, writer.Small);
                }
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    /// Lays text out top-down on A4 pages, wrapping at word boundaries and starting a new page when full.
    private sealed class PdfWriter
    {
        private const double Margin = 60;
        private readonly PdfDocument _document;
        private XGraphics _gfx = null!;
        private double _y;

        // Unicode (not WinAnsi): Sami letters in names and texts (Porsáŋgu, č, đ, ŧ) are outside WinAnsi.
        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

        public XFont Title { get; } = new(EmbeddedFonts.Family, 20, XFontStyleEx.Bold, Unicode);
        public XFont Heading { get; } = new(EmbeddedFonts.Family, 14, XFontStyleEx.Bold, Unicode);
        public XFont Body { get; } = new(EmbeddedFonts.Family, 11, XFontStyleEx.Regular, Unicode);
        public XFont Bold { get; } = new(EmbeddedFonts.Family, 11, XFontStyleEx.Bold, Unicode);
        public XFont Small { get; } = new(EmbeddedFonts.Family, 9, XFontStyleEx.Regular, Unicode);

        public PdfPage Page { get; private set; } = null!;

        public PdfWriter(PdfDocument document)
        {
            _document = document;
            NewPage();
        }

        private double Width => Page.Width.Point - 2 * Margin;

        private void NewPage()
        {
            _gfx?.Dispose();
            Page = _document.AddPage();
            Page.Size = PdfSharp.PageSize.A4;
            _gfx = XGraphics.FromPdfPage(Page);
            _y = Margin;
        }

        public void Space(double points) => _y += points;

        /// A heading is not left alone at the foot of a page.
        public void KeepRoom(double points)
        {
            if (_y + points > Page.Height.Point - Margin)
            {
                NewPage();
            }
        }

        public void Paragraph(string text, XFont font, XBrush? brush = null, string? link = null)
        {
            var lineHeight = font.GetHeight() * 1.25;
            foreach (var line in Wrap(text, font))
            {
                KeepRoom(lineHeight);
                _gfx.DrawString(line, font, brush ?? XBrushes.Black, new XRect(Margin, _y, Width, lineHeight), XStringFormats.TopLeft);
                if (link is not null)
                {
                    var width = _gfx.MeasureString(line, font).Width;
                    // Link rectangles are in PDF space: origin at the bottom left.
                    Page.AddWebLink(new PdfRectangle(new XRect(Margin, Page.Height.Point - _y - lineHeight, width, lineHeight)), link);
                }

                _y += lineHeight;
            }

            _y += font.GetHeight() * 0.4;
        }

        public void Link(string text, string url) => Paragraph(text, Body, new XSolidBrush(XColor.FromArgb(11, 79, 138)), url);

        private IEnumerable<string> Wrap(string text, XFont font)
        {
            foreach (var raw in text.Split('\n'))
            {
                var line = new StringBuilder();
                foreach (var word in raw.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (line.Length > 0 && _gfx.MeasureString(candidate, font).Width > Width)
                    {
                        yield return line.ToString();
                        line.Clear().Append(word);
                    }
                    else
                    {
                        line.Clear().Append(candidate);
                    }

                    // A word longer than the line (an address) is broken where it must be.
                    while (_gfx.MeasureString(line.ToString(), font).Width > Width && line.Length > 1)
                    {
                        var cut = line.Length - 1;
                        while (cut > 1 && _gfx.MeasureString(line.ToString(0, cut), font).Width > Width)
                        {
                            cut--;
                        }

                        yield return line.ToString(0, cut);
                        line.Remove(0, cut);
                    }
                }

                yield return line.ToString();
            }
        }
    }
}

/// PDFsharp's core build finds no fonts on Linux by itself; the product ships DejaVu Sans
/// (Bitstream Vera licence, Data/fonts/LICENSE-DejaVu.txt) as embedded resources, so a fresh
/// machine renders Norwegian text without any fonts installed.
public sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private static readonly EmbeddedFonts Instance = new();
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// PDFsharp allows its resolver to be set once per process (or again with the same instance).
    public static void Register()
    {
        lock (Gate)
        {
            if (!_registered)
            {
                GlobalFontSettings.FontResolver = Instance;
                _registered = true;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // Every family asked for is DejaVu Sans; italic is simulated by PDFsharp.
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic);

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"ProsessLop.Api.Data.fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font {faceName}.ttf is missing from the assembly (Data/fonts).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
