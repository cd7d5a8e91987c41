using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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
        if (request.ContentLength > MaxDefinitionBytes)
        {
            return TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxDefinitionBytes)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        var json = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem($"Ugyldig JSON: {e.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Ugyldig forespørsel");
        }

        var result = await mediator.Send(new ValidateDefinition(json), ct);
        var problems = result.Problems;
        if (problems.Count == 0)
        {
            return TypedResults.Ok(new DefinitionValidationReport(true, [], result.Warnings));
        }

        return TypedResults.Problem(
            $"Programdefinisjonen har {problems.Count} feil.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Ugyldig programdefinisjon",
            extensions: new Dictionary<string, object?> { ["problems"] = problems });
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"En programdefinisjon kan være høyst {MaxDefinitionBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "For stor forespørsel");
}
