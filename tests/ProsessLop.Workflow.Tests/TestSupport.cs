using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Workflow.Tests;

internal static class Repo
{
    // The tests read the real workflows/ folder so every shipped file is validated.
    public static string WorkflowsDirectory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ProsessLøp.sln")))
            {
                return Path.Combine(dir.FullName, "workflows");
            }
        }
        throw new InvalidOperationException("ProsessLøp.sln not found above " + AppContext.BaseDirectory);
    }

    public static ProgrammeDefinition Load(string relativePath)
    {
        var result = DefinitionValidator.Validate(File.ReadAllText(Path.Combine(WorkflowsDirectory, relativePath)), relativePath);
        Assert.Empty(result.Problems);
        return result.Definition!;
    }

    public static ProgrammeDefinition Kulturskole => Cached.Kulturskole;

    public static ProgrammeDefinition Network => Cached.Network;

    private static class Cached
    {
        public static readonly ProgrammeDefinition Kulturskole = Load("fremtidens-kulturskole/v1.json");
        public static readonly ProgrammeDefinition Network = Load("ks-utviklingsnettverk/v1.json");
    }
}

internal static class Participants
{
    public static Participant Municipality { get; } = new(ParticipantKind.Municipality, "4601", "Bergen", ["4601"]);

    public static Participant Region { get; } = new(ParticipantKind.Region, "region-hallingdal", "Hallingdal", ["3318", "3320", "3322"]);
}
