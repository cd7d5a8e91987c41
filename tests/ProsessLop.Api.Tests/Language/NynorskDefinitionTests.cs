using System.Globalization;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Tests.Language;

// The nynorsk version of a shipped definition, written and checked, ready to be published as
// workflows/ks-utviklingsnettverk/v2.json (kept here until the tests that expect only v1 files
// in workflows/ are brought along: a v2 there changes which version new programmes and drafts get).
public sealed class NynorskDefinitionTests
{
    private static readonly CultureInfo Nynorsk = CultureInfo.GetCultureInfo("nn-NO");
    private static readonly string Folder = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "tests", "ProsessLop.Api.Tests", "Language");

    private static IEnumerable<(string Pointer, LocalizedText Text)> Texts(ProgrammeDefinition d) =>
    [
        ("/name", d.Name), ("/description", d.Description),
        .. d.Stages.SelectMany((s, i) => new[] { ($"/stages/{i}/name", s.Name) }
            .Concat(s.ReflectionPrompts.Select((p, j) => ($"/stages/{i}/reflectionPrompts/{j}", p)))
            .Concat(s.Tasks.Select((t, j) => ($"/stages/{i}/tasks/{j}/name", t.Name)))
            .Concat(s.Reports.SelectMany((r, j) => new[] { ($"/stages/{i}/reports/{j}/name", r.Name) }
                .Concat(r.Sections.Select((x, k) => ($"/stages/{i}/reports/{j}/sections/{k}/title", x.Title)))))),
    ];

    [Fact]
    public void The_network_in_nynorsk_is_valid_complete_and_reads_nynorsk()
    {
        var v1 = DefinitionValidator.Validate(File.ReadAllText(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "workflows", "ks-utviklingsnettverk", "v1.json")), "v1.json");
        var v2 = DefinitionValidator.Validate(File.ReadAllText(Path.Combine(Folder, "ks-utviklingsnettverk-v2.json")), "ks-utviklingsnettverk/v2.json");

        Assert.Empty(v2.Problems);
        Assert.Empty(v2.MissingNynorsk);
        var texts = Texts(v2.Definition!).ToList();
        // The same keys, stages, deadlines as v1, and the bokmål word for word: only nynorsk added.
        Assert.Equal(Texts(v1.Definition!).Select(t => (t.Pointer, (string)t.Text)), texts.Select(t => (t.Pointer, t.Text.Nb)));
        Assert.Equal(v1.Definition!.Stages.SelectMany(s => s.Tasks.Select(t => (t.Key, t.Deadline))), v2.Definition!.Stages.SelectMany(s => s.Tasks.Select(t => (t.Key, t.Deadline))));
        Assert.Equal("Førebuing", v2.Definition.Stages[0].Name.In(Nynorsk));
        Assert.Equal("Heimeoppgåve 1", v2.Definition.Stages[1].Reports[0].Name.In(Nynorsk));
        Assert.Empty(texts.SelectMany(t => TextResourceTests.BokmalIn(t.Text.In(Nynorsk)).Select(w => $"{t.Pointer}: «{w}»")));
    }
}
