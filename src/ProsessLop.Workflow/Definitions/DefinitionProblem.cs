namespace ProsessLop.Workflow.Definitions;

// Pointer is a JSON Pointer (RFC 6901) into the file; "" means the whole document.
public sealed record DefinitionProblem(string File, string Pointer, string Message);

public sealed record DefinitionValidationResult(ProgrammeDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems)
{
    public bool IsValid => Problems.Count == 0 && Definition is not null;
}
