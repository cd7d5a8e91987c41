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
    }
}

public sealed record RecommendationView(string DefinitionKey, string Title, IReadOnlyList<RecommendationSection> Sections, RecommendationStatus Status, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt)
{
    public static RecommendationView From(RecommendationDocument d) => new(d.DefinitionKey, d.Title, d.Sections, d.Status, d.UpdatedAt, d.PublishedAt);
}

public sealed record RecommendationBody(string Title, IReadOnlyList<RecommendationSection> Sections);

public sealed record SaveRecommendations(string DefinitionKey, string Title, IReadOnlyList<RecommendationSection> Sections) : ICommand<Result<RecommendationView>>;

public enum RecommendationStep { Review, Publish }

public sealed record AdvanceRecommendations(string DefinitionKey, RecommendationStep Step) : ICommand<Result<RecommendationView>>;

public sealed class SaveRecommendationsValidator : AbstractValidator<SaveRecommendations>
{
    public SaveRecommendationsValidator()
    {
        RuleFor(c => c.Title).RequiredText("Tittel", 300);
        RuleFor(c => c.Sections).NotEmpty().WithMessage("Dokumentet må ha minst én seksjon.")
            .Must(s => s is null || s.Count <= 50).WithMessage("Dokumentet kan ha høyst 50 seksjoner.");
        RuleForEach(c => c.Sections).ChildRules(s =>
        {
            s.RuleFor(x => x.Title).RequiredText("Seksjonens tittel", 300);
            s.RuleFor(x => x.Text).RequiredText("Seksjonens tekst", 20_000);
            s.RuleFor(x => x.Reports).NotNull().Must(r => r is null || r.Count <= 50).WithMessage("En seksjon kan vise til høyst 50 rapporter.");
            s.RuleFor(x => x.Learning).NotNull().Must(l => l is null || l.Count <= 50).WithMessage("En seksjon kan vise til høyst 50 erfaringer.");
        });
    }
}

public sealed class SaveRecommendationsHandler(ProsessDb db, DefinitionRegistry registry, Publisher publisher, Journal.Journal journal, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<SaveRecommendations, Result<RecommendationView>>
{
    public async ValueTask<Result<RecommendationView>> Handle(SaveRecommendations command, CancellationToken ct)
    {
        if (registry.LatestOfEach().All(d => d.Key != command.DefinitionKey))
        {
            return Error.NotFound($"Fant ingen programdefinisjon «{command.DefinitionKey}».");
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
        if (reports.Except(published).FirstOrDefault() is var missingReport && missingReport != Guid.Empty)
        {
            return Error.Invalid("sections", $"Rapporten {missingReport} er ikke publisert i dette programmet.");
        }

        if (learning.Except(shared).FirstOrDefault() is var missingLearning && missingLearning != Guid.Empty)
        {
            return Error.Invalid("sections", $"Erfaringen {missingLearning} er ikke delt offentlig i dette programmet.");
        }

        var document = await db.RecommendationDocuments.SingleOrDefaultAsync(d => d.DefinitionKey == command.DefinitionKey, ct);
        var before = document is null ? null : new { document.Title, document.Status };
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
        if (wasPublished)
        {
            await publisher.BumpAsync(command.DefinitionKey, ct);
        }

        journal.Record("", null, "recommendations-saved", $"recommendations:{command.DefinitionKey}", before, new { document.Title, sections = document.Sections.Count });
        return RecommendationView.From(document);
    }
}

public sealed class AdvanceRecommendationsHandler(ProsessDb db, Publisher publisher, Journal.Journal journal, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<AdvanceRecommendations, Result<RecommendationView>>
{
    public async ValueTask<Result<RecommendationView>> Handle(AdvanceRecommendations command, CancellationToken ct)
    {
        var document = await db.RecommendationDocuments.SingleOrDefaultAsync(d => d.DefinitionKey == command.DefinitionKey, ct);
        if (document is null)
        {
            // The definition may well exist: there is just nothing written to review or publish.
            return Error.Conflict($"«{command.DefinitionKey}» har ingen anbefalinger ennå.");
        }

        if (command.Step == RecommendationStep.Review)
        {
            if (document.Status != RecommendationStatus.Draft)
            {
                return Error.Conflict("Dokumentet er ikke endret siden det ble gjennomgått.");
            }

            if (document.EditedBy == user.Id)
            {
                return Error.Conflict("En annen programeier enn den som skrev sist, må gjennomgå anbefalingene.");
            }

            document.Status = RecommendationStatus.Reviewed;
        }
        else
        {
            if (document.Status != RecommendationStatus.Reviewed)
            {
                return Error.Conflict("Anbefalingene må gjennomgås av en annen programeier før de publiseres.");
            }

            document.Status = RecommendationStatus.Published;
            document.PublishedAt = clock.GetUtcNow();
            await publisher.BumpAsync(document.DefinitionKey, ct);
        }

        journal.Record("", null, command.Step == RecommendationStep.Review ? "recommendations-reviewed" : "recommendations-published",
            $"recommendations:{command.DefinitionKey}", null, new { status = document.Status });
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

    /// The document as it stands (an empty draft before anyone wrote one); 404 for an unknown definition.
    public static async Task<Results<Ok<RecommendationView>, ProblemHttpResult>> GetRecommendations(string key, ProsessDb db, DefinitionRegistry registry, CancellationToken ct)
    {
        if (registry.LatestOfEach().All(d => d.Key != key))
        {
            return Result<RecommendationView>.Failure(Error.NotFound($"Fant ingen programdefinisjon «{key}».")).Match(view => TypedResults.Ok(view));
        }

        var document = await db.RecommendationDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.DefinitionKey == key, ct)
            ?? new RecommendationDocument { DefinitionKey = key };
        return TypedResults.Ok(RecommendationView.From(document));
    }

    public static async Task<Results<Ok<RecommendationView>, ProblemHttpResult>> SaveRecommendations(string key, RecommendationBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SaveRecommendations(key, body.Title, body.Sections ?? []), ct)).Match(view => TypedResults.Ok(view));

    public static async Task<Results<Ok<RecommendationView>, ProblemHttpResult>> ReviewRecommendations(string key, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new AdvanceRecommendations(key, RecommendationStep.Review), ct)).Match(view => TypedResults.Ok(view));

    public static async Task<Results<Ok<RecommendationView>, ProblemHttpResult>> PublishRecommendations(string key, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new AdvanceRecommendations(key, RecommendationStep.Publish), ct)).Match(view => TypedResults.Ok(view));
}
