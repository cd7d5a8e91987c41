using System.Text.Json;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Tests;

public class ShippedDefinitionsTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Repo.WorkflowsDirectory, "*.json", SearchOption.AllDirectories).Where(p => !p.EndsWith(".schema.json", StringComparison.Ordinal)))
        {
            data.Add(Path.GetRelativePath(Repo.WorkflowsDirectory, path).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_definition_file_in_workflows_is_valid(string file)
    {
        var result = DefinitionValidator.Validate(File.ReadAllText(Path.Combine(Repo.WorkflowsDirectory, file)), file);

        Assert.Empty(result.Problems);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Catalog_loads_both_shipped_definitions_with_hashes()
    {
        var catalog = DefinitionCatalog.LoadDirectory(Repo.WorkflowsDirectory);

        Assert.Empty(catalog.Problems);
        var kulturskole = catalog.Find("fremtidens-kulturskole", 1);
        Assert.NotNull(kulturskole);
        Assert.Equal("fremtidens-kulturskole/v1.json", kulturskole.File);
        Assert.Matches("^[0-9a-f]{64}$", kulturskole.ContentHash);
        Assert.NotNull(catalog.Find("ks-utviklingsnettverk", 1));
        Assert.Null(catalog.Find("fremtidens-kulturskole", 99));
    }

    [Fact]
    public void Default_definition_matches_the_domain()
    {
        var definition = Repo.Kulturskole;

        Assert.Equal(["KS", "Norsk kulturskoleråd"], definition.Owners);
        Assert.Equal([ParticipantKind.Municipality], definition.ParticipantKinds);
        Assert.Equal(["forankring", "kartlegging", "samskaping", "uttesting", "evaluering", "rapportering-og-deling"], definition.Stages.Select(s => s.Key));
        var status = definition.Stages[3].Reports.Single(r => r.Key == "statusrapport").Recurrence!;
        Assert.Equal((20, 4, true), (status.StartWeek, status.EveryWeeks, status.UntilStageEnd));
        Assert.Equal(Weekday.Monday, definition.StatusCompilation!.DayOfWeek);
        Assert.Equal([14, 7, 1], definition.Reminders!.DaysBefore);
    }

    [Fact]
    public void Second_definition_takes_municipalities_and_regions()
    {
        Assert.Equal([ParticipantKind.Municipality, ParticipantKind.Region], Repo.Network.ParticipantKinds);
        Assert.Equal(4, Repo.Network.Stages.Count);
    }

    [Fact]
    public void Definition_round_trips_through_System_Text_Json_web_defaults()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var json = JsonSerializer.Serialize(Repo.Kulturskole, options);

        var again = JsonSerializer.Deserialize<ProgrammeDefinition>(json, options)!;

        Assert.Equal(json, JsonSerializer.Serialize(again, options));
        Assert.Contains("\"participantKinds\":[\"municipality\"]", json, StringComparison.Ordinal);
        Assert.True(DefinitionValidator.Validate(json, "round-trip.json").IsValid);
    }
}
