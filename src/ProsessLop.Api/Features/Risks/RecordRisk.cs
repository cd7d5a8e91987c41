using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Risks;

/// A coordinator (or an owner) records a risk in a programme; it starts open.
public sealed record RecordRisk([property: JsonIgnore] Guid ProgrammeId, string Description, int Probability, int Consequence, string? Mitigation, string Owner, [property: JsonIgnore] uint? ExpectedVersion = null)
    : ICommand<Result<Risk>>, IRiskFields, IProgrammeChange;

public sealed class RecordRiskValidator : RiskFieldsValidator<RecordRisk>;

public sealed class RecordRiskHandler(ProsessDb db, ProgrammeRuntime runtime, Journal.Journal journal, TimeProvider clock)
    : ICommandHandler<RecordRisk, Result<Risk>>
{
    public async ValueTask<Result<Risk>> Handle(RecordRisk command, CancellationToken ct) =>
        await runtime.ChangeAsync(command, ProgrammeWork.Risk, programme =>
        {
            var now = clock.GetUtcNow();
            var risk = new Risk
            {
                Id = Guid.CreateVersion7(),
                ProgrammeId = programme.Id,
                Description = command.Description.Trim(),
                Probability = command.Probability,
                Consequence = command.Consequence,
                Mitigation = command.Mitigation?.Trim(),
                Owner = command.Owner.Trim(),
                Status = TrackingStatus.Open,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Risks.Add(risk);
            journal.Record(programme.ParticipantId, programme.Id, "risk-recorded", $"risk:{risk.Id}", null, RiskSnapshot.From(risk));
            return Task.FromResult<Result<Risk>>(risk);
        }, ct);
}

public static partial class RiskEndpoints
{
    public static async Task<Results<Created<RiskView>, ProblemHttpResult>> RecordRisk(
        Guid id, RecordRisk command, IMediator mediator, HttpContext http, CancellationToken ct) =>
        (await mediator.Send(command with { ProgrammeId = id, ExpectedVersion = Infrastructure.ETags.IfMatch(http) }, ct)).Match(r =>
            TypedResults.Created($"/api/programmes/{id}/risks/{r.Id}", RiskView.From(r)));
}
