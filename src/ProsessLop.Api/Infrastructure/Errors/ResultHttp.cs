using Microsoft.AspNetCore.Http.HttpResults;

namespace ProsessLop.Api.Infrastructure.Errors;

/// The one place where handler outcomes become HTTP answers (RFC 9457 problem documents).
public static class ResultHttp
{
    // Titles in the reader's standard (the request's culture), so properties, not constants.
    public static string InvalidFieldsTitle => ProblemTexts.Problem_InvalidFields;

    public static string InvalidDefinitionTitle => ProblemTexts.Problem_InvalidDefinition;

    public static ProblemHttpResult Problem(Error error)
    {
        if (error.Problems is { } problems)
        {
            return TypedResults.Problem(error.Detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: InvalidDefinitionTitle,
                extensions: new Dictionary<string, object?> { ["problems"] = problems });
        }

        var (status, title) = error.Kind switch
        {
            ErrorKind.NotFound => (StatusCodes.Status404NotFound, ProblemTexts.Problem_NotFound),
            ErrorKind.Forbidden => (StatusCodes.Status403Forbidden, ProblemTexts.Problem_Forbidden),
            ErrorKind.Conflict => (StatusCodes.Status409Conflict, ProblemTexts.Problem_Conflict),
            ErrorKind.Stale => (StatusCodes.Status412PreconditionFailed, ProblemTexts.Problem_Stale),
            _ => (StatusCodes.Status400BadRequest, error.Fields is null ? ProblemTexts.Problem_BadRequest : InvalidFieldsTitle),
        };
        // Field errors name what was refused, whatever the status (400 invalid, 403 not yours to set).
        return TypedResults.Problem(error.Detail, statusCode: status, title: title,
            extensions: error.Fields is null ? null : new Dictionary<string, object?> { ["errors"] = error.Fields });
    }

    public static Results<TSuccess, ProblemHttpResult> Match<T, TSuccess>(this Result<T> result, Func<T, TSuccess> onSuccess)
        where TSuccess : IResult =>
        result.Succeeded ? onSuccess(result.Value) : Problem(result.Error);
}
