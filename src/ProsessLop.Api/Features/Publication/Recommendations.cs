using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Pipeline;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Publication;

[JsonConverter(typeof(CamelCaseEnumConverter<RecommendationStatus>))]
public enum RecommendationStatus { Draft, Reviewed, Published }

/// The owners' recommendations to KS and Norsk kulturskoleråd for one programme: sections, each
/// citing the published reports and shared learning it rests on. Written, reviewed by a second
/// owner (four eyes), then published on the theme page. One document per definition.
public sealed class RecommendationDocument
{
    public required string DefinitionKey { get; init; }
    public string Title { get; set; } = "";
    public List<RecommendationSection> Sections { get; set; } = [];
    public RecommendationStatus Status { get; set; }
    public string EditedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    /// Moves with every save (0 before the first): the ETag, and what a change or a review is
    /// made from, so nobody saves over or approves a text they have not seen.
    public int Revision { get; set; }
}

/// <param name="Reports">Ids of published reports (ReportPublication) this section rests on.</param>
/// <param name="Learning">Ids of shared learning entries this section rests on.</param>
public sealed record RecommendationSection(string Title, string Text, IReadOnlyList<Guid> Reports, IReadOnlyList<Guid> Learning);

internal sealed class RecommendationDocumentMap : IEntityTypeConfiguration<RecommendationDocument>
{
    public void Configure(EntityTypeBuilder<RecommendationDocument> e)
    {
        e.ToTable("recommendation_documents");
        e.HasKey(d => d.DefinitionKey);
        e.Property(d => d.DefinitionKey).HasMaxLength(100);
        e.Property(d => d.Title).HasMaxLength(300);
        e.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(d => d.EditedBy).HasMaxLength(200);
        e.Property(d => d.Sections).IsJson();
        // Two saves made from the same revision: the second one's UPDATE finds no row and fails.
        e.Property(d => d.Revision).IsConcurrencyToken();
    }
}

/// <param name="EditedBy">Who saved last (a person's id): a review must come from someone else.</param>
public sealed record RecommendationView(string DefinitionKey, string Title, IReadOnlyList<RecommendationSection> Sections, RecommendationStatus Status, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt,
    int Revision, string EditedBy)
{
    public static RecommendationView From(RecommendationDocument d) => new(d.DefinitionKey, d.Title, d.Sections, d.Status, d.UpdatedAt, d.PublishedAt, d.Revision, d.EditedBy);
}

public sealed record RecommendationBody(string Title, IReadOnlyList<RecommendationSection> Sections);

/// <param name="ExpectedRevision">The revision the change was made from (If-Match in the API, a hidden field on
/// /anbefalinger); a save over a later one is refused instead of silently undoing it. Null: save over whatever is stored.</param>
public sealed record SaveRecommendations(string DefinitionKey, string Title, IReadOnlyList<RecommendationSection> Sections, int? ExpectedRevision = null) : ICommand<Result<RecommendationView>>;

public enum RecommendationStep { Review, Publish }

/// <param name="ExpectedRevision">The revision the owner read before reviewing or publishing it.</param>
public sealed record AdvanceRecommendations(string DefinitionKey, RecommendationStep Step, int? ExpectedRevision = null) : ICommand<Result<RecommendationView>>;

public sealed record GetRecommendations(string DefinitionKey) : IQuery<Result<RecommendationView>>;

public sealed class GetRecommendationsHandler(ProsessDb db, DefinitionRegistry registry, ICurrentUser user) : IQueryHandler<GetRecommendations, Result<RecommendationView>>
{
    /// The document as it stands (an empty draft, revision 0, before anyone wrote one).
    public async ValueTask<Result<RecommendationView>> Handle(GetRecommendations query, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Error.Forbidden(PublicationTexts.Rec_OnlyOwnersReadDraft);
        }

        if (registry.LatestOfEach().All(d => d.Key != query.DefinitionKey))
        {
            return Error.NotFound(Vocabulary.Format(PublicationTexts.Rec_NoDefinition, query.DefinitionKey));
        }

        var document = await db.RecommendationDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.DefinitionKey == query.DefinitionKey, ct)
            ?? new RecommendationDocument { DefinitionKey = query.DefinitionKey };
        return RecommendationView.From(document);
    }
}

internal static class RecommendationRevisions
{
    /// A stale revision, told as <paramref name="text"/> (what the caller meant to do with revision {0}; {1} is now).
    public static Error? Check(int? expected, int current, string text) =>
        expected is int e && e != current
            ? Error.Stale(Vocabulary.Format(text, e, current))
            : null;
}

