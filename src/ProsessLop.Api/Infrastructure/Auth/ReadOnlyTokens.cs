namespace ProsessLop.Api.Infrastructure.Auth;

/// A personal access token scoped to reading may only read: any other method answers 403 with
/// a problem document before anything runs.
public static class ReadOnlyTokens
{
    public static IApplicationBuilder UseReadOnlyTokens(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var method = http.Request.Method;
        if (http.User.HasClaim(ProsessClaims.TokenScope, "read") && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)))
        {
            await TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: ProblemTexts.Token_ReadOnlyTitle,
                detail: ProblemTexts.Token_ReadOnlyDetail).ExecuteAsync(http);
            return;
        }

        await next(http);
    });
}
