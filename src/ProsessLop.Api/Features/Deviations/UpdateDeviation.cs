using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Deviations;

/// Changes a deviation's fields; setting the status to closed closes it (and open reopens it).
public sealed record UpdateDeviation(
    [property: JsonIgnore] Guid ProgrammeId, [property: JsonIgnore] Guid DeviationId, string Description, string? Cause, string? Consequence, string? Action, string Owner,
    DateOnly Deadline, TrackingStatus Status, [property: JsonIgnore] uint? ExpectedVersion = null)
    : ICommand<Result<Deviation>>, IDeviationFields, IProgrammeChange;

public sealed class UpdateDeviationValidator : DeviationFieldsValidator<UpdateDeviation>
{
    public UpdateDeviationValidator() =>
        RuleFor(d => d.Status).ValidStatus();
}

public sealed class UpdateDeviationHandler(ProsessDb db, ProgrammeRuntime runtime, Journal.Journal journal, TimeProvider clock)
    : ICommandHandler<UpdateDeviation, Result<Deviation>>
{
    public async ValueTask<Result<Deviation>> Handle(UpdateDeviation command, CancellationToken ct) =>
        await runtime.ChangeAsync<Deviation>(command, ProgrammeWork.Deviation, async programme =>
        {
            var deviation = await db.Deviations.SingleOrDefaultAsync(d => d.Id == command.DeviationId && d.ProgrammeId == programme.Id, ct);
            if (deviation is null)
            {
                return Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Deviation_NotFound, command.DeviationId));
            }

            var before = DeviationSnapshot.From(deviation);
            var now = clock.GetUtcNow();
            deviation.Description = command.Description.Trim();
            deviation.Cause = command.Cause?.Trim();
            deviation.Consequence = command.Consequence?.Trim();
            deviation.Action = command.Action?.Trim();
            deviation.Owner = command.Owner.Trim();
            deviation.Deadline = command.Deadline;
            if (deviation.Status != command.Status)
            {
                deviation.ClosedAt = command.Status == TrackingStatus.Closed ? now : null;
            }

            deviation.Status = command.Status;
            deviation.UpdatedAt = now;
            var action = Tracking.UpdateAction("deviation", before.Status, command.Status);
            journal.Record(programme.ParticipantId, programme.Id, action, $"deviation:{deviation.Id}", before, DeviationSnapshot.From(deviation));
            return deviation;
        }, ct);
}

public static partial class DeviationEndpoints
{
    public static async Task<Results<Ok<DeviationView>, ProblemHttpResult>> UpdateDeviation(
        Guid id, Guid deviationId, UpdateDeviation command, IMediator mediator, HttpContext http, CancellationToken ct) =>
        // If-Match carries the programme's ETag: every change inside a programme moves it.
        (await mediator.Send(command with { ProgrammeId = id, DeviationId = deviationId, ExpectedVersion = Infrastructure.ETags.IfMatch(http) }, ct))
            .Match(d => TypedResults.Ok(DeviationView.From(d)));
}
