using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Pipeline;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Publication;

public enum PublicationDecision { Publish, KeepBack, Unpublish }

/// An owner's decision about a delivered report under offentleglova: publish it (a fresh copy of
/// the approved text), keep it back (with the legal basis, required), or take it down again.
/// Decisions are allowed also after the programme has ended: publishing is what comes last.
public sealed record DecidePublication(Guid ProgrammeId, string ReportKey, PublicationDecision Decision, string? ExemptionBasis, string? Note)
    : ICommand<Result<PublicationView>>;

public sealed record PublicationView(Guid Id, Guid ProgrammeId, string ReportKey, string Title, PublicationStatus Status, string? ExemptionBasis, DateTimeOffset? PublishedAt, DateTimeOffset DecidedAt)
{
    public static PublicationView From(ReportPublication p) => new(p.Id, p.ProgrammeId, p.ReportKey, p.Title, p.Status, p.ExemptionBasis, p.PublishedAt, p.DecidedAt);
}

public sealed record KeepBackBody(string ExemptionBasis);

public sealed class DecidePublicationValidator : AbstractValidator<DecidePublication>
{
    public DecidePublicationValidator()
    {
        RuleFor(c => c.ExemptionBasis!).RequiredText(() => PublicationTexts.Decision_ExemptionBasis, 200).When(c => c.Decision == PublicationDecision.KeepBack);
        RuleFor(c => c.Note).OptionalText("Begrunnelse", 4000);
    }
}

public sealed class DecidePublicationHandler(ProsessDb db, ProgrammeRuntime runtime, Publisher publisher, Journal.Journal journal, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<DecidePublication, Result<PublicationView>>
{
    public async ValueTask<Result<PublicationView>> Handle(DecidePublication command, CancellationToken ct)
    {
        var found = await runtime.FindReadableAsync(command.ProgrammeId, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var programme = found.Value;
        if (!user.IsOwner)
        {
            return Error.Forbidden(PublicationTexts.Decision_OnlyOwners);
        }

        if (programme.State.Report(command.ReportKey) is not { } item)
        {
            return Error.NotFound(Vocabulary.Format(PublicationTexts.Decision_NoReport, command.ReportKey));
        }

        var existing = await db.ReportPublications.SingleOrDefaultAsync(p => p.ProgrammeId == programme.Id && p.ReportKey == item.Key, ct);
        var before = existing is null ? null : new { status = existing.Status, exemptionBasis = existing.ExemptionBasis };
        ReportPublication publication;
        switch (command.Decision)
        {
            case PublicationDecision.Publish or PublicationDecision.KeepBack:
                if (!item.IsDelivered || item.Status == ReportStatus.NotApplicable)
                {
                    return Error.Conflict(PublicationTexts.Decision_NotApproved);
                }

                publication = await publisher.CopyAsync(programme, runtime.EngineFor(programme).Definition, item, existing, ct);
                if (command.Decision == PublicationDecision.Publish)
                {
                    publication.Status = PublicationStatus.Published;
                    publication.ExemptionBasis = null;
                    publication.PublishedAt = clock.GetUtcNow();
                }
                else
                {
                    publication.Status = PublicationStatus.KeptBack;
                    publication.ExemptionBasis = command.ExemptionBasis!.Trim();
                }

                break;
            default:
                if (existing is not { Status: PublicationStatus.Published })
                {
                    return Error.Conflict(PublicationTexts.Decision_NotPublished);
                }

                publication = existing;
                publication.Status = PublicationStatus.Unpublished;
                publication.DecidedAt = clock.GetUtcNow();
                break;
        }

        var action = command.Decision switch
        {
            PublicationDecision.Publish => "report-published",
            PublicationDecision.KeepBack => "report-kept-back",
            _ => "report-unpublished",
        };
        journal.Record(programme.ParticipantId, programme.Id, action, item.Key, before,
            new { status = publication.Status, exemptionBasis = publication.ExemptionBasis, note = command.Note });
        await publisher.BumpAsync(programme.DefinitionKey, ct);
        return PublicationView.From(publication);
    }
}

public static class PublicationEndpoints
{
    public static IEndpointRouteBuilder MapPublication(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/programmes/{id:guid}/reports/{reportKey}").WithTags("Publication").RequireAuthorization(Policies.Reader);
        reports.MapPost("/publish", PublishReport).WithName(nameof(PublishReport));
        reports.MapPost("/keep-back", KeepBackReport).WithName(nameof(KeepBackReport));
        reports.MapPost("/unpublish", UnpublishReport).WithName(nameof(UnpublishReport));

        var learning = app.MapGroup("/api/programmes/{id:guid}/learning/{learningId:guid}").WithTags("Publication").RequireAuthorization(Policies.Reader);
        learning.MapPost("/shareable", MarkLearningShareable).WithName(nameof(MarkLearningShareable));
        learning.MapPost("/publish", PublishLearning).WithName(nameof(PublishLearning));
        learning.MapPost("/withdraw", WithdrawLearning).WithName(nameof(WithdrawLearning));
        return app;
    }

    public static async Task<Results<Ok<PublicationView>, ProblemHttpResult>> PublishReport(Guid id, string reportKey, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new DecidePublication(id, reportKey, PublicationDecision.Publish, null, null), ct)).Match(view => TypedResults.Ok(view));

    public static async Task<Results<Ok<PublicationView>, ProblemHttpResult>> KeepBackReport(Guid id, string reportKey, KeepBackBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new DecidePublication(id, reportKey, PublicationDecision.KeepBack, body.ExemptionBasis, null), ct)).Match(view => TypedResults.Ok(view));

    public static async Task<Results<Ok<PublicationView>, ProblemHttpResult>> UnpublishReport(Guid id, string reportKey, NoteBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new DecidePublication(id, reportKey, PublicationDecision.Unpublish, null, body.Note), ct)).Match(view => TypedResults.Ok(view));

    public static async Task<Results<Ok<LearningSharingView>, ProblemHttpResult>> MarkLearningShareable(Guid id, Guid learningId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ShareLearning(id, learningId, LearningShareStep.MarkShareable), ct)).Match(view => TypedResults.Ok(view));

    public static async Task<Results<Ok<LearningSharingView>, ProblemHttpResult>> PublishLearning(Guid id, Guid learningId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ShareLearning(id, learningId, LearningShareStep.Publish), ct)).Match(view => TypedResults.Ok(view));

    public static async Task<Results<Ok<LearningSharingView>, ProblemHttpResult>> WithdrawLearning(Guid id, Guid learningId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ShareLearning(id, learningId, LearningShareStep.Withdraw), ct)).Match(view => TypedResults.Ok(view));
}
