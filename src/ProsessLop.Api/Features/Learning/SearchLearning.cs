using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Learning;

public static partial class LearningSearch
{
    /// PostgreSQL's Norwegian text search configuration: stems, so "samarbeidet" finds "samarbeid".
    public const string Configuration = "norwegian";

    /// Its Snowball stemmer gets one large class of nouns wrong: agent nouns in -er («politiker»,
    /// «lærer», «leder», «deltaker») lose -er as if it were a plural ending, while «politikere»,
    /// «politikerne» and «politikeren» keep it, so the base form and the inflected ones never meet.
    /// This SQL function (migration NorwegianBaseForms) turns -ere/-erne/-eren back into -er before
    /// stemming, on the stored text and on the query alike; other words pass through untouched.
    /// Words of this shape that are not such nouns («moderne») are changed the same way on both
    /// sides, so they still find themselves.
    public const string BaseFormsFunction = "norwegian_base_forms";

    /// The stored search vector: the three texts, base forms restored, stemmed.
    public const string VectorSql =
        $"to_tsvector('{Configuration}'::regconfig, {BaseFormsFunction}(coalesce(what_we_tried, '') || ' ' || coalesce(what_we_learned, '') || ' ' || coalesce(advice_to_others, '')))";

    /// Translated to the SQL function in queries.
    public static string BaseForms(string text) => throw new NotSupportedException("Only in database queries.");

    /// The search box speaks Norwegian: «eller» between words is websearch_to_tsquery's «or»
    /// (outside quoted phrases; «eller» is a stop word, so it never means itself).
    public static string Query(string q)
    {
        var parts = q.Split('"');
        for (var i = 0; i < parts.Length; i += 2)
        {
            parts[i] = Eller().Replace(parts[i], "or");
        }

        return string.Join('"', parts);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=^|\s)eller(?=\s|$)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Eller();

    // Plain-text markers: the snippet is user text and must never be rendered as HTML.
    public const int PageSize = 20;
    public const int MaxPageSize = 100;

    public const string HeadlineOptions = "StartSel=«, StopSel=», MaxFragments=2, MaxWords=30, MinWords=10";
}

/// Everyone's learning, across all programmes: free text in the style of a web search (quotes,
/// "or", minus), best matches first. Without a query, the newest first.
/// <param name="PublicOnly">The theme page's search: only entries an owner approved for the public, without author names.</param>
public sealed record SearchLearning(string? Q, string? Definition, Paging Paging, bool PublicOnly = false, string? Stage = null) : IQuery<LearningSearchPage>;

public sealed record LearningSearchPage(IReadOnlyList<LearningHit> Items, int Page, int PageSize, int Total);

public sealed record LearningHit(
    Guid Id, Guid ProgrammeId, string DefinitionKey, string ParticipantId, string ParticipantName, string StageKey,
    string WhatWeTried, string WhatWeLearned, string? AdviceToOthers, string AuthorName, DateTimeOffset CreatedAt, float Rank, string? Snippet);

