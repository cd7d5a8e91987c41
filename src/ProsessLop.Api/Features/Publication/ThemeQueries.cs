using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Publication;

// The public read side of a programme's theme page. Everything here is anonymous, so every
// projection names exactly what may be shown: public names of participants, published copies of
// reports, and approved learning. Never contacts, journal actors, comments, assignees or authors.

public sealed record ThemeStage(string Key, string Name, string? Description, IReadOnlyList<string> ReportNames);

public sealed record ThemeParticipant(string Id, string Name, ParticipantKind Kind, bool Withdrawn, int Reports, int Learning);

public sealed record ThemeCounty(string Number, string Name, IReadOnlyList<ThemeParticipant> Participants);

public sealed record PublicReportSummary(Guid Id, string ParticipantId, string ParticipantName, string StageKey, string Title, DateTimeOffset PublishedAt, IReadOnlyList<Attachment> Attachments);

public sealed record ThemeView(
    string Key, string Name, string Description, IReadOnlyList<ThemeStage> Stages, IReadOnlyList<ThemeCounty> Counties,
    IReadOnlyList<PublicReportSummary> NewestReports, int ParticipantCount, int ReportCount, int LearningCount)
{
    /// The owners' introduction to the theme page, paragraph by paragraph (Data/tema/{key}.txt), if there is one.
    public IReadOnlyList<string> Introduction { get; init; } = [];

    /// The title of the published recommendations, if there are any.
    public string? RecommendationsTitle { get; init; }

    public string StageName(string stageKey) => Stages.FirstOrDefault(s => s.Key == stageKey)?.Name ?? stageKey;
}

public sealed record PublicReport(
    Guid Id, string DefinitionKey, string ParticipantId, string ParticipantName, string StageKey, string StageName, string Title,
    DateOnly? ApprovedOn, DateTimeOffset PublishedAt, IReadOnlyList<PublishedSection> Sections, IReadOnlyList<Attachment> Attachments);

public sealed record PublicLearning(Guid Id, string ParticipantId, string ParticipantName, string StageKey, string WhatWeTried, string WhatWeLearned, string? AdviceToOthers, DateTimeOffset PublishedAt);

public sealed record ThemeParticipantView(
    ThemeView Theme, string Id, string Name, ParticipantKind Kind, IReadOnlyList<string> Counties, IReadOnlyList<PublicReportSummary> Reports, IReadOnlyList<PublicLearning> Learning);

public sealed record PublicCitation(string Text, string Url);

public sealed record PublicRecommendationSection(string Title, string Text, IReadOnlyList<PublicCitation> Citations);

public sealed record PublicRecommendations(string DefinitionKey, string Title, DateTimeOffset PublishedAt, IReadOnlyList<PublicRecommendationSection> Sections)
{
    /// Published, or (in an owner's export before publishing) the draft's state; then
    /// <see cref="PublishedAt"/> is when it was last saved.
    public RecommendationStatus Status { get; init; } = RecommendationStatus.Published;

    public int Revision { get; init; }
}

public static class Films
{
    private static readonly string[] VideoHosts = ["youtube.com", "youtu.be", "vimeo.com", "video", "film"];

    /// An attachment is shown as a film when its title or its address says so.
    public static bool IsFilm(Attachment a) =>
        a.Title.Contains("film", StringComparison.OrdinalIgnoreCase) || a.Title.Contains("video", StringComparison.OrdinalIgnoreCase)
        || (Uri.TryCreate(a.Url, UriKind.Absolute, out var uri) && VideoHosts.Any(h => uri.Host.Contains(h, StringComparison.OrdinalIgnoreCase)));
}

/// Reads shared by the theme page, its sub-pages, the feed and the open data.
public sealed class ThemeReader(ProsessDb db, DefinitionRegistry registry)
{
    public ProgrammeDefinition? Definition(string key) => registry.LatestOfEach().FirstOrDefault(d => d.Key == key);

    public IEnumerable<ProgrammeDefinition> Definitions() => registry.LatestOfEach();

    public IQueryable<ReportPublication> Published(string key) =>
        db.ReportPublications.AsNoTracking().Where(p => p.DefinitionKey == key && p.Status == PublicationStatus.Published);

    /// Newest first; filters go inside, before the projection, where EF can translate them.
    public IQueryable<PublicLearning> Learning(string key, string? participantId = null) =>
        from l in db.LearningEntries.AsNoTracking()
        join p in db.Programmes on l.ProgrammeId equals p.Id
        where p.DefinitionKey == key && l.Sharing == LearningSharing.Public && (participantId == null || p.ParticipantId == participantId)
        orderby l.PublishedAt descending
        select new PublicLearning(l.Id, p.ParticipantId, p.ParticipantName, l.StageKey, l.WhatWeTried, l.WhatWeLearned, l.AdviceToOthers, l.PublishedAt ?? l.CreatedAt);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> Introductions = new();