public sealed class SaveRecommendationsValidator : AbstractValidator<SaveRecommendations>
{
    public SaveRecommendationsValidator()
    {
        RuleFor(c => c.Title).RequiredText("Tittel", 300);
        RuleFor(c => c.Sections).NotEmpty().WithMessage(_ => PublicationTexts.Rec_NoSections)
            .Must(s => s is null || s.Count <= 50).WithMessage(_ => PublicationTexts.Rec_TooManySections);
        RuleForEach(c => c.Sections).ChildRules(s =>
        {
            s.RuleFor(x => x.Title).RequiredText(() => PublicationTexts.Rec_SectionTitle, 300);
            s.RuleFor(x => x.Text).RequiredText(() => PublicationTexts.Rec_SectionText, 20_000);
            s.RuleFor(x => x.Reports).NotNull().Must(r => r is null || r.Count <= 50).WithMessage(_ => PublicationTexts.Rec_TooManyReports);
            s.RuleFor(x => x.Learning).NotNull().Must(l => l is null || l.Count <= 50).WithMessage(_ => PublicationTexts.Rec_TooManyLearning);
        });
    }
}

public sealed class SaveRecommendationsHandler(ProsessDb db, DefinitionRegistry registry, Publisher publisher, Journal.Journal journal, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<SaveRecommendations, Result<RecommendationView>>
{
    public async ValueTask<Result<RecommendationView>> Handle(SaveRecommendations command, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Error.Forbidden(PublicationTexts.Rec_OnlyOwnersWrite);
        }

        if (registry.LatestOfEach().All(d => d.Key != command.DefinitionKey))
        {
            return Error.NotFound(Vocabulary.Format(PublicationTexts.Rec_NoDefinition, command.DefinitionKey));
        }

        // A recommendation cites only what the public can follow: published reports, shared learning.
        var reports = command.Sections.SelectMany(s => s.Reports).Distinct().ToList();
        var learning = command.Sections.SelectMany(s => s.Learning).Distinct().ToList();
        var published = await db.ReportPublications.Where(p => reports.Contains(p.Id) && p.DefinitionKey == command.DefinitionKey && p.Status == PublicationStatus.Published)
            .Select(p => p.Id).ToListAsync(ct);
        var shared = await (from l in db.LearningEntries
                            join p in db.Programmes on l.ProgrammeId equals p.Id
                            where learning.Contains(l.Id) && p.DefinitionKey == command.DefinitionKey && l.Sharing == LearningSharing.Public
                            select l.Id).ToListAsync(ct);
        // Named by the section that cites it, so the message stands next to that section's choices.
        for (var i = 0; i < command.Sections.Count; i++)
        {
            if (command.Sections[i].Reports.FirstOrDefault(r => !published.Contains(r)) is var report && report != Guid.Empty)
            {
                return Error.Invalid($"sections[{i}].reports", Vocabulary.Format(PublicationTexts.Rec_ReportNotPublic, report));
            }

            if (command.Sections[i].Learning.FirstOrDefault(l => !shared.Contains(l)) is var entry && entry != Guid.Empty)
            {
                return Error.Invalid($"sections[{i}].learning", Vocabulary.Format(PublicationTexts.Rec_LearningNotPublic, entry));
            }
        }

        var document = await db.RecommendationDocuments.SingleOrDefaultAsync(d => d.DefinitionKey == command.DefinitionKey, ct);
        if (RecommendationRevisions.Check(command.ExpectedRevision, document?.Revision ?? 0, PublicationTexts.Rec_StaleEdited) is { } stale)
        {
            return stale;
        }

        var before = document is null ? null : new { document.Title, document.Status, document.Revision };
        if (document is null)
        {
            document = new RecommendationDocument { DefinitionKey = command.DefinitionKey };
            db.RecommendationDocuments.Add(document);
        }

        document.Title = command.Title.Trim();
        document.Sections = [.. command.Sections.Select(s => s with { Title = s.Title.Trim(), Text = s.Text.Trim() })];
        // A changed text needs a new review: a published document leaves the theme page until it is
        // reviewed and published again, so nothing unreviewed is ever public.
        var wasPublished = document.Status == RecommendationStatus.Published;
        document.Status = RecommendationStatus.Draft;
        document.EditedBy = user.Id;
        document.UpdatedAt = clock.GetUtcNow();
        document.Revision++;
        if (wasPublished)
        {
            await publisher.BumpAsync(command.DefinitionKey, ct);
        }

        journal.Record("", null, "recommendations-saved", $"recommendations:{command.DefinitionKey}", before, new { document.Title, sections = document.Sections.Count, document.Revision });
        return RecommendationView.From(document);
    }
}

