using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Features.Participants;

public static partial class ParticipantEndpoints
{
    public static IEndpointRouteBuilder MapParticipants(this IEndpointRouteBuilder app)
    {
        var municipalities = app.MapGroup("/api/municipalities").WithTags("Participants").RequireAuthorization(Policies.Reader);
        municipalities.MapGet("/", ListMunicipalities).WithName(nameof(ListMunicipalities));

        var regions = app.MapGroup("/api/regions").WithTags("Participants").RequireAuthorization(Policies.Reader);
        regions.MapPost("/", CreateRegion).WithName(nameof(CreateRegion)).RequireAuthorization(Policies.Owner);
        regions.MapGet("/{id:guid}", GetRegion).WithName(nameof(GetRegion));
        return app;
    }
}
