using System.Diagnostics;
using System.Net;
using Microsoft.Net.Http.Headers;

namespace ProsessLop.Api.Infrastructure.Errors;

/// What a person is told for an error status, in Norwegian: the heading and what to do next.
/// The error page for browsers and the /ingen-tilgang page read it.
public static class ErrorTexts
{
    public static (string Title, string Explanation) For(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ("Ugyldig forespørsel", "Noe i forespørselen kunne ikke leses. Gå tilbake og prøv igjen."),
        StatusCodes.Status401Unauthorized => ("Du er ikke logget inn", "Logg inn for å se denne siden."),
        StatusCodes.Status403Forbidden => ("Ingen tilgang", "Du har ikke tilgang til denne siden med rollen du er logget inn med."),
        StatusCodes.Status404NotFound => ("Fant ikke siden", "Siden finnes ikke, eller du har ikke tilgang til den. Sjekk adressen, eller gå til forsiden."),
        StatusCodes.Status405MethodNotAllowed => ("Ikke tillatt", "Denne handlingen kan ikke gjøres på denne adressen."),
        StatusCodes.Status409Conflict => ("Konflikt", "Noen andre har endret dette samtidig med deg. Last siden på nytt og prøv igjen."),
        StatusCodes.Status413PayloadTooLarge => ("For stor forespørsel", "Det du sendte er for stort."),
        StatusCodes.Status429TooManyRequests => ("For mange forespørsler", "Vent litt og prøv igjen."),
        >= 500 => ("Noe gikk galt", "Noe gikk galt hos oss. Prøv igjen om litt. Oppgi feilkoden nedenfor hvis du kontakter brukerstøtte."),
        _ => ("Noe gikk galt", "Forespørselen kunne ikke utføres."),
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
        html.Append("<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n")
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
            html.Append("<p><a href=\"/logg-inn\">Logg inn</a></p>\n");
        }

        html.Append("<p><a href=\"/\">Til forsiden</a></p>\n")
            .Append("<p class=\"hint\">Feilkode ").Append(status).Append(", sporings-id <code>").Append(E(ErrorTexts.TraceId(http))).Append("</code></p>\n")
            .Append("</main>\n</body>\n</html>\n");
        await http.Response.WriteAsync(html.ToString(), http.RequestAborted);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
