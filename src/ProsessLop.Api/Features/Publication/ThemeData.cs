using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Pages;

namespace ProsessLop.Api.Features.Publication;

/// The theme page's machine-readable side, at stable addresses: an Atom feed of what was newly
/// published, and everything published as open data (JSON and CSV) under NLOD 2.0.
public static class ThemeData
{
    public const string LicenceName = "Norsk lisens for offentlige data (NLOD) 2.0";
    public const int FeedSize = 50;

    public static IEndpointRouteBuilder MapTheme(this IEndpointRouteBuilder app)
    {
        var theme = app.MapGroup("/tema/{definitionKey}").AllowAnonymous().ExcludeFromDescription();
        theme.MapGet("/feed.atom", GetThemeFeed).WithName(nameof(GetThemeFeed));
        theme.MapGet("/data.json", GetThemeDataJson).WithName(nameof(GetThemeDataJson));
        theme.MapGet("/data.csv", GetThemeDataCsv).WithName(nameof(GetThemeDataCsv));
        return app;
    }

    public sealed record OpenDataLicence(string Name, string Url);

    public sealed record OpenDataStage(string Key, string Name, string? Description);

    public sealed record OpenDataParticipant(string Id, string Name, string Kind, IReadOnlyList<string> Counties, string Url);

    public sealed record OpenDataReport(Guid Id, string ParticipantId, string ParticipantName, string StageKey, string Title, DateOnly? ApprovedOn, DateTimeOffset PublishedAt,
        string Url, IReadOnlyList<PublishedSection> Sections, IReadOnlyList<Programmes.Attachment> Attachments);

    public sealed record OpenDataLearning(Guid Id, string ParticipantId, string ParticipantName, string StageKey, string WhatWeTried, string WhatWeLearned, string? AdviceToOthers,
        DateTimeOffset PublishedAt, string Url);

    /// `Language`: the written standard of the names and titles (`nb` or `nn`, chosen as for the
    /// pages: `?malform=`, else Accept-Language); the field names stay the same in both.
    public sealed record OpenData(string Key, string Name, string Description, OpenDataLicence Licence,
        IReadOnlyList<OpenDataStage> Stages, IReadOnlyList<OpenDataParticipant> Participants, IReadOnlyList<OpenDataReport> Reports, IReadOnlyList<OpenDataLearning> Learning,
        string Language);

    private static string Absolute(HttpContext http, string path) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{path}";

    private static void Licensed(HttpContext http) =>
        http.Response.Headers.Link = $"<{ThemeLinks.Licence}>; rel=\"license\"";

    public static async Task<OpenData?> CollectAsync(ThemeReader reader, HttpContext http, string key, CancellationToken ct)
    {
        if (await reader.ThemeAsync(key, ct) is not { } theme)
        {
            return null;
        }

        var reports = await reader.Published(key).OrderBy(p => p.PublishedAt).ToListAsync(ct);
        var learning = await reader.Learning(key).ToListAsync(ct);
        var participants = theme.Counties.SelectMany(c => c.Participants.Select(p => (County: c.Name, p)))
            .GroupBy(x => x.p.Id)
            .Select(g => new OpenDataParticipant(g.Key, g.First().p.Name, g.First().p.Kind == Workflow.Definitions.ParticipantKind.Region ? "region" : "kommune",
                [.. g.Select(x => x.County)], Absolute(http, ThemeLinks.Participant(key, g.Key))))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        return new OpenData(theme.Key, theme.Name, theme.Description, new OpenDataLicence(LicenceName, ThemeLinks.Licence),
            [.. theme.Stages.Select(s => new OpenDataStage(s.Key, s.Name, s.Description))],
            participants,
            [.. reports.Select(p => new OpenDataReport(p.Id, p.ParticipantId, p.ParticipantName, p.StageKey, reader.Title(p), p.ApprovedOn, p.PublishedAt ?? p.DecidedAt,
                Absolute(http, ThemeLinks.Report(key, p.Id)), reader.Sections(p), p.Attachments))],
            [.. learning.Select(l => new OpenDataLearning(l.Id, l.ParticipantId, l.ParticipantName, l.StageKey, l.WhatWeTried, l.WhatWeLearned, l.AdviceToOthers, l.PublishedAt,
                Absolute(http, ThemeLinks.Learning(key, l.ParticipantId, l.Id))))],
            WrittenStandards.Code(CultureInfo.CurrentUICulture));
    }

    public static async Task<IResult> GetThemeDataJson(string definitionKey, ThemeReader reader, PublicCache cache, HttpContext http, CancellationToken ct)
    {
        if (await cache.NotModifiedAsync(http, definitionKey, ct))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        Licensed(http);
        return await CollectAsync(reader, http, definitionKey, ct) is { } data ? TypedResults.Json(data) : TypedResults.NotFound();
    }