public sealed class AdvanceRecommendationsHandler(ProsessDb db, Publisher publisher, Journal.Journal journal, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<AdvanceRecommendations, Result<RecommendationView>>
{
    public async ValueTask<Result<RecommendationView>> Handle(AdvanceRecommendations command, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Error.Forbidden(PublicationTexts.Rec_OnlyOwnersReview);
        }

        var document = await db.RecommendationDocuments.SingleOrDefaultAsync(d => d.DefinitionKey == command.DefinitionKey, ct);
        if (document is null)
        {
            // The definition may well exist: there is just nothing written to review or publish.
            return Error.Conflict(Vocabulary.Format(PublicationTexts.Rec_NoneYet, command.DefinitionKey));
        }

        if (RecommendationRevisions.Check(command.ExpectedRevision, document.Revision,
            command.Step == RecommendationStep.Review ? PublicationTexts.Rec_StaleReviewed : PublicationTexts.Rec_StalePublished) is { } stale)
        {
            return stale;
        }

        if (command.Step == RecommendationStep.Review)
        {
            if (document.Status != RecommendationStatus.Draft)
            {
                return Error.Conflict(PublicationTexts.Rec_NotChangedSinceReview);
            }

            if (document.EditedBy == user.Id)
            {
                return Error.Conflict(PublicationTexts.Rec_ReviewByAnother);
            }

            document.Status = RecommendationStatus.Reviewed;
        }
        else
        {
            if (document.Status != RecommendationStatus.Reviewed)
            {
                return Error.Conflict(PublicationTexts.Rec_ReviewBeforePublish);
            }

            document.Status = RecommendationStatus.Published;
            document.PublishedAt = clock.GetUtcNow();
            await publisher.BumpAsync(document.DefinitionKey, ct);
        }

        journal.Record("", null, command.Step == RecommendationStep.Review ? "recommendations-reviewed" : "recommendations-published",
            $"recommendations:{command.DefinitionKey}", null, new { status = document.Status, document.Revision });
        return RecommendationView.From(document);
    }
}

public static class RecommendationEndpoints
{
    public static IEndpointRouteBuilder MapRecommendations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/definitions/{key}/recommendations").WithTags("Publication").RequireAuthorization(Policies.Owner);
        group.MapGet("/", GetRecommendations).WithName(nameof(GetRecommendations));
        group.MapPut("/", SaveRecommendations).WithName(nameof(SaveRecommendations));
        group.MapPost("/review", ReviewRecommendations).WithName(nameof(ReviewRecommendations));
        group.MapPost("/publish", PublishRecommendations).WithName(nameof(PublishRecommendations));
        return app;
    }

    /// The document as it stands (an empty draft, revision 0, before anyone wrote one); 404 for an unknown
    /// definition. The ETag is the revision, for If-Match on the next save, review or publish.
    public static async Task<Results<Ok<RecommendationView>, ProblemHttpResult>> GetRecommendations(string key, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetRecommendations(key), ct)).Match(view => TypedResults.Ok(WithETag(http, view)));

    /// `If-Match: "<revision>"` refuses a save over a later one with 412.
    public static async Task<Results<Ok<RecommendationView>, ProblemHttpResult>> SaveRecommendations(string key, RecommendationBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SaveRecommendations(key, body.Title, body.Sections ?? [], IfMatch(http)), ct)).Match(view => TypedResults.Ok(WithETag(http, view)));

    /// `If-Match: "<revision>"`: the revision the reviewer read (412 when it was saved again since).
    public static async Task<Results<Ok<RecommendationView>, ProblemHttpResult>> ReviewRecommendations(string key, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new AdvanceRecommendations(key, RecommendationStep.Review, IfMatch(http)), ct)).Match(view => TypedResults.Ok(WithETag(http, view)));

    public static async Task<Results<Ok<RecommendationView>, ProblemHttpResult>> PublishRecommendations(string key, HttpContext http, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new AdvanceRecommendations(key, RecommendationStep.Publish, IfMatch(http)), ct)).Match(view => TypedResults.Ok(WithETag(http, view)));

    private static int? IfMatch(HttpContext http) => Infrastructure.ETags.IfMatch(http) is uint v ? (int)Math.Min(v, int.MaxValue) : null;

    private static RecommendationView WithETag(HttpContext http, RecommendationView view)
    {
        http.Response.Headers.ETag = Infrastructure.ETags.Format((uint)view.Revision);
        return view;
    }
}
