using System.Globalization;
using System.Text.Json.Nodes;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Tests;

// Texts in a definition are a plain string (both standards) or { "nb", "nn" }: the schema, the
// model and the validator take both; a definition without nynorsk is valid, with a warning.
public class LocalizedTextTests
{
    private static readonly CultureInfo Nynorsk = CultureInfo.GetCultureInfo("nn-NO");
    private static readonly CultureInfo Bokmal = CultureInfo.GetCultureInfo("nb-NO");
    private static readonly HashSet<string> Readable = ["name", "description", "title", "guidance"];

    private static string ShippedNetwork() => File.ReadAllText(Path.Combine(Repo.WorkflowsDirectory, "ks-utviklingsnettverk", "v1.json"));

    /// The file with every text people read given as { nb: the text, nn: "«nn» " + the text }.
    private static string WithNynorsk(string json)
    {
        var root = JsonNode.Parse(json)!;
        void Walk(JsonNode? node, bool inPause)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o.ToList())
                    {
                        if (!inPause && Readable.Contains(name) && value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0)
                        {
                            o[name] = new JsonObject { ["nb"] = text, ["nn"] = "«nn» " + text };
                        }
                        else if (name == "reflectionPrompts" && value is JsonArray prompts)
                        {
                            o[name] = new JsonArray([.. prompts.Select(p => (JsonNode)new JsonObject { ["nb"] = p!.GetValue<string>(), ["nn"] = "«nn» " + p!.GetValue<string>() })]);
                        }
                        else
                        {
                            Walk(value, inPause || name == "pauses");
                        }
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Walk(item, inPause);
                    }
                    break;
            }
        }

        Walk(root, false);
        return root.ToJsonString();
    }

    [Fact]
    public void A_shipped_v1_file_is_valid_and_warned_about_its_missing_nynorsk()
    {
        var result = DefinitionValidator.Validate(ShippedNetwork(), "ks-utviklingsnettverk/v1.json");

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.MissingNynorsk);
        Assert.Equal("/name", warning.Pointer);
        Assert.StartsWith("Mangler nynorsk: ", warning.Norwegian, StringComparison.Ordinal);
        // Plain strings serve both standards.
        Assert.Equal(result.Definition!.Name.In(Bokmal), result.Definition.Name.In(Nynorsk));
    }

    [Fact]
    public void Texts_in_both_standards_are_valid_read_per_culture_and_not_warned_about()
    {
        var result = DefinitionValidator.Validate(WithNynorsk(ShippedNetwork()), "ks-utviklingsnettverk/v2.json");

        Assert.Empty(result.Problems);
        Assert.True(result.IsValid);
        Assert.Empty(result.MissingNynorsk);
        var definition = result.Definition!;
        var stage = definition.Stages[0];
        Assert.Equal("«nn» " + stage.Name.Nb, stage.Name.In(Nynorsk));
        Assert.DoesNotContain("«nn»", stage.Name.In(Bokmal), StringComparison.Ordinal);
        Assert.All(definition.Stages.SelectMany(s => s.Reports).SelectMany(r => r.Sections), s => Assert.StartsWith("«nn» ", s.Title.In(Nynorsk), StringComparison.Ordinal));
        Assert.All(definition.Stages.SelectMany(s => s.ReflectionPrompts), p => Assert.StartsWith("«nn» ", p.In(Nynorsk), StringComparison.Ordinal));
        // Where code takes a text as a string it is the bokmål, as before.
        string name = definition.Name;
        Assert.Equal(definition.Name.Nb, name);

        // Written back with both standards; a text without nynorsk stays a plain string.
        var written = JsonNode.Parse(DefinitionJson.Write(definition))!;
        Assert.Equal("«nn» " + stage.Name.Nb, (string?)written["stages"]![0]!["name"]!["nn"]);
        var v1 = JsonNode.Parse(DefinitionJson.Write(DefinitionJson.Read(ShippedNetwork())))!;
        Assert.Equal(stage.Name.Nb, (string?)v1["stages"]![0]!["name"]);
    }

    [Fact]
    public void A_written_standard_other_than_nb_and_nn_is_a_problem()
    {
        var node = JsonNode.Parse(ShippedNetwork())!;
        node["name"] = new JsonObject { ["nb"] = "Nettverk", ["se"] = "Fierpmádat" };

        var result = DefinitionValidator.Validate(node.ToJsonString(), "x/v1.json");

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Pointer == "/name/se");
    }
}
