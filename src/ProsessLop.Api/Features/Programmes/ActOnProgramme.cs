using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// Every life-cycle step of a programme — start/complete/reopen a task, submit/approve/return
/// a report, a gate decision, leaving a stage, withdrawal — is one engine action. One command
/// carries them all, so the role rules, the engine check, the journal and the derived columns
/// are applied the same way for each.
public sealed record ActOnProgramme(Guid ProgrammeId, ActionKind Kind, string Target, string? Note, uint? ExpectedVersion)
    : ICommand<Result<ActionOutcome>>, IProgrammeChange;

public sealed record ActionOutcome(Guid ProgrammeId, string Action, string Target, string? ItemStatus, Health Health, string CurrentStage, ProgrammeStatus Status, uint Version);

public sealed class ActOnProgrammeValidator : AbstractValidator<ActOnProgramme>
{
    public ActOnProgrammeValidator()
    {
        RuleFor(c => c.Note).NotEmpty().When(c => c.Kind is ActionKind.ReturnReport).WithMessage(_ => ProgrammeTexts.Programme_ReturnNote);
        RuleFor(c => c.Note).NotEmpty().When(c => c.Kind is ActionKind.WithdrawProgramme or ActionKind.MarkTaskNotApplicable).WithMessage(_ => ProgrammeTexts.Programme_Reason);
        RuleFor(c => c.Note).MaximumLength(4000).WithMessage(_ => ProgrammeTexts.Programme_NoteLength);
    }
}

public sealed class ActOnProgrammeHandler(ProsessDb db, ProgrammeRuntime runtime, Journal.Journal journal, ICurrentUser user, Publication.Publisher publisher)
    : ICommandHandler<ActOnProgramme, Result<ActionOutcome>>
{
    public async ValueTask<Result<ActionOutcome>> Handle(ActOnProgramme command, CancellationToken ct)
    {
        // A participant works only tasks assigned to them; everything else needs change rights.
        var assignedTask = ActionRoles.ParticipantMay(command.Kind) ? command.Target : null;
        var found = await runtime.FindChangeableAsync(command, ProgrammeWork.Action, ct, assignedTask);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var programme = found.Value;
        if (ActionRoles.OwnerOnly(command.Kind) && !user.IsOwner)
        {
            return Error.Forbidden(ProgrammeTexts.Programme_OnlyOwner);
        }

        var engine = runtime.EngineFor(programme);
        var before = ItemStatus(programme.State, command.Kind, command.Target);
        var check = engine.Apply(programme.State, new ProgrammeAction(command.Kind, command.Target, command.Note));
        if (!check.Allowed)
        {
            return Error.Conflict(string.Join(" ", check.Blockers.Select(b => b.Text)));
        }

        runtime.Refresh(programme, engine);
        var after = ItemStatus(programme.State, command.Kind, command.Target);
        journal.Record(programme.ParticipantId, programme.Id, check.Action.Kind.ToString(), command.Target,
            new { status = before }, new { status = after, note = command.Note });
        if (command.Kind is ActionKind.ApproveReport or ActionKind.SubmitReport && programme.State.Report(command.Target) is { IsDelivered: true } delivered)
        {
            await publisher.OnDeliveredAsync(programme, engine.Definition, delivered, ct);
        }
        else if (command.Kind is ActionKind.WithdrawProgramme)
        {
            await publisher.BumpAsync(programme.DefinitionKey, ct);
        }

        // Saved here (inside the pipeline's transaction) so the answer can carry the new version.
        await db.SaveChangesAsync(ct);
        return new ActionOutcome(programme.Id, command.Kind.ToString(), command.Target, after, programme.Health, programme.CurrentStageKey, programme.Status, programme.Version);
    }

    private static string? ItemStatus(ProgrammeState state, ActionKind kind, string target) => kind switch
    {
        ActionKind.StartTask or ActionKind.CompleteTask or ActionKind.ReopenTask or ActionKind.MarkTaskNotApplicable => state.Task(target)?.Status.ToString(),
        ActionKind.SubmitReport or ActionKind.ApproveReport or ActionKind.ReturnReport => state.Report(target)?.Status.ToString(),
        ActionKind.CompleteStage or ActionKind.RecordOwnerDecision => state.Stage(target)?.Status.ToString(),
        _ => state.Status.ToString(),
    };
}

public sealed record NoteBody(string? Note);

public static partial class ProgrammeEndpoints
{
    private static async Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> Act(
        IMediator mediator, HttpContext http, Guid id, ActionKind kind, string target, string? note, CancellationToken ct)
    {
        var result = await mediator.Send(new ActOnProgramme(id, kind, target, note, ETags.IfMatch(http)), ct);
        if (result.Succeeded)
        {
            http.Response.Headers.ETag = ETags.Format(result.Value.Version);
        }

        return result.Match(outcome => TypedResults.Ok(outcome));
    }

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> StartTask(Guid id, string taskKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.StartTask, taskKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> CompleteTask(Guid id, string taskKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.CompleteTask, taskKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> ReopenTask(Guid id, string taskKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.ReopenTask, taskKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> MarkTaskNotApplicable(Guid id, string taskKey, NoteBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.MarkTaskNotApplicable, taskKey, body.Note, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> SubmitReport(Guid id, string reportKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.SubmitReport, reportKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> ApproveReport(Guid id, string reportKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.ApproveReport, reportKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> ReturnReport(Guid id, string reportKey, NoteBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.ReturnReport, reportKey, body.Note, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> RecordGateDecision(Guid id, string stageKey, NoteBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.RecordOwnerDecision, stageKey, body.Note, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> CompleteStage(Guid id, string stageKey, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.CompleteStage, stageKey, null, ct);

    public static Task<Results<Ok<ActionOutcome>, ProblemHttpResult>> WithdrawProgramme(Guid id, NoteBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Act(m, http, id, ActionKind.WithdrawProgramme, "", body.Note, ct);
}
