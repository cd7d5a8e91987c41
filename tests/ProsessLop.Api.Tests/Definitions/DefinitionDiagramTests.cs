using System.Xml.Linq;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Tests.Definitions;

/// The studio's diagram is a pure function from a definition to SVG: well-formed, every name in
/// it, names escaped, and half-written definitions drawn as far as they go.
public sealed class DefinitionDiagramTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static string Shipped => File.ReadAllText(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "workflows", "fremtidens-kulturskole", "v1.json"));

    // The drawing wraps long names over lines at spaces: the text elements joined with spaces
    // give back every name whole.
    private static (XDocument Document, string Text) Parse(string svg)
    {
        var document = XDocument.Parse(svg);
        return (document, string.Join(" ", document.Descendants(Svg + "text").Select(t => t.Value)));
    }

    [Fact]
    public void ShippedDefinition_IsWellFormedSvg_WithTitleDescription_AndEveryStageTaskReportName()
    {
        var definition = DefinitionJson.Read(Shipped);
        var (document, text) = Parse(DefinitionDiagram.Render(definition, "d"));

        var root = document.Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("img", (string?)root.Attribute("role"));
        Assert.Equal("d-t d-d", (string?)root.Attribute("aria-labelledby"));
        Assert.Contains(definition.Name, root.Element(Svg + "title")!.Value);
        Assert.Contains($"{definition.Stages.Count} faser", root.Element(Svg + "desc")!.Value);
        Assert.Equal(6, definition.Stages.Count);
        foreach (var stage in definition.Stages)
        {
            Assert.Contains(stage.Name, text);
            Assert.All(stage.Tasks, t => Assert.Contains(t.Name, text));
            Assert.All(stage.Reports, r => Assert.Contains(r.Name, text));
        }

        // One gate per stage, drawn as its own shape and named in words.
        Assert.Equal(definition.Stages.Count, document.Descendants(Svg + "polygon").Count());
        Assert.Equal(definition.Stages.Count, text.Split("Beslutningspunkt").Length - 1);
    }

    [Fact]
    public void Names_WithMarkup_AreEscaped_NotInterpreted()
    {
        var definition = new ProgrammeDefinition
        {
            Name = "Program <b> & \"sitat\"",
            Stages =
            [
                new StageDefinition
                {
                    Key = "a", Name = "Fase <script>alert(1)</script> & co",
                    Tasks = [new TaskDefinition { Key = "t", Name = "Oppgave \"A\" < B & C", Required = true }],
                    Gate = new GateDefinition { RequiredTasks = ["t"] },
                },
            ],
        };
        var svg = DefinitionDiagram.Render(definition);
        var (document, text) = Parse(svg);

        Assert.Empty(document.Descendants(Svg + "script"));
        Assert.Empty(document.Descendants(Svg + "b"));
        Assert.DoesNotContain("<script>", svg);
        Assert.Contains("Fase <script>alert(1)</script> & co", text);
        Assert.Contains("Oppgave \"A\" < B & C (påkrevd)", text);
        Assert.Contains("Program <b> & \"sitat\"", document.Root!.Element(Svg + "title")!.Value);
    }

    [Fact]
    public void HalfWrittenDefinition_IsDrawn_WithWhatIsMissingSaid()
    {
        var (_, empty) = Parse(DefinitionDiagram.Render(new ProgrammeDefinition()));
        Assert.Contains("Ingen faser ennå", empty);

        var definition = new ProgrammeDefinition
        {
            Name = "Halvferdig",
            Stages =
            [
                new StageDefinition { Key = "a", Name = "" },
                new StageDefinition { Key = "b", Name = "Andre", Tasks = [new TaskDefinition { Key = "t", Name = "" }], Gate = new GateDefinition { RequiredTasks = ["finnes-ikke"] } },
            ],
        };
        var (_, text) = Parse(DefinitionDiagram.Render(definition));
        Assert.Contains("Fase 1: (uten navn)", text);
        Assert.Contains("Ingen oppgaver eller rapporter ennå.", text);
        Assert.Contains("(ingen vilkår ennå)", text);
        Assert.Contains("Oppgave: (uten navn)", text);
        Assert.Contains("finnes-ikke (finnes ikke i fasen)", text);
    }

    [Fact]
    public void DraftWithAWrongType_IsReadPartByPart()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Shipped)!;
        json["stages"]![1]!["tasks"]![0]!["required"] = "ja";
        var (definition, unreadable) = LenientDefinition.Read(json.ToJsonString());

        Assert.Equal(6, definition.Stages.Count);
        var message = Assert.Single(unreadable);
        Assert.StartsWith("Fase 2", message);
        Assert.Contains("oppgave 1", message);
        Assert.Equal(DefinitionJson.Read(Shipped).Stages[1].Tasks.Count - 1, definition.Stages[1].Tasks.Count);

        Assert.Contains("ikke gyldig JSON", Assert.Single(LenientDefinition.Read("{ \"stages\": [").Unreadable));
    }
}
