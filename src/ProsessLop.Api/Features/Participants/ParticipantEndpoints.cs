using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Features.Participants;

public static partial class ParticipantEndpoints
{
    public static IEndpointRouteBuilder MapParticipants(this IEndpointRouteBuilder app)
    {
        var municipalities = app.MapGroup("/api/municipalities").WithTags("Participants").RequireAuthorization(Policies.Reader);
        municipalities.MapGet("/", ListMunicipalities).WithName(nameof(ListMunicipalities));
        municipalities.MapPut("/{number}/written-standard", SetMunicipalityWrittenStandard).WithName(nameof(SetMunicipalityWrittenStandard)).RequireAuthorization(Policies.Owner);

        var regions = app.MapGroup("/api/regions").WithTags("Participants").RequireAuthorization(Policies.Reader);
        regions.MapPost("/", CreateRegion).WithName(nameof(CreateRegion)).RequireAuthorization(Policies.Owner);
        regions.MapGet("/{id:guid}", GetRegion).WithName(nameof(GetRegion));
        regions.MapPut("/{id:guid}/written-standard", SetRegionWrittenStandard).WithName(nameof(SetRegionWrittenStandard)).RequireAuthorization(Policies.Owner);
        return app;
    }
}
