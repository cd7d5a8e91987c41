using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace ProsessLop.Api.Infrastructure.Errors;

/// Thrown where input is refused outside a handler's Result (the input boundary, paging, a
/// query that answers no Result); becomes a 400 problem naming each field, as Error.InvalidFields does.
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// The backstop: every exception that reaches the host becomes a problem document. Expected
/// ones (bad JSON, too large, invalid, stale) get their 4xx; anything else a bare 500 with
/// the traceId — never a stack trace outside Development.
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // Outside the localization middleware: the culture it chose for this request is on the request.
        using var reader = Language.WrittenStandards.Use(
            http.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture.UICulture ?? System.Globalization.CultureInfo.CurrentUICulture);
        var (status, title, detail, errors) = exception switch
        {
            RequestValidationException v => (400, ResultHttp.InvalidFieldsTitle, Error.InvalidFields(v.Errors).Detail, v.Errors),
            BadHttpRequestException b => (b.StatusCode, ProblemTexts.Problem_BadRequest, Describe(b), JsonField(b)),
            IdempotencyConflictException i => (i.StatusCode, "Idempotency-Key", i.Message, null),
            DbUpdateConcurrencyException => (409, ProblemTexts.Problem_Conflict,
                Texts.Error_ChangedByOthers, null),
            // A unique index caught what a handler's check let through in a race.
            DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } } => (409, ProblemTexts.Problem_Conflict,
                Texts.Error_SameValues, null),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, ProblemTexts.Problem_Aborted, ProblemTexts.Problem_AbortedDetail, null),
            // The database is restarting, failing over or out of connections: nothing was carried
            // out (a transaction that could not commit is rolled back), so the client may retry.
            // 503 with Retry-After, not a 500 that reads as our bug (bench/faults/db-restart.sh).
            _ when DatabaseUnavailable(exception) => (503, ProblemTexts.Problem_Unavailable,
                ProblemTexts.Problem_UnavailableDetail, null),
            _ => (500, ProblemTexts.Problem_Unexpected, ProblemTexts.Problem_UnexpectedDetail, (IReadOnlyDictionary<string, string[]>?)null),
        };

        if (status == 503)
        {
            // One line per request while the database is away, not a stack trace each.
            logger.LogWarning("Database unavailable for {Method} {Path}: {Error}", http.Request.Method, http.Request.Path, exception.GetType().Name);
            http.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        else if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);
        }

        http.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private const string RetryAfterSeconds = "2";

    /// A connection-level failure anywhere in the chain (EF wraps Npgsql's): refused or broken
    /// connections, timeouts, and the server's own "shutting down / starting up / too many
    /// connections" answers — what Npgsql calls transient.
    public static bool DatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    // Bad JSON names its field as validation failures do, so a client can point at it: the
    // reader's path ("$.risks[0].owner") without its root.
    private static IReadOnlyDictionary<string, string[]>? JsonField(BadHttpRequestException b) =>
        b.InnerException is JsonException { Path: ['$', '.', .. var field] } json && field.Length > 0
            ? new Dictionary<string, string[]> { [field] = [json.Message] }
            : null;

    // The JSON reader's message names the path, line and position; safe to show and useful.
    private static string Describe(BadHttpRequestException b) =>
        b.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? Texts.Error_RequestTooLarge
            : b.InnerException is JsonException json
                ? string.Format(System.Globalization.CultureInfo.CurrentCulture, ProblemTexts.Problem_InvalidJson, json.Message)
                : b.Message;
}
