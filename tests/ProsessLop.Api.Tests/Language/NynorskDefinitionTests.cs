using System.Globalization;
using System.Text.Json.Nodes;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Tests.Language;

// The shipped definitions' v2 files: v1 with nynorsk beside every text people read, nothing else
// changed, so programmes can move from v1 to v2 and the bokmål reader sees exactly what v1 said.
public sealed class NynorskDefinitionTests
{
    private static readonly CultureInfo Nynorsk = CultureInfo.GetCultureInfo("nn-NO");
    private static readonly string Workflows = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "workflows");

    private static List<(string Pointer, LocalizedText Text)> Texts(ProgrammeDefinition d)
    {
        var texts = new List<(string, LocalizedText)>();
        void Add(string pointer, LocalizedText? text)
        {
            if (text is not null)
            {
                texts.Add((pointer, text));
            }
        }

        Add("/name", d.Name);
        Add("/description", d.Description);
        for (var i = 0; i < d.Stages.Count; i++)
        {
            var s = d.Stages[i];
            Add($"/stages/{i}/name", s.Name);
            Add($"/stages/{i}/description", s.Description);
            for (var j = 0; j < s.ReflectionPrompts.Count; j++)
            {
                Add($"/stages/{i}/reflectionPrompts/{j}", s.ReflectionPrompts[j]);
            }

            for (var j = 0; j < s.Tasks.Count; j++)
            {
                Add($"/stages/{i}/tasks/{j}/name", s.Tasks[j].Name);
                Add($"/stages/{i}/tasks/{j}/description", s.Tasks[j].Description);
            }

            for (var j = 0; j < s.Reports.Count; j++)
            {
                Add($"/stages/{i}/reports/{j}/name", s.Reports[j].Name);
                for (var k = 0; k < s.Reports[j].Sections.Count; k++)
                {
                    Add($"/stages/{i}/reports/{j}/sections/{k}/title", s.Reports[j].Sections[k].Title);
                    Add($"/stages/{i}/reports/{j}/sections/{k}/guidance", s.Reports[j].Sections[k].Guidance);
                }
            }
        }

        return texts;
    }

    private static DefinitionValidationResult Validate(string key, int version) =>
        DefinitionValidator.Validate(File.ReadAllText(Path.Combine(Workflows, key, $"v{version}.json")), $"{key}/v{version}.json");

    // v2 read back as v1: every { "nb", "nn" } replaced by its bokmål, the version set back.
    private static JsonNode AsBokmalOnly(JsonNode node) => node switch
    {
        JsonObject o when o.Count == 2 && o["nb"] is JsonValue nb && o["nn"] is JsonValue => JsonValue.Create(nb.GetValue<string>())!,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : AsBokmalOnly(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(x => x is null ? null : AsBokmalOnly(x))]),
        _ => node.DeepClone(),
    };

    [Theory]
    [InlineData("fremtidens-kulturskole")]
    [InlineData("ks-utviklingsnettverk")]
    public void The_shipped_v2_is_v1_with_nynorsk_for_every_text_and_nothing_else(string key)
    {
        var v1 = Validate(key, 1);
        var v2 = Validate(key, 2);

        Assert.Empty(v2.Problems);
        Assert.Empty(v2.MissingNynorsk);
        Assert.NotEmpty(v1.MissingNynorsk); // the check finds something when a text lacks nynorsk
        var texts = Texts(v2.Definition!);
        Assert.Equal(Texts(v1.Definition!).Select(t => (t.Pointer, (string)t.Text)), texts.Select(t => (t.Pointer, t.Text.Nb)));
        Assert.All(texts, t => Assert.True(t.Text.HasNynorsk, t.Pointer));
        Assert.Empty(texts.SelectMany(t => TextResourceTests.BokmalIn(t.Text.In(Nynorsk)).Select(w => $"{t.Pointer}: «{w}» in «{t.Text.Nn}»")));

        var file1 = JsonNode.Parse(File.ReadAllText(Path.Combine(Workflows, key, "v1.json")))!;
        var file2 = AsBokmalOnly(JsonNode.Parse(File.ReadAllText(Path.Combine(Workflows, key, "v2.json")))!);
        file2["version"] = 1;
        Assert.True(JsonNode.DeepEquals(file1, file2), "v2 differs from v1 in more than its nynorsk");
    }

    [Fact]
    public void The_shipped_v2_texts_read_nynorsk()
    {
        var kulturskole = Validate("fremtidens-kulturskole", 2).Definition!;
        var network = Validate("ks-utviklingsnettverk", 2).Definition!;

        Assert.Equal("Framtidas kulturskule", kulturskole.Name.In(Nynorsk));
        Assert.Equal("Samskaping og dialogsamlingar", kulturskole.Stages[2].Name.In(Nynorsk));
        Assert.Equal("Peike ut kontaktperson for programmet", kulturskole.Stages[0].Tasks[0].Name.In(Nynorsk));
        Assert.Equal("Kva har de lært?", kulturskole.Stages[3].Reports[1].Sections[1].Title.In(Nynorsk));
        Assert.Equal("Førebuing", network.Stages[0].Name.In(Nynorsk));
        Assert.Equal("Heimeoppgåve 1", network.Stages[1].Reports[0].Name.In(Nynorsk));
        Assert.Equal("Fremtidens kulturskole", kulturskole.Name.In(CultureInfo.GetCultureInfo("nb-NO")));
    }
}
