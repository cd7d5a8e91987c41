using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.Definitions;

/// Checks a definition an author is writing, without publishing it: every problem at once,
/// each with a JSON Pointer into the document, and for a valid one what the calendar does to it.
public sealed record ValidateDefinition(string Json) : IQuery<DefinitionValidationResult>;

public sealed class ValidateDefinitionHandler : IQueryHandler<ValidateDefinition, DefinitionValidationResult>
{
    public ValueTask<DefinitionValidationResult> Handle(ValidateDefinition query, CancellationToken ct) =>
        ValueTask.FromResult(DefinitionValidator.Validate(query.Json, DefinitionEndpoints.RequestBodyFile));
}

/// Warnings (pile-ups, merged occurrences, preparation moved before a pause) never make a
/// definition invalid; they are for the owners to read before publishing.
public sealed record DefinitionValidationReport(bool Valid, IReadOnlyList<DefinitionProblem> Problems, IReadOnlyList<DefinitionProblem> Warnings);

public static partial class DefinitionEndpoints
{
    /// What problems name as the file when the definition came in a request body.
    public const string RequestBodyFile = "(request body)";

    /// Definitions are a few tens of kilobytes; more than this is not a definition.
    public const int MaxDefinitionBytes = 256 * 1024;

    public static async Task<Results<Ok<DefinitionValidationReport>, ProblemHttpResult>> ValidateDefinition(
        HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var (json, refused) = await ReadDefinitionAsync(request, ct);
        if (refused is not null)
        {
            return refused;
        }

        var result = await mediator.Send(new ValidateDefinition(json!), ct);
        return result.Problems.Count == 0
            ? TypedResults.Ok(new DefinitionValidationReport(true, [], result.Warnings))
            : ResultHttp.Problem(Error.InvalidDefinition(result.Problems));
    }

    /// A definition sent as the request body (validate, upload, save): read whole, up to
    /// <see cref="MaxDefinitionBytes"/>, parsed to check it is a JSON object, and refused with a
    /// 400 naming the place when a string holds NUL (the draft is stored as text and journaled).
    /// The text itself is kept as sent.
    public static async Task<(string? Json, ProblemHttpResult? Refused)> ReadDefinitionAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxDefinitionBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxDefinitionBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        var json = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return TextProblem(json) switch
        {
            null => (json, null),
            { Field: { } field } problem => (null, ResultHttp.Problem(Error.Invalid(field, problem.Message))),
            var problem => (null, TypedResults.Problem(problem.Value.Message, statusCode: StatusCodes.Status400BadRequest, title: ProblemTexts.Problem_BadRequest)),
        };
    }

    /// Why a text cannot be taken as a definition file (not JSON, not an object, a NUL in a
    /// string) and the field it names, if any; null when it can. The studio's upload page asks too.
    public static (string? Field, string Message)? TextProblem(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, ProblemTexts.Problem_DefinitionNotObject);
            }

            return NulAt(document.RootElement, "") is { } field ? (field, InputText.NulMessage) : null;
        }
        catch (JsonException e)
        {
            return (null, string.Format(System.Globalization.CultureInfo.CurrentCulture, ProblemTexts.Problem_InvalidJson, e.Message));
        }
    }

    // The first place a NUL occurs, named as the JSON reader names fields elsewhere ("owners[0]",
    // "stages[1].tasks[0].name"), so the problem reads the same as for any other body.
    internal static string? NulAt(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when InputText.Problem(element.GetString()) is not null:
                return path.Length == 0 ? "$" : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if ((InputText.Problem(property.Name) is not null ? at : NulAt(property.Value, at)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (NulAt(item, $"{path}[{i++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(Workflow.Engine.Vocabulary.Format(ProblemTexts.Definition_TooLarge, MaxDefinitionBytes / 1024), statusCode: StatusCodes.Status413PayloadTooLarge,
            title: ProblemTexts.Definition_TooLargeTitle);
}
