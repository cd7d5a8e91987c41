using Microsoft.AspNetCore.Http.HttpResults;

namespace ProsessLop.Api.Infrastructure.Errors;

/// The one place where handler outcomes become HTTP answers (RFC 9457 problem documents).
public static class ResultHttp
{
    public static ProblemHttpResult Problem(Error error) => error.Kind switch
    {
        ErrorKind.NotFound => TypedResults.Problem(error.Detail, statusCode: StatusCodes.Status404NotFound, title: "Fant ikke ressursen"),
        ErrorKind.Forbidden => TypedResults.Problem(error.Detail, statusCode: StatusCodes.Status403Forbidden, title: "Ingen tilgang"),
        ErrorKind.Conflict => TypedResults.Problem(error.Detail, statusCode: StatusCodes.Status409Conflict, title: "Konflikt"),
        _ => TypedResults.Problem(error.Detail, statusCode: StatusCodes.Status400BadRequest, title: "Ugyldig forespørsel",
            extensions: error.Fields is null ? null : new Dictionary<string, object?> { ["errors"] = error.Fields }),
    };

    public static Results<TSuccess, ProblemHttpResult> Match<T, TSuccess>(this Result<T> result, Func<T, TSuccess> onSuccess)
        where TSuccess : IResult =>
        result.Succeeded ? onSuccess(result.Value!) : Problem(result.Error!);
}
