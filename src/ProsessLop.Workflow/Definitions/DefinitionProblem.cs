namespace ProsessLop.Workflow.Definitions;

// Pointer is a JSON Pointer (RFC 6901) into the file; "" means the whole document.
public sealed record DefinitionProblem(string File, string Pointer, string Message);

public sealed record DefinitionValidationResult(ProgrammeDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems)
{
    public bool IsValid => Problems.Count == 0 && Definition is not null;

    // What a valid definition does that its owners should know (pile-ups, merged occurrences,
    // preparation moved before a pause); never a reason to refuse it.
    public IReadOnlyList<DefinitionProblem> Warnings { get; init; } = [];
}
