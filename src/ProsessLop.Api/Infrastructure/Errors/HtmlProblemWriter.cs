using System.Diagnostics;
using System.Net;
using Microsoft.Net.Http.Headers;

namespace ProsessLop.Api.Infrastructure.Errors;

/// What a person is told for an error status, in the reader's standard: the heading and what to do next.
/// The error page for browsers and the /ingen-tilgang page read it.
public static class ErrorTexts
{
    public static (string Title, string Explanation) For(int status) => status switch
    {
        StatusCodes.Status400BadRequest => (Texts.Error_BadRequest, Texts.Error_BadRequestExplained),
        StatusCodes.Status401Unauthorized => (Texts.Error_Unauthorized, Texts.Error_UnauthorizedExplained),
        StatusCodes.Status403Forbidden => (Texts.Error_Forbidden, Texts.Error_ForbiddenExplained),
        StatusCodes.Status404NotFound => (Texts.Error_NotFound, Texts.Error_NotFoundExplained),
        StatusCodes.Status405MethodNotAllowed => (Texts.Error_MethodNotAllowed, Texts.Error_MethodNotAllowedExplained),
        StatusCodes.Status409Conflict => (Texts.Error_Conflict, Texts.Error_ConflictExplained),
        StatusCodes.Status413PayloadTooLarge => (Texts.Error_TooLarge, Texts.Error_TooLargeExplained),
        StatusCodes.Status429TooManyRequests => (Texts.Error_TooMany, Texts.Error_TooManyExplained),
        >= 500 => (Texts.Error_Failed, Texts.Error_FailedExplained),
        _ => (Texts.Error_Failed, Texts.Error_OtherExplained),
    };

    /// The id a person can quote to support; the same as the problem document's traceId.
    public static string TraceId(HttpContext http) => Activity.Current?.Id ?? http.TraceIdentifier;
}

/// Every error answer goes through the problem details service (the exception handler, status
/// code pages, ResultHttp's problems): a browser asking for HTML gets a Norwegian page with the
/// site's stylesheet instead of JSON, everything else the problem document. Registered before
/// the default JSON writer, so this is the one place that decides.
public sealed class HtmlProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => WantsHtml(context.HttpContext.Request);

    /// A browser navigating (Accept: text/html); API clients and fetch ask for JSON or */*.
    public static bool WantsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        // Status code pages and the exception handler write outside the localization middleware,
        // where its culture no longer holds: the culture it chose for this request is on the request.
        var culture = http.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture.UICulture ?? System.Globalization.CultureInfo.CurrentUICulture;
        using var reader = Language.WrittenStandards.Use(culture);
        var (title, explanation) = ErrorTexts.For(status);
        // Our own details are Norwegian and safe to show (field problems, conflicts); the
        // framework's defaults are neither, and an unexpected error's detail stays in the log.
        var detail = context.ProblemDetails.Detail is { Length: > 0 } d && status < 500 ? d : null;
        var errors = context.ProblemDetails.Extensions.TryGetValue("errors", out var e) && e is IReadOnlyDictionary<string, string[]> fields
            ? fields.SelectMany(f => f.Value).ToList()
            : [];

        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var html = new System.Text.StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(Language.WrittenStandards.Code(culture)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append(" – ProsessLøp</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/css/site.css\">\n</head>\n<body>\n")
            .Append("<header class=\"site\"><p class=\"brand\"><a href=\"/\">ProsessLøp</a></p></header>\n")
            .Append("<main id=\"hovedinnhold\">\n<h1>").Append(E(title)).Append("</h1>\n")
            .Append("<p>").Append(E(explanation)).Append("</p>\n");
        if (detail is not null)
        {
            html.Append("<p>").Append(E(detail)).Append("</p>\n");
        }

        if (errors.Count > 0)
        {
            html.Append("<ul>");
            foreach (var message in errors)
            {
                html.Append("<li>").Append(E(message)).Append("</li>");
            }

            html.Append("</ul>\n");
        }

        if (status == StatusCodes.Status401Unauthorized)
        {
            html.Append("<p><a href=\"/logg-inn\">").Append(E(Texts.Error_SignIn)).Append("</a></p>\n");
        }

        html.Append("<p><a href=\"/\">").Append(E(Texts.Error_FrontPage)).Append("</a></p>\n")
            .Append("<p class=\"hint\">").Append(E(Workflow.Engine.Vocabulary.Format(Texts.Error_Code, status))).Append(" <code>").Append(E(ErrorTexts.TraceId(http))).Append("</code></p>\n")
            .Append("</main>\n</body>\n</html>\n");
        await http.Response.WriteAsync(html.ToString(), http.RequestAborted);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
