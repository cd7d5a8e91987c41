using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.Definitions;

public static partial class DefinitionEndpoints
{
    public static IEndpointRouteBuilder MapDefinitions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/definitions").WithTags("Definitions").RequireAuthorization(Policies.Reader);
        group.MapGet("/", ListDefinitions).WithName(nameof(ListDefinitions));
        group.MapGet("/{key}/versions/{version:int}", GetDefinition).WithName(nameof(GetDefinition));
        group.MapGet("/{key}/versions/{version:int}/diagram", GetDefinitionDiagram).WithName(nameof(GetDefinitionDiagram))
            .Produces<string>(StatusCodes.Status200OK, "text/vnd.mermaid");
        group.MapPost("/validate", ValidateDefinition).WithName(nameof(ValidateDefinition))
            .Accepts<ProgrammeDefinition>("application/json")
            .RequireAuthorization(Policies.Owner);
        return app;
    }
}
