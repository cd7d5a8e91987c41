using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Participants;

public sealed record GetRegion(Guid Id) : IQuery<Result<RegionView>>;

public sealed class GetRegionHandler(ProsessDb db) : IQueryHandler<GetRegion, Result<RegionView>>
{
    public async ValueTask<Result<RegionView>> Handle(GetRegion query, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking()
            .Where(r => r.Id == query.Id)
            .Select(r => new RegionView(r.Id, r.Name, r.CreatedAt,
                db.Municipalities.Where(m => r.Members.Select(x => x.MunicipalityNumber).Contains(m.Number))
                    .OrderBy(m => m.Number)
                    .Select(m => new RegionMunicipality(m.Number, m.Name, m.CountyName)).ToList()))
            .SingleOrDefaultAsync(ct);
        return region is null ? Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Region_NotFoundId, query.Id)) : region;
    }
}

public static partial class ParticipantEndpoints
{
    public static async Task<Results<Ok<RegionView>, ProblemHttpResult>> GetRegion(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetRegion(id), ct)).Match(view => TypedResults.Ok(view));
}
