using System.Text.Json.Serialization;

namespace ProsessLop.Workflow.Definitions;

// Pointer is a JSON Pointer (RFC 6901) into the file; "" means the whole document.
// Message is English (the API's and the logs' language, which tests and tools match on);
// Norwegian says the same to the owners who edit definitions in the studio, in the reader's
// standard: Said holds both (BothStandards.Say), so a cached result serves either reader.
public sealed record DefinitionProblem(string File, string Pointer, string Message, [property: JsonIgnore] LocalizedText Said)
{
    /// The Norwegian text in the current UI culture's standard (bokmål unless nn-NO).
    public string Norwegian => Said.Current;
}

public sealed record DefinitionValidationResult(ProgrammeDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems)
{
    public bool IsValid => Problems.Count == 0 && Definition is not null;

    // What a valid definition does that its owners should know (pile-ups, merged occurrences,
    // preparation moved before a pause); never a reason to refuse it.
    public IReadOnlyList<DefinitionProblem> Warnings { get; init; } = [];

    // Texts people read that have no nynorsk (NynorskCheck): kept apart from the schedule's
    // warnings, which say what the calendar does; never a reason to refuse it either.
    public IReadOnlyList<DefinitionProblem> MissingNynorsk { get; init; } = [];
}
