using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Migration;

namespace ProsessLop.Workflow.Tests;

public class MigrationTests
{
    private static readonly DateOnly Start = new(2026, 8, 31);
    private static readonly DateOnly Today = new(2026, 10, 1);

    // v2 of the default programme: a rename, a move, a removal, an addition, changed deadlines
    // and a sparser recurrence.
    internal static ProgrammeDefinition Version2()
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.WorkflowsDirectory, "fremtidens-kulturskole/v1.json")))!;
        node["version"] = 2;
        var kartlegging = node["stages"]![1]!;
        var nokkeltall = kartlegging["tasks"]!.AsArray().Single(t => (string)t!["key"]! == "samle-nokkeltall")!;
        nokkeltall["key"] = "samle-nokkeltall-og-data";
        nokkeltall["renamedFrom"] = "samle-nokkeltall";
        kartlegging["gate"]!["requiredTasks"] = new JsonArray("beskrive-nasituasjon", "beskrive-fremtidsbilde", "samle-nokkeltall-og-data");
        var interessentkart = kartlegging["tasks"]!.AsArray().Single(t => (string)t!["key"]! == "lage-interessentkart")!;
        kartlegging["tasks"]!.AsArray().Remove(interessentkart);
        interessentkart["deadline"] = new JsonObject { ["from"] = "programmeStart", ["weeks"] = 10 };
        node["stages"]![2]!["tasks"]!.AsArray().Add(interessentkart);
        var uttesting = node["stages"]![3]!;
        var tasks = uttesting["tasks"]!.AsArray();
        tasks.Remove(tasks.Single(t => (string)t!["key"]! == "dokumentere-erfaringer"));
        tasks.Add(new JsonObject { ["key"] = "involvere-elevradet", ["name"] = "Involvere elevrådet", ["required"] = false, ["responsibleRole"] = "participant", ["deadline"] = new JsonObject { ["from"] = "programmeStart", ["weeks"] = 30 } });
        uttesting["reports"]![0]!["recurrence"]!["everyWeeks"] = 8;
        uttesting["reports"]![1]!["deadline"]!["weeks"] = 27;
        var result = DefinitionValidator.Validate(node.ToJsonString(), "fremtidens-kulturskole/v2.json");
        Assert.Empty(result.Problems);
        return result.Definition!;
    }

    private static ProgrammeState RunningProgramme()
    {
        var state = ProgrammeState.Start(ProgrammeScheduler.Create(Repo.Kulturskole, Participants.Municipality, Start));
        state.Stages[0].Status = StageStatus.Completed;
        state.Stages[1].Status = StageStatus.Active;
        state.CurrentStageIndex = 1;
        state.Task("samle-nokkeltall")!.Status = TaskItemStatus.Done;
        state.Task("samle-nokkeltall")!.CompletedOn = new DateOnly(2026, 9, 20);
        state.Task("lage-interessentkart")!.Status = TaskItemStatus.InProgress;
        state.Task("dokumentere-erfaringer")!.Status = TaskItemStatus.Done;
        state.Report("statusrapport#7")!.Status = ReportStatus.Submitted;
        return state;
    }

    [Fact]
    public void Plan_lists_renames_moves_removals_additions_and_deadline_changes()
    {
        var plan = MigrationPlanner.Plan(RunningProgramme(), Version2());

        Assert.Equal((1, 2), (plan.FromVersion, plan.ToVersion));
        Assert.Contains(plan.Steps, s => s is { Change: MigrationChange.Renamed, Key: "samle-nokkeltall-og-data", PreviousKey: "samle-nokkeltall" });
        Assert.Contains(plan.Steps, s => s is { Change: MigrationChange.Moved, Key: "lage-interessentkart", PreviousStageKey: "kartlegging", StageKey: "samskaping" });
        Assert.Contains(plan.Steps, s => s is { Change: MigrationChange.Removed, Kind: MigrationItemKind.Task, Key: "dokumentere-erfaringer" });
        Assert.Contains(plan.Steps, s => s is { Change: MigrationChange.Added, Kind: MigrationItemKind.Task, Key: "involvere-elevradet" });
        var halvar = Assert.Single(plan.Steps, s => s is { Change: MigrationChange.DeadlineChanged, Key: "halvarsrapport" });
        Assert.Equal(Start.AddDays(27 * 7), halvar.NewDue);
        Assert.Contains(plan.Steps, s => s is { Change: MigrationChange.DeadlineChanged, Key: "statusrapport#2" });
        Assert.Equal(["statusrapport#5", "statusrapport#6", "statusrapport#7"], plan.Steps.Where(s => s is { Change: MigrationChange.Removed, Kind: MigrationItemKind.Report }).Select(s => s.Key));
        Assert.DoesNotContain(plan.Steps, s => s.Change == MigrationChange.DeadlineChanged && s.Key == "samle-nokkeltall-og-data");
    }

    [Fact]
    public void Applying_keeps_finished_work_and_retires_removed_items_without_deleting_them()
    {
        var original = RunningProgramme();
        var (_, migrated) = MigrationPlanner.Apply(original, Version2(), Today);

        Assert.Equal(2, migrated.DefinitionVersion);
        Assert.Equal(1, original.DefinitionVersion);
        var renamed = migrated.Task("samle-nokkeltall-og-data")!;
        Assert.Equal((TaskItemStatus.Done, new DateOnly(2026, 9, 20)), (renamed.Status, renamed.CompletedOn!.Value));
        Assert.Null(migrated.Task("samle-nokkeltall"));
        Assert.Equal(("samskaping", TaskItemStatus.InProgress), (migrated.Task("lage-interessentkart")!.StageKey, migrated.Task("lage-interessentkart")!.Status));
        Assert.Equal((true, TaskItemStatus.Done), (migrated.Task("dokumentere-erfaringer")!.Retired, migrated.Task("dokumentere-erfaringer")!.Status));
        Assert.Equal((true, ReportStatus.Submitted), (migrated.Report("statusrapport#7")!.Retired, migrated.Report("statusrapport#7")!.Status));
        Assert.Equal((true, ReportStatus.NotApplicable), (migrated.Report("statusrapport#5")!.Retired, migrated.Report("statusrapport#5")!.Status));
        Assert.Equal(TaskItemStatus.Open, migrated.Task("involvere-elevradet")!.Status);
        Assert.Equal(("kartlegging", StageStatus.Active), (migrated.Stages[migrated.CurrentStageIndex].Key, migrated.Stages[1].Status));
    }

    [Fact]
    public void Migrated_programme_runs_on_the_new_version_and_retired_items_are_not_workable()
    {
        var v2 = Version2();
        var (_, migrated) = MigrationPlanner.Apply(RunningProgramme(), v2, Today);
        var engine = new ProgrammeEngine(v2, new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero)));

        Assert.DoesNotContain(engine.EvaluateGate(migrated, "kartlegging").Missing, m => m.Text.Contains("nøkkeltall", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(engine.Check(migrated, new ProgrammeAction(ActionKind.ReopenTask, "dokumentere-erfaringer")).Blockers, b => b.Code == "retired");
        Assert.True(engine.Check(migrated, new ProgrammeAction(ActionKind.StartTask, "beskrive-nasituasjon")).Allowed);
    }

    [Fact]
    public void Open_work_in_a_stage_the_programme_has_passed_is_closed_not_reopened()
    {
        var state = RunningProgramme();
        state.Stages[1].Status = StageStatus.Completed;
        state.Stages[2].Status = StageStatus.Active;
        state.CurrentStageIndex = 2;
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.WorkflowsDirectory, "fremtidens-kulturskole/v1.json")))!;
        node["version"] = 2;
        node["stages"]![1]!["tasks"]!.AsArray().Add(new JsonObject { ["key"] = "ny-oppgave", ["name"] = "Ny", ["required"] = true, ["responsibleRole"] = "coordinator", ["deadline"] = new JsonObject { ["from"] = "stageStart", ["weeks"] = 1 } });
        var v2 = DefinitionValidator.Validate(node.ToJsonString(), "v2.json").Definition!;

        var (plan, migrated) = MigrationPlanner.Apply(state, v2, Today);

        Assert.Equal(TaskItemStatus.NotApplicable, migrated.Task("ny-oppgave")!.Status);
        Assert.Contains(plan.Steps, s => s is { Change: MigrationChange.ClosedAsPassed, Key: "ny-oppgave" });
    }

    [Fact]
    public void Migration_only_goes_to_a_later_version_of_the_same_definition()
    {
        Assert.Throws<ArgumentException>(() => MigrationPlanner.Plan(RunningProgramme(), Repo.Kulturskole));
        Assert.Throws<ArgumentException>(() => MigrationPlanner.Plan(RunningProgramme(), Repo.Network));
    }
}
