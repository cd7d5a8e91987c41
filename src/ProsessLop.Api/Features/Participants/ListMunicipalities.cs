using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Participants;

public sealed record ListMunicipalities(string? CountyNumber) : IQuery<IReadOnlyList<MunicipalityView>>;

public sealed record MunicipalityView(string Number, string Name, string CountyNumber, string CountyName);

public sealed class ListMunicipalitiesHandler(ProsessDb db) : IQueryHandler<ListMunicipalities, IReadOnlyList<MunicipalityView>>
{
    public async ValueTask<IReadOnlyList<MunicipalityView>> Handle(ListMunicipalities query, CancellationToken ct) =>
        await db.Municipalities.AsNoTracking()
            .Where(m => query.CountyNumber == null || m.CountyNumber == query.CountyNumber)
            .OrderBy(m => m.Number)
            .Select(m => new MunicipalityView(m.Number, m.Name, m.CountyNumber, m.CountyName))
            .ToListAsync(ct);
}

public static partial class ParticipantEndpoints
{
    public static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<IReadOnlyList<MunicipalityView>>> ListMunicipalities(
        string? county, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListMunicipalities(county), ct));
}