public sealed class SearchLearningHandler(ProsessDb db) : IQueryHandler<SearchLearning, LearningSearchPage>
{
    public async ValueTask<LearningSearchPage> Handle(SearchLearning query, CancellationToken ct)
    {
        var definition = string.IsNullOrWhiteSpace(query.Definition) ? null : query.Definition.Trim();
        var q = LearningSearch.Query(query.Q?.Trim() ?? "");

        var entries = from l in db.LearningEntries.AsNoTracking()
                      join p in db.Programmes on l.ProgrammeId equals p.Id
                      where definition == null || p.DefinitionKey == definition
                      where !query.PublicOnly || l.Sharing == LearningSharing.Public
                      where query.Stage == null || l.StageKey == query.Stage
                      select new { Entry = l, Programme = p };

        IQueryable<LearningHit> hits;
        if (q.Length == 0)
        {
            hits = entries.OrderByDescending(x => x.Entry.CreatedAt).Select(x => new LearningHit(
                x.Entry.Id, x.Entry.ProgrammeId, x.Programme.DefinitionKey, x.Programme.ParticipantId, x.Programme.ParticipantName, x.Entry.StageKey,
                x.Entry.WhatWeTried, x.Entry.WhatWeLearned, x.Entry.AdviceToOthers, x.Entry.AuthorName, x.Entry.CreatedAt, 0, null));
        }
        else
        {
            // websearch_to_tsquery accepts any input (stray &|!( included) without a syntax error.
            entries = entries.Where(x => x.Entry.SearchVector.Matches(EF.Functions.WebSearchToTsQuery(LearningSearch.Configuration, LearningSearch.BaseForms(q))));
            hits = entries
                .OrderByDescending(x => x.Entry.SearchVector.Rank(EF.Functions.WebSearchToTsQuery(LearningSearch.Configuration, LearningSearch.BaseForms(q))))
                .ThenByDescending(x => x.Entry.CreatedAt)
                .Select(x => new LearningHit(
                    x.Entry.Id, x.Entry.ProgrammeId, x.Programme.DefinitionKey, x.Programme.ParticipantId, x.Programme.ParticipantName, x.Entry.StageKey,
                    x.Entry.WhatWeTried, x.Entry.WhatWeLearned, x.Entry.AdviceToOthers, x.Entry.AuthorName, x.Entry.CreatedAt,
                    x.Entry.SearchVector.Rank(EF.Functions.WebSearchToTsQuery(LearningSearch.Configuration, LearningSearch.BaseForms(q))),
                    EF.Functions.WebSearchToTsQuery(LearningSearch.Configuration, LearningSearch.BaseForms(q)).GetResultHeadline(LearningSearch.Configuration,
                        x.Entry.WhatWeTried + " " + x.Entry.WhatWeLearned + " " + (x.Entry.AdviceToOthers ?? ""),
                        LearningSearch.HeadlineOptions)));
        }

        var total = await entries.CountAsync(ct);
        var items = await hits.Skip(query.Paging.Offset).Take(query.Paging.PageSize).ToListAsync(ct);
        if (query.PublicOnly)
        {
            // Never a person's name in public: the municipality stands behind what it shared.
            items = [.. items.Select(i => i with { AuthorName = "" })];
        }

        return new LearningSearchPage(items, query.Paging.Page, query.Paging.PageSize, total);
    }
}

/// One programme's learning, newest first.
public sealed record ListLearning(Guid ProgrammeId) : IQuery<Result<IReadOnlyList<LearningView>>>;

public sealed class ListLearningHandler(ProsessDb db, ProgrammeRuntime runtime) : IQueryHandler<ListLearning, Result<IReadOnlyList<LearningView>>>
{
    public async ValueTask<Result<IReadOnlyList<LearningView>>> Handle(ListLearning query, CancellationToken ct) =>
        await runtime.ReadAsync<IReadOnlyList<LearningView>>(query.ProgrammeId, async _ =>
            await db.LearningEntries.AsNoTracking().Where(l => l.ProgrammeId == query.ProgrammeId)
                .OrderByDescending(l => l.CreatedAt)
                .Select(l => new LearningView(l.Id, l.ProgrammeId, l.StageKey, l.WhatWeTried, l.WhatWeLearned, l.AdviceToOthers, l.AuthorName, l.CreatedAt))
                .ToListAsync(ct), ct);
}

public static partial class LearningEndpoints
{
    public static async Task<Results<Ok<IReadOnlyList<LearningView>>, ProblemHttpResult>> ListLearning(
        Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListLearning(id), ct)).Match(list => TypedResults.Ok(list));

    public static async Task<Ok<LearningSearchPage>> SearchLearning(
        string? q, string? definition, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new SearchLearning(q, definition, Paging.From(page, pageSize, LearningSearch.PageSize, LearningSearch.MaxPageSize)), ct));
}
