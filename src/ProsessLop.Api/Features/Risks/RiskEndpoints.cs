using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Features.Risks;

public static partial class RiskEndpoints
{
    public static IEndpointRouteBuilder MapRisks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/programmes/{id:guid}/risks").WithTags("Risks").RequireAuthorization(Policies.Reader);
        group.MapGet("/", ListRisks).WithName(nameof(ListRisks));
        group.MapGet("/{riskId:guid}", GetRisk).WithName(nameof(GetRisk));
        group.MapPost("/", RecordRisk).WithName(nameof(RecordRisk));
        group.MapPut("/{riskId:guid}", UpdateRisk).WithName(nameof(UpdateRisk));
        return app;
    }
}
