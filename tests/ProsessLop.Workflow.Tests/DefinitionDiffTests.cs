using System.Text.Json.Nodes;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Tests;

public class DefinitionDiffTests
{
    private static JsonObject KulturskoleJson() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.WorkflowsDirectory, "fremtidens-kulturskole", "v1.json")))!.AsObject();

    private static JsonObject Stage(JsonObject definition, string key) =>
        definition["stages"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string)s["key"]! == key);

    private static JsonObject Item(JsonObject stage, string list, string key) =>
        stage[list]!.AsArray().Select(t => t!.AsObject()).Single(t => (string)t["key"]! == key);

    private static List<string> Diff(JsonObject after) =>
        [.. DefinitionDiff.Compare(Repo.Kulturskole, DefinitionJson.Read(after.ToJsonString())).Select(c => c.Text)];

    [Fact]
    public void The_same_definition_has_no_changes()
    {
        Assert.Empty(DefinitionDiff.Compare(Repo.Kulturskole, Repo.Kulturskole));
        Assert.Empty(Diff(KulturskoleJson()));
    }

    [Fact]
    public void Nynorsk_written_beside_unchanged_texts_is_one_line_not_a_rename_of_each()
    {
        var v2 = DefinitionJson.Read(File.ReadAllText(Path.Combine(Repo.WorkflowsDirectory, "fremtidens-kulturskole", "v2.json")));

        var change = Assert.Single(DefinitionDiff.Compare(Repo.Kulturskole, v2));
        Assert.Equal(DefinitionChangeKind.Changed, change.Kind);
        Assert.Equal(
            $"Nynorsk er lagt til, endret eller fjernet for {NynorskCheck.Missing(Repo.Kulturskole).Count} tekster.", change.Text);

        // One stage name in nynorsk, and a real rename beside it.
        var json = KulturskoleJson();
        Stage(json, "kartlegging")["name"] = new JsonObject { ["nb"] = "Kartlegging", ["nn"] = "Kartlegging av kommunen" };
        Stage(json, "samskaping")["name"] = "Samskaping";
        Assert.Equal(["Nynorsk er lagt til, endret eller fjernet for én tekst.", "fase «Samskaping og dialogsamlinger» har fått nytt navn «Samskaping»"], Diff(json));
    }

    [Fact]
    public void A_task_moved_to_another_stage_is_said_in_words()
    {
        var json = KulturskoleJson();
        var tasks = Stage(json, "kartlegging")["tasks"]!.AsArray();
        var task = Item(Stage(json, "kartlegging"), "tasks", "lage-interessentkart");
        tasks.Remove(task);
        Stage(json, "samskaping")["tasks"]!.AsArray().Add(task);

        var change = Assert.Single(DefinitionDiff.Compare(Repo.Kulturskole, DefinitionJson.Read(json.ToJsonString())));
        Assert.Equal(DefinitionChangeKind.Moved, change.Kind);
        Assert.Equal(DefinitionChangeSubject.Task, change.Subject);
        Assert.Equal("lage-interessentkart", change.Key);
        Assert.Equal("oppgave «Lage interessentkart» flyttet fra Kartlegging til Samskaping og dialogsamlinger", change.Text);
    }

    [Fact]
    public void A_changed_deadline_names_the_weeks_before_and_after()
    {
        var json = KulturskoleJson();
        Item(Stage(json, "kartlegging"), "tasks", "beskrive-nasituasjon")["deadline"]!["weeks"] = 6;
        Item(Stage(json, "kartlegging"), "tasks", "beskrive-fremtidsbilde")["deadline"]!["days"] = 2;
        Item(Stage(json, "kartlegging"), "tasks", "samle-nokkeltall").Remove("deadline");

        Assert.Equal(
        [
            "oppgave «Beskrive nåsituasjonen»: frist endret fra uke 4 til uke 6",
            "oppgave «Beskrive fremtidsbildet»: frist endret fra uke 5 til uke 5 + 2 dager",
            "oppgave «Samle nøkkeltall» har ikke lenger frist (før uke 6)",
        ], Diff(json));
    }

    [Fact]
    public void A_key_renamed_with_renamedFrom_is_one_item_renamed_not_one_removed_and_one_added()
    {
        var json = KulturskoleJson();
        var stage = Stage(json, "kartlegging");
        var task = Item(stage, "tasks", "samle-nokkeltall");
        task["key"] = "samle-tall";
        task["renamedFrom"] = "samle-nokkeltall";
        task["name"] = "Samle tall";
        var gate = stage["gate"]!["requiredTasks"]!.AsArray();
        gate[2] = "samle-tall";

        Assert.Equal(
        [
            "oppgave «Samle tall» har fått ny nøkkel «samle-tall» (før «samle-nokkeltall»)",
            "oppgave «Samle nøkkeltall» har fått nytt navn «Samle tall»",
        ], Diff(json));
    }

    [Fact]
    public void Stages_items_gates_and_policies_added_removed_and_changed()
    {
        var json = KulturskoleJson();
        json["name"] = "Fremtidens kulturskole 2";
        json["participantKinds"]!.AsArray().Add("region");
        json["reminders"]!["daysBefore"] = new JsonArray(7, 1);
        var kartlegging = Stage(json, "kartlegging");
        kartlegging["name"] = "Kartlegging og analyse";
        kartlegging["endWeek"] = 9;
        kartlegging["gate"]!["ownerDecision"] = true;
        kartlegging["gate"]!["requiredTasks"]!.AsArray().RemoveAt(0);
        Item(kartlegging, "tasks", "lage-interessentkart")["required"] = true;
        Item(kartlegging, "tasks", "lage-interessentkart")["responsibleRole"] = "participant";
        kartlegging["tasks"]!.AsArray().Add(new JsonObject
        {
            ["key"] = "intervjue-elever", ["name"] = "Intervjue elever", ["required"] = false, ["responsibleRole"] = "coordinator",
        });
        var report = Item(kartlegging, "reports", "kartleggingsrapport");
        report["sections"]!.AsArray().RemoveAt(3);
        report["requiresApproval"] = false;
        var stages = json["stages"]!.AsArray();
        stages.Remove(Stage(json, "evaluering"));

        var changes = Diff(json);

        Assert.Equal(
        [
            "programmet har fått nytt navn «Fremtidens kulturskole 2» (før «Fremtidens kulturskole»)",
            "programmet tar nå imot regioner",
            "påminnelser før frist endret fra 14, 7 og 1 dager før til 7 og 1 dager før",
            "fase «Kartlegging» har fått nytt navn «Kartlegging og analyse»",
            "fase «Kartlegging og analyse» varer nå fra uke 0 til uke 9 (før fra uke 0 til uke 8)",
            "porten etter fase «Kartlegging og analyse» venter ikke lenger på oppgave «Beskrive nåsituasjonen»",
            "porten etter fase «Kartlegging og analyse» krever nå programeiers beslutning",
            "oppgave «Lage interessentkart» er nå obligatorisk",
            "oppgave «Lage interessentkart»: ansvarlig endret fra koordinator til deltaker",
            "oppgave «Intervjue elever» lagt til i Kartlegging og analyse",
            "rapport «Kartleggingsrapport» krever ikke lenger godkjenning",
            "rapport «Kartleggingsrapport» har ikke lenger avsnittet «Nøkkeltall»",
        ], changes.Take(12));
        Assert.Contains("fase «Evaluering» fjernet", changes);
        Assert.Contains("oppgave «Vurdere effekter mot målene» fjernet fra Evaluering", changes);
        Assert.Contains("rapport «Evalueringsrapport» fjernet fra Evaluering", changes);
        // The twelve above, the stage, its two tasks and its report: nothing else.
        Assert.Equal(16, changes.Count);
    }

    [Fact]
    public void Without_a_base_everything_is_new()
    {
        var changes = DefinitionDiff.Compare(null, Repo.Network);

        Assert.Equal($"ny programdefinisjon «{Repo.Network.Name}»", changes[0].Text);
        Assert.Equal(Repo.Network.Stages.Count, changes.Count(c => c.Subject == DefinitionChangeSubject.Stage && c.Kind == DefinitionChangeKind.Added));
        Assert.Equal(Repo.Network.Stages.Sum(s => s.Tasks.Count), changes.Count(c => c.Subject == DefinitionChangeSubject.Task && c.Kind == DefinitionChangeKind.Added));
        Assert.DoesNotContain(changes, c => c.Kind == DefinitionChangeKind.Removed);
    }

    [Theory]
    [InlineData("fremtidens-kulturskole/v1.json")]
    [InlineData("ks-utviklingsnettverk/v1.json")]
    public void The_written_form_is_valid_and_reads_back_to_the_same_text(string file)
    {
        var written = DefinitionJson.Write(Repo.Load(file));

        var again = DefinitionValidator.Validate(written, file);
        Assert.Empty(again.Problems);
        Assert.Equal(written, DefinitionJson.Write(again.Definition!));
        Assert.Empty(DefinitionDiff.Compare(Repo.Load(file), again.Definition!));
        Assert.DoesNotContain("\\u00", written, StringComparison.Ordinal);
    }

    [Fact]
    public void WithVersion_changes_only_the_version()
    {
        var written = DefinitionJson.Write(Repo.Network);
        var next = DefinitionJson.Read(DefinitionJson.WithVersion(written, 7));

        Assert.Equal(7, next.Version);
        Assert.Empty(DefinitionDiff.Compare(Repo.Network, next));
    }
}