    public static async Task<IResult> GetThemeDataCsv(string definitionKey, ThemeReader reader, PublicCache cache, HttpContext http, CancellationToken ct)
    {
        if (await cache.NotModifiedAsync(http, definitionKey, ct))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (await CollectAsync(reader, http, definitionKey, ct) is not { } data)
        {
            return TypedResults.NotFound();
        }

        Licensed(http);
        // One row per published item; the header names what each column is, in Norwegian.
        var csv = new StringBuilder();
        string[] header = ["type", "id", "deltaker_id", "deltaker", "fase", "tittel", "publisert", "adresse", "tekst", "lisens"];
        csv.Append(string.Join(';', header)).Append("\r\n");
        void Row(params object?[] cells) => csv.Append(string.Join(';', cells.Select(StatusExport.CsvCell))).Append("\r\n");
        foreach (var r in data.Reports)
        {
            var text = string.Join("\n\n", r.Sections.Select(s => $"{s.Title}\n{s.Text}").Concat(r.Attachments.Select(a => $"{a.Title}: {a.Url}")));
            Row("rapport", r.Id.ToString(), r.ParticipantId, r.ParticipantName, r.StageKey, r.Title, r.PublishedAt.ToString("O", CultureInfo.InvariantCulture), r.Url, text, ThemeLinks.Licence);
        }

        foreach (var l in data.Learning)
        {
            var text = $"{ThemeTexts.Learning_Tried}: {l.WhatWeTried}\n{ThemeTexts.Learning_Learned}: {l.WhatWeLearned}" + (l.AdviceToOthers is { } advice ? $"\n{ThemeTexts.Learning_Advice}: {advice}" : "");
            Row("erfaring", l.Id.ToString(), l.ParticipantId, l.ParticipantName, l.StageKey, "", l.PublishedAt.ToString("O", CultureInfo.InvariantCulture), l.Url, text, ThemeLinks.Licence);
        }

        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", $"{definitionKey}.csv");
    }

    public static async Task<IResult> GetThemeFeed(string definitionKey, ThemeReader reader, PublicCache cache, HttpContext http, CancellationToken ct)
    {
        if (await cache.NotModifiedAsync(http, definitionKey, ct))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (reader.Definition(definitionKey) is not { } definition)
        {
            return TypedResults.NotFound();
        }

        var reports = await reader.Published(definitionKey).OrderByDescending(p => p.PublishedAt).Take(FeedSize).ToListAsync(ct);
        var learning = await reader.Learning(definitionKey).Take(FeedSize).ToListAsync(ct);
        string F(string format, params object?[] args) => string.Format(CultureInfo.CurrentCulture, format, args);
        var entries = reports.Select(p => (Id: $"urn:uuid:{p.Id}", Title: $"{reader.Title(p)} – {p.ParticipantName}", At: p.PublishedAt ?? p.DecidedAt,
                Url: Absolute(http, ThemeLinks.Report(definitionKey, p.Id)), Summary: F(ThemeTexts.Feed_ReportFrom, reader.StageName(definitionKey, p.StageKey), p.ParticipantName), Category: "rapport"))
            .Concat(learning.Select(l => (Id: $"urn:uuid:{l.Id}", Title: F(ThemeTexts.Feed_LearningFrom, l.ParticipantName), At: l.PublishedAt,
                Url: Absolute(http, ThemeLinks.Learning(definitionKey, l.ParticipantId, l.Id)), Summary: l.WhatWeLearned, Category: "erfaring")))
            .OrderByDescending(e => e.At)
            .Take(FeedSize)
            .ToList();

        using var xml = new MemoryStream();
        using (var w = XmlWriter.Create(xml, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            const string atom = "http://www.w3.org/2005/Atom";
            w.WriteStartElement("feed", atom);
            w.WriteAttributeString("xml", "lang", null, WrittenStandards.Code(CultureInfo.CurrentUICulture));
            w.WriteElementString("id", atom, Absolute(http, ThemeLinks.Theme(definitionKey)));
            w.WriteElementString("title", atom, F(ThemeTexts.Feed_Title, definition.Name.Current));
            w.WriteElementString("updated", atom, XmlConvert.ToString(entries.Count > 0 ? entries[0].At : DateTimeOffset.UnixEpoch));
            w.WriteElementString("rights", atom, $"{LicenceName}, {ThemeLinks.Licence}");
            Link(w, atom, "self", Absolute(http, ThemeLinks.Feed(definitionKey)), "application/atom+xml");
            Link(w, atom, "alternate", Absolute(http, ThemeLinks.Theme(definitionKey)), "text/html");
            w.WriteStartElement("author", atom);
            w.WriteElementString("name", atom, string.Join($" {ThemeTexts.Feed_And} ", definition.Owners));
            w.WriteEndElement();
            foreach (var e in entries)
            {
                w.WriteStartElement("entry", atom);
                w.WriteElementString("id", atom, e.Id);
                w.WriteElementString("title", atom, e.Title);
                w.WriteElementString("updated", atom, XmlConvert.ToString(e.At));
                w.WriteElementString("published", atom, XmlConvert.ToString(e.At));
                Link(w, atom, "alternate", e.Url, "text/html");
                w.WriteStartElement("category", atom);
                w.WriteAttributeString("term", e.Category);
                w.WriteEndElement();
                w.WriteElementString("summary", atom, e.Summary);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return TypedResults.Bytes(xml.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static void Link(XmlWriter w, string ns, string rel, string href, string type)
    {
        w.WriteStartElement("link", ns);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("href", href);
        w.WriteAttributeString("type", type);
        w.WriteEndElement();
    }
}