    /// Shipped with the product (embedded), never read from outside it at run time: Data/tema/{key}.txt
    /// in bokmål, {key}.nynorsk.txt in nynorsk (not «.nn.txt», which the build would take for a
    /// satellite resource). A reader of nynorsk without a nynorsk text gets none rather than bokmål.
    private static IReadOnlyList<string> Introduction(string key)
    {
        var file = Nynorsk ? $"{key}.nynorsk" : key;
        return Introductions.GetOrAdd(file, f =>
        {
            using var stream = typeof(ThemeReader).Assembly.GetManifestResourceStream($"ProsessLop.Api.Data.tema.{f}.txt");
            if (stream is null)
            {
                return [];
            }

            using var reader = new StreamReader(stream);
            return [.. reader.ReadToEnd().Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        });
    }

    public PublicReportSummary Summary(ReportPublication p) =>
        new(p.Id, p.ParticipantId, p.ParticipantName, p.StageKey, Title(p), p.PublishedAt ?? p.DecidedAt, p.Attachments);

    // A published copy keeps the titles it was made with: the definition's bokmål. A reader of
    // nynorsk gets the definition's nynorsk for the same text (found by the report's and the
    // section's key, in the newest version that has them); a title the definition no longer
    // has is shown as it was published.
    private static bool Nynorsk => WrittenStandards.IsNynorsk(CultureInfo.CurrentUICulture);

    private ReportDefinition? ReportOf(string key, string reportKey)
    {
        var baseKey = reportKey.Split('#')[0];
        return registry.All.Where(d => d.Definition.Key == key).OrderByDescending(d => d.Definition.Version)
            .SelectMany(d => d.Definition.Stages.SelectMany(s => s.Reports)).FirstOrDefault(r => r.Key == baseKey);
    }

    /// A published report's title in the reader's standard.
    public string Title(ReportPublication p)
    {
        if (!Nynorsk || ReportOf(p.DefinitionKey, p.ReportKey) is not { } report)
        {
            return p.Title;
        }

        var bokmal = report.Name.Nb;
        return p.Title == bokmal ? report.Name.Current
            : p.Title.StartsWith(bokmal + " nr. ", StringComparison.Ordinal) ? report.Name.Current + p.Title[bokmal.Length..]
            : p.Title;
    }

    /// A published report's section titles in the reader's standard; the texts as written.
    public IReadOnlyList<PublishedSection> Sections(ReportPublication p)
    {
        if (!Nynorsk || ReportOf(p.DefinitionKey, p.ReportKey) is not { } report)
        {
            return p.Sections;
        }

        return [.. p.Sections.Select(s => report.Sections.FirstOrDefault(d => d.Title.Nb == s.Title) is { } known ? s with { Title = known.Title.Current } : s)];
    }

    /// A stage's name in the reader's standard, from the newest version that has the stage.
    public string StageName(string key, string stageKey) =>
        registry.All.Where(d => d.Definition.Key == key).OrderByDescending(d => d.Definition.Version)
            .SelectMany(d => d.Definition.Stages).FirstOrDefault(s => s.Key == stageKey)?.Name.Current ?? stageKey;

    public async Task<ThemeView?> ThemeAsync(string key, CancellationToken ct)
    {
        if (Definition(key) is not { } definition)
        {
            return null;
        }

        var programmes = await db.Programmes.AsNoTracking().Where(p => p.DefinitionKey == key)
            .Select(p => new { p.ParticipantId, p.ParticipantName, p.ParticipantKind, p.Status, p.CountyNumbers })
            .ToListAsync(ct);
        var reports = await Published(key).GroupBy(p => p.ParticipantId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var learning = await (from l in db.LearningEntries
                              join p in db.Programmes on l.ProgrammeId equals p.Id
                              where p.DefinitionKey == key && l.Sharing == LearningSharing.Public
                              group l by p.ParticipantId into g
                              select new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var newest = await Published(key).OrderByDescending(p => p.PublishedAt).Take(10).ToListAsync(ct);

        // One line per participant (a participant who ran the programme twice is one), active
        // before withdrawn; a withdrawn one is shown only when it has published material.
        var participants = programmes
            .GroupBy(p => p.ParticipantId)
            .Select(g => g.OrderBy(p => p.Status == ProgrammeStatus.Withdrawn).First())
            .Select(p => (p.CountyNumbers, Participant: new ThemeParticipant(p.ParticipantId, p.ParticipantName, p.ParticipantKind, p.Status == ProgrammeStatus.Withdrawn,
                reports.GetValueOrDefault(p.ParticipantId), learning.GetValueOrDefault(p.ParticipantId))))
            .Where(p => !p.Participant.Withdrawn || p.Participant.Reports + p.Participant.Learning > 0)
            .ToList();
        var countyNames = Municipality.Official2024.GroupBy(m => m.CountyNumber).ToDictionary(g => g.Key, g => g.First().CountyName);
        var counties = countyNames
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new ThemeCounty(c.Key, c.Value, participants.Where(p => p.CountyNumbers.Contains(c.Key)).Select(p => p.Participant)
                .OrderBy(p => p.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("nb-NO"), false)).ToList()))
            .ToList();
        var stages = definition.Stages.Select(s => new ThemeStage(s.Key, s.Name.Current, s.Description?.Current, [.. s.Reports.Select(r => r.Name.Current)])).ToList();
        return new ThemeView(definition.Key, definition.Name.Current, definition.Description.Current, stages, counties, [.. newest.Select(Summary)],
            participants.Count, reports.Values.Sum(), learning.Values.Sum())
        {
            Introduction = Introduction(key),
            RecommendationsTitle = await db.RecommendationDocuments.Where(d => d.DefinitionKey == key && d.Status == RecommendationStatus.Published).Select(d => d.Title).SingleOrDefaultAsync(ct),
        };
    }

    public async Task<ThemeParticipantView?> ParticipantAsync(string key, string participantId, CancellationToken ct)
    {
        if (await ThemeAsync(key, ct) is not { } theme)
        {
            return null;
        }

        var participant = theme.Counties.SelectMany(c => c.Participants).FirstOrDefault(p => p.Id == participantId);
        if (participant is null)
        {
            return null;
        }

        var reports = await Published(key).Where(p => p.ParticipantId == participantId).OrderBy(p => p.PublishedAt).ToListAsync(ct);
        var learning = await Learning(key, participantId).ToListAsync(ct);
        var counties = theme.Counties.Where(c => c.Participants.Any(p => p.Id == participantId)).Select(c => c.Name).ToList();
        return new ThemeParticipantView(theme, participant.Id, participant.Name, participant.Kind, counties, [.. reports.Select(Summary)], learning);
    }

    public async Task<PublicReport?> ReportAsync(string key, Guid id, CancellationToken ct)
    {
        var p = await Published(key).SingleOrDefaultAsync(r => r.Id == id, ct);
        return p is null ? null : new PublicReport(p.Id, p.DefinitionKey, p.ParticipantId, p.ParticipantName, p.StageKey,
            StageName(key, p.StageKey), Title(p), p.ApprovedOn, p.PublishedAt ?? p.DecidedAt, Sections(p), p.Attachments);
    }

    /// The published recommendations with what each section cites, as links the public can follow.
    /// With <paramref name="publishedOnly"/> false (owners' exports), the document in whatever state it is.
    public async Task<PublicRecommendations?> RecommendationsAsync(string key, CancellationToken ct, bool publishedOnly = true)
    {
        var document = await db.RecommendationDocuments.AsNoTracking()
            .SingleOrDefaultAsync(d => d.DefinitionKey == key && (!publishedOnly || d.Status == RecommendationStatus.Published), ct);
        if (document is null)
        {
            return null;
        }

        var reportIds = document.Sections.SelectMany(s => s.Reports).ToList();
        var learningIds = document.Sections.SelectMany(s => s.Learning).ToList();
        // Cited material that was taken down since is left out of the links, not shown.
        var reports = (await Published(key).Where(p => reportIds.Contains(p.Id)).ToListAsync(ct)).ToDictionary(p => p.Id, p => $"{Title(p)} – {p.ParticipantName}");
        var learning = await (from l in db.LearningEntries.AsNoTracking()
                              join p in db.Programmes on l.ProgrammeId equals p.Id
                              where learningIds.Contains(l.Id) && p.DefinitionKey == key && l.Sharing == LearningSharing.Public
                              select new { l.Id, p.ParticipantId, p.ParticipantName, l.StageKey }).ToDictionaryAsync(x => x.Id, ct);
        var sections = document.Sections.Select(s => new PublicRecommendationSection(s.Title, s.Text,
            [.. s.Reports.Where(reports.ContainsKey).Select(id => new PublicCitation(reports[id], Pages.ThemeLinks.Report(key, id)))
                .Concat(s.Learning.Where(learning.ContainsKey).Select(id => new PublicCitation(
                    string.Format(CultureInfo.CurrentCulture, ThemeTexts.Recommendations_LearningFrom, learning[id].ParticipantName, StageName(key, learning[id].StageKey)),
                    Pages.ThemeLinks.Learning(key, learning[id].ParticipantId, id))))])).ToList();
        var published = document.Status == RecommendationStatus.Published;
        return new PublicRecommendations(key, document.Title, published ? document.PublishedAt ?? document.UpdatedAt : document.UpdatedAt, sections)
        {
            Status = document.Status,
            Revision = document.Revision,
        };
    }

    /// The public search over approved learning: the same Norwegian search as /laering.
    public ValueTask<LearningSearchPage> SearchAsync(IMediator mediator, string key, string? q, string? stage, Infrastructure.Paging paging, CancellationToken ct) =>
        mediator.Send(new SearchLearning(q, key, paging, PublicOnly: true, Stage: string.IsNullOrWhiteSpace(stage) ? null : stage), ct);
}
