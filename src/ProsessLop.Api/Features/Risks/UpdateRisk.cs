using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Risks;

/// Re-assesses a risk; setting the status to closed closes it.
public sealed record UpdateRisk(
    [property: JsonIgnore] Guid ProgrammeId, [property: JsonIgnore] Guid RiskId, string Description, int Probability, int Consequence, string? Mitigation, string Owner, TrackingStatus Status, [property: JsonIgnore] uint? ExpectedVersion = null)
    : ICommand<Result<Risk>>, IRiskFields, IProgrammeChange;

public sealed class UpdateRiskValidator : RiskFieldsValidator<UpdateRisk>
{
    public UpdateRiskValidator() =>
        RuleFor(r => r.Status).ValidStatus();
}

public sealed class UpdateRiskHandler(ProsessDb db, ProgrammeRuntime runtime, Journal.Journal journal, TimeProvider clock)
    : ICommandHandler<UpdateRisk, Result<Risk>>
{
    public async ValueTask<Result<Risk>> Handle(UpdateRisk command, CancellationToken ct) =>
        await runtime.ChangeAsync<Risk>(command, ProgrammeWork.Risk, async programme =>
        {
            var risk = await db.Risks.SingleOrDefaultAsync(r => r.Id == command.RiskId && r.ProgrammeId == programme.Id, ct);
            if (risk is null)
            {
                return Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Risk_NotFound, command.RiskId));
            }

            var before = RiskSnapshot.From(risk);
            risk.Description = command.Description.Trim();
            risk.Probability = command.Probability;
            risk.Consequence = command.Consequence;
            risk.Mitigation = command.Mitigation?.Trim();
            risk.Owner = command.Owner.Trim();
            risk.Status = command.Status;
            risk.UpdatedAt = clock.GetUtcNow();
            var action = Tracking.UpdateAction("risk", before.Status, command.Status);
            journal.Record(programme.ParticipantId, programme.Id, action, $"risk:{risk.Id}", before, RiskSnapshot.From(risk));
            return risk;
        }, ct);
}

public static partial class RiskEndpoints
{
    public static async Task<Results<Ok<RiskView>, ProblemHttpResult>> UpdateRisk(
        Guid id, Guid riskId, UpdateRisk command, IMediator mediator, HttpContext http, CancellationToken ct) =>
        // If-Match carries the programme's ETag: every change inside a programme moves it.
        (await mediator.Send(command with { ProgrammeId = id, RiskId = riskId, ExpectedVersion = Infrastructure.ETags.IfMatch(http) }, ct))
            .Match(r => TypedResults.Ok(RiskView.From(r)));
}
