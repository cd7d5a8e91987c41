using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Features.Deviations;

public static partial class DeviationEndpoints
{
    public static IEndpointRouteBuilder MapDeviations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/programmes/{id:guid}/deviations").WithTags("Deviations").RequireAuthorization(Policies.Reader);
        group.MapGet("/", ListDeviations).WithName(nameof(ListDeviations));
        group.MapGet("/{deviationId:guid}", GetDeviation).WithName(nameof(GetDeviation));
        group.MapPost("/", RecordDeviation).WithName(nameof(RecordDeviation));
        group.MapPut("/{deviationId:guid}", UpdateDeviation).WithName(nameof(UpdateDeviation));
        return app;
    }
}
