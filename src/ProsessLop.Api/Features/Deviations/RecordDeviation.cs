using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Features.Journal;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Deviations;

/// A coordinator (or an owner) records a deviation in a programme; it starts open.
public sealed record RecordDeviation(
    [property: JsonIgnore] Guid ProgrammeId, string Description, string? Cause, string? Consequence, string? Action, string Owner, DateOnly Deadline, [property: JsonIgnore] uint? ExpectedVersion = null)
    : ICommand<Result<Deviation>>, IDeviationFields, IProgrammeChange;

public sealed class RecordDeviationValidator : DeviationFieldsValidator<RecordDeviation>;

public sealed class RecordDeviationHandler(ProsessDb db, ProgrammeRuntime runtime, Journal.Journal journal, TimeProvider clock)
    : ICommandHandler<RecordDeviation, Result<Deviation>>
{
    public async ValueTask<Result<Deviation>> Handle(RecordDeviation command, CancellationToken ct) =>
        await runtime.ChangeAsync(command, ProgrammeWork.Deviation, programme =>
        {
            var now = clock.GetUtcNow();
            var deviation = new Deviation
            {
                Id = Guid.CreateVersion7(),
                ProgrammeId = programme.Id,
                Description = command.Description.Trim(),
                Cause = command.Cause?.Trim(),
                Consequence = command.Consequence?.Trim(),
                Action = command.Action?.Trim(),
                Owner = command.Owner.Trim(),
                Deadline = command.Deadline,
                Status = TrackingStatus.Open,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Deviations.Add(deviation);
            journal.Record(programme.ParticipantId, programme.Id, "deviation-recorded", $"deviation:{deviation.Id}", null, DeviationSnapshot.From(deviation));
            return Task.FromResult<Result<Deviation>>(deviation);
        }, ct);
}

public static partial class DeviationEndpoints
{
    public static async Task<Results<Created<DeviationView>, ProblemHttpResult>> RecordDeviation(
        Guid id, RecordDeviation command, IMediator mediator, HttpContext http, CancellationToken ct) =>
        (await mediator.Send(command with { ProgrammeId = id, ExpectedVersion = Infrastructure.ETags.IfMatch(http) }, ct)).Match(d =>
            TypedResults.Created($"/api/programmes/{id}/deviations/{d.Id}", DeviationView.From(d)));
}
