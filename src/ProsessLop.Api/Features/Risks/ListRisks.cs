using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Risks;

/// A programme's risks, open ones first, highest score first; or one of them.
public sealed record ListRisks(Guid ProgrammeId, Guid? RiskId = null) : IQuery<Result<IReadOnlyList<RiskView>>>;

public sealed class ListRisksHandler(ProsessDb db, ProgrammeRuntime runtime) : IQueryHandler<ListRisks, Result<IReadOnlyList<RiskView>>>
{
    public async ValueTask<Result<IReadOnlyList<RiskView>>> Handle(ListRisks query, CancellationToken ct) =>
        await runtime.ReadAsync<IReadOnlyList<RiskView>>(query.ProgrammeId, async _ =>
        {
            var rows = await db.Risks.AsNoTracking()
                .Where(r => r.ProgrammeId == query.ProgrammeId && (query.RiskId == null || r.Id == query.RiskId))
                .OrderBy(r => r.Status == TrackingStatus.Closed).ThenByDescending(r => r.Probability * r.Consequence).ThenBy(r => r.CreatedAt)
                .ToListAsync(ct);
            return query.RiskId is not null && rows.Count == 0
                ? Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Risk_NotFound, query.RiskId))
                : rows.Select(RiskView.From).ToList();
        }, ct);
}

public static partial class RiskEndpoints
{
    public static async Task<Results<Ok<IReadOnlyList<RiskView>>, ProblemHttpResult>> ListRisks(
        Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListRisks(id), ct)).Match(list => TypedResults.Ok(list));

    public static async Task<Results<Ok<RiskView>, ProblemHttpResult>> GetRisk(
        Guid id, Guid riskId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListRisks(id, riskId), ct)).Match(list => TypedResults.Ok(list[0]));
}
