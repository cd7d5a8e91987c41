using System.Security.Cryptography;
using System.Text;

namespace ProsessLop.Workflow.Definitions;

public sealed record LoadedDefinition(ProgrammeDefinition Definition, string File, string ContentHash);

// Every definition version found under workflows/, with the problems of those that failed.
// The host records ContentHash per (key, version) and refuses to start if a published one changes.
public sealed record DefinitionCatalog(IReadOnlyList<LoadedDefinition> Definitions, IReadOnlyList<DefinitionProblem> Problems)
{
    // What the calendar does to the valid ones (DefinitionValidationResult.Warnings).
    public IReadOnlyList<DefinitionProblem> Warnings { get; init; } = [];

    public static DefinitionCatalog LoadDirectory(string workflowsDirectory)
    {
        var definitions = new List<LoadedDefinition>();
        var problems = new List<DefinitionProblem>();
        var warnings = new List<DefinitionProblem>();
        var files = Directory.EnumerateFiles(workflowsDirectory, "*.json", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

        foreach (var path in files)
        {
            var relative = Path.GetRelativePath(workflowsDirectory, path).Replace('\\', '/');
            var bytes = File.ReadAllBytes(path);
            var result = DefinitionValidator.Validate(Encoding.UTF8.GetString(bytes), relative);
            problems.AddRange(result.Problems);
            warnings.AddRange(result.Warnings);
            if (!result.IsValid)
            {
                continue;
            }
            var definition = result.Definition!;
            if (definitions.FirstOrDefault(d => d.Definition.Key == definition.Key && d.Definition.Version == definition.Version) is { } clash)
            {
                problems.Add(new(relative, "/version", $"Definition '{definition.Key}' version {definition.Version} is also published in '{clash.File}'; each (key, version) must live in exactly one file.",
                    BothStandards.Say(() => BothStandards.Format(Texts.DefinitionWords.Catalog_VersionTwice, definition.Key, definition.Version, clash.File))));
                continue;
            }
            definitions.Add(new(definition, relative, ContentHash(bytes)));
        }
        return new(definitions, problems) { Warnings = warnings };
    }

    public LoadedDefinition? Find(string key, int version) =>
        Definitions.FirstOrDefault(d => d.Definition.Key == key && d.Definition.Version == version);

    // The newest version of a definition: it names and describes the definition, status is
    // compiled against it, and its policies schedule the definition's jobs.
    public LoadedDefinition? Latest(string key) =>
        Definitions.Where(d => d.Definition.Key == key).MaxBy(d => d.Definition.Version);

    // The newest version of every definition, by key.
    public IReadOnlyList<LoadedDefinition> LatestOfEach() =>
        [.. Definitions.Select(d => d.Definition.Key).Distinct().Order(StringComparer.Ordinal).Select(key => Latest(key)!)];

    // SHA-256 of the bytes with CRLF/CR turned into LF, so a checkout on Windows hashes the same.
    public static string ContentHash(ReadOnlySpan<byte> bytes)
    {
        var normalised = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\r')
            {
                normalised.Add((byte)'\n');
                if (i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n')
                {
                    i++;
                }
                continue;
            }
            normalised.Add(bytes[i]);
        }
        return Convert.ToHexStringLower(SHA256.HashData(normalised.ToArray()));
    }
}
