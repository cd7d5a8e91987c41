using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Deviations;

/// A programme's deviations, open ones first, nearest deadline first; or one of them.
public sealed record ListDeviations(Guid ProgrammeId, Guid? DeviationId = null) : IQuery<Result<IReadOnlyList<DeviationView>>>;

public sealed class ListDeviationsHandler(ProsessDb db, ProgrammeRuntime runtime) : IQueryHandler<ListDeviations, Result<IReadOnlyList<DeviationView>>>
{
    public async ValueTask<Result<IReadOnlyList<DeviationView>>> Handle(ListDeviations query, CancellationToken ct) =>
        await runtime.ReadAsync<IReadOnlyList<DeviationView>>(query.ProgrammeId, async _ =>
        {
            var rows = await db.Deviations.AsNoTracking()
                .Where(d => d.ProgrammeId == query.ProgrammeId && (query.DeviationId == null || d.Id == query.DeviationId))
                .OrderBy(d => d.Status == TrackingStatus.Closed).ThenBy(d => d.Deadline).ThenBy(d => d.CreatedAt)
                .ToListAsync(ct);
            return query.DeviationId is not null && rows.Count == 0
                ? Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Deviation_NotFound, query.DeviationId))
                : rows.Select(DeviationView.From).ToList();
        }, ct);
}

public static partial class DeviationEndpoints
{
    public static async Task<Results<Ok<IReadOnlyList<DeviationView>>, ProblemHttpResult>> ListDeviations(
        Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListDeviations(id), ct)).Match(list => TypedResults.Ok(list));

    public static async Task<Results<Ok<DeviationView>, ProblemHttpResult>> GetDeviation(
        Guid id, Guid deviationId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListDeviations(id, deviationId), ct)).Match(list => TypedResults.Ok(list[0]));
}
