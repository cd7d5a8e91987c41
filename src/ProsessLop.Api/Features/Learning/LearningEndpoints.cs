using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Features.Learning;

public static partial class LearningEndpoints
{
    public static IEndpointRouteBuilder MapLearning(this IEndpointRouteBuilder app)
    {
        var programme = app.MapGroup("/api/programmes/{id:guid}/learning").WithTags("Learning").RequireAuthorization(Policies.Reader);
        programme.MapGet("/", ListLearning).WithName(nameof(ListLearning));
        programme.MapPost("/", RecordLearning).WithName(nameof(RecordLearning));

        app.MapGroup("/api/learning").WithTags("Learning").RequireAuthorization(Policies.Reader)
            .MapGet("/", SearchLearning).WithName(nameof(SearchLearning));
        return app;
    }
}
