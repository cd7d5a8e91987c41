using System.Globalization;
using System.Text.Json.Nodes;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Tests;

/// What the core tells owners (validator problems, diff sentences, why a deadline moved) follows
/// the reader's standard: nynorsk for nn-NO, the bokmål as before for nb-NO.
public class StandardTextTests
{
    private static readonly CultureInfo Bokmal = CultureInfo.GetCultureInfo("nb-NO");
    private static readonly CultureInfo Nynorsk = CultureInfo.GetCultureInfo("nn-NO");

    private static T In<T>(CultureInfo culture, Func<T> read)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static JsonObject Kulturskole() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.WorkflowsDirectory, "fremtidens-kulturskole", "v1.json")))!.AsObject();

    [Fact]
    public void One_validation_result_says_a_problem_in_the_standard_of_whoever_reads_it()
    {
        // The studio keeps a result per draft revision: it is made once (here under nb-NO) and
        // read by both, so the text must not be frozen in the standard of the first reader.
        var json = Kulturskole();
        var stage = json["stages"]![0]!.AsObject();
        var start = (int)stage["startWeek"]!;
        stage["endWeek"] = start;
        var result = In(Bokmal, () => DefinitionValidator.Validate(json.ToJsonString(), "kulturskole/v1.json"));
        var problem = Assert.Single(result.Problems, p => p.Pointer == "/stages/0/endWeek");

        Assert.Equal($"Fasen «Forankring» slutter i uke {start}, som ikke er etter at den starter (uke {start}).", In(Bokmal, () => problem.Norwegian));
        Assert.Equal($"Fasen «Forankring» sluttar i veke {start}, som ikkje er etter at han startar (veke {start}).", In(Nynorsk, () => problem.Norwegian));
        Assert.StartsWith("Stage 'forankring' ends in week", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_problem_names_the_field_in_the_readers_standard()
    {
        var json = Kulturskole();
        json["stages"]![0]!["tasks"]![0]!.AsObject().Remove("name");
        var result = DefinitionValidator.Validate(json.ToJsonString(), "kulturskole/v1.json");
        var problem = Assert.Single(result.Problems, p => p.Pointer == "/stages/0/tasks/0");

        Assert.Equal("Mangler «navn».", In(Bokmal, () => problem.Norwegian));
        Assert.Equal("Manglar «namn».", In(Nynorsk, () => problem.Norwegian));
    }

    [Fact]
    public void The_nynorsk_warning_is_itself_in_nynorsk_for_a_nynorsk_reader()
    {
        var result = In(Nynorsk, () => DefinitionValidator.Validate(Kulturskole().ToJsonString(), "kulturskole/v1.json"));
        var warning = Assert.Single(result.MissingNynorsk);

        Assert.StartsWith("Manglar nynorsk: ", In(Nynorsk, () => warning.Norwegian), StringComparison.Ordinal);
        Assert.Contains("har berre bokmål", In(Nynorsk, () => warning.Norwegian), StringComparison.Ordinal);
        Assert.StartsWith("Mangler nynorsk: ", In(Bokmal, () => warning.Norwegian), StringComparison.Ordinal);
    }

    [Fact]
    public void A_diff_sentence_is_in_the_readers_standard()
    {
        var json = Kulturskole();
        var from = json["stages"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string)s["key"]! == "kartlegging");
        var to = json["stages"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string)s["key"]! == "samskaping");
        var task = from["tasks"]!.AsArray().Select(t => t!.AsObject()).Single(t => (string)t["key"]! == "lage-interessentkart");
        from["tasks"]!.AsArray().Remove(task);
        to["tasks"]!.AsArray().Add(task);
        var after = DefinitionJson.Read(json.ToJsonString());

        Assert.Equal("oppgave «Lage interessentkart» flyttet fra Kartlegging til Samskaping og dialogsamlinger",
            In(Bokmal, () => Assert.Single(DefinitionDiff.Compare(Repo.Kulturskole, after)).Text));
        Assert.Equal("oppgåve «Lage interessentkart» flytta frå Kartlegging til Samskaping og dialogsamlinger",
            In(Nynorsk, () => Assert.Single(DefinitionDiff.Compare(Repo.Kulturskole, after)).Text));
    }

    [Fact]
    public void A_deadline_moved_past_Easter_is_explained_in_the_readers_standard()
    {
        var move = DeadlineMoves.Explain(new WorkingDayCalendar(), new DateOnly(2027, 3, 25), new DateOnly(2027, 3, 30))!;

        Assert.Equal(
            "Flyttet fra torsdag 25.03.2027 til tirsdag 30.03.2027 på grunn av skjærtorsdag (25.03), langfredag (26.03), helg (27.03), 1. påskedag (28.03) og 2. påskedag (29.03).",
            In(Bokmal, () => move.Text));
        Assert.Equal(
            "Flytta frå torsdag 25.03.2027 til tysdag 30.03.2027 på grunn av skjærtorsdag (25.03), langfredag (26.03), helg (27.03), 1. påskedag (28.03) og 2. påskedag (29.03).",
            In(Nynorsk, () => move.Text));
    }
    [Fact]
    public void The_mermaid_diagram_is_drawn_in_the_readers_standard()
    {
        var v2 = Repo.Load("fremtidens-kulturskole/v2.json");
        var nn = In(Nynorsk, () => MermaidDiagram.Render(v2));
        Assert.Contains("start([\"Framtidas kulturskule v2\"])", nn, StringComparison.Ordinal);
        Assert.Contains("{\"Avgjerdspunkt: ", nn, StringComparison.Ordinal);
        Assert.Contains("oppgåver fullførte", nn, StringComparison.Ordinal);
        Assert.DoesNotContain("Beslutningspunkt", nn, StringComparison.Ordinal);
        var nb = In(Bokmal, () => MermaidDiagram.Render(v2));
        Assert.Contains("start([\"Fremtidens kulturskole v2\"])", nb, StringComparison.Ordinal);
        Assert.Contains("{\"Beslutningspunkt: ", nb, StringComparison.Ordinal);
        Assert.Contains("oppgaver fullført", nb, StringComparison.Ordinal);
    }
}
