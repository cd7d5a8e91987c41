using System.Text.Json;
using System.Text.Json.Serialization;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Workflow.Migration;

[JsonConverter(typeof(CamelCaseEnumConverter<MigrationChange>))]
public enum MigrationChange { Added, Removed, Renamed, Moved, DeadlineChanged, ClosedAsPassed }

[JsonConverter(typeof(CamelCaseEnumConverter<MigrationItemKind>))]
public enum MigrationItemKind { Stage, Task, Report }

// One line of the plan. Keys are occurrence keys for reports ("statusrapport#3").
public sealed record MigrationStep(
    MigrationChange Change,
    MigrationItemKind Kind,
    string Key,
    string? PreviousKey,
    string? StageKey,
    string? PreviousStageKey,
    DateOnly? PreviousDue,
    DateOnly? NewDue,
    string Note);

public sealed record MigrationPlan(string DefinitionKey, int FromVersion, int ToVersion, IReadOnlyList<MigrationStep> Steps);

// Moves a running programme to a later version of its definition without redoing or losing
// work: items are matched by key, by the new version's renamedFrom, or by occurrence number;
// finished work stays finished wherever it moves; removed items are retired, never deleted.
public static class MigrationPlanner
{
    public static MigrationPlan Plan(ProgrammeState state, ProgrammeDefinition target) =>
        Migrate(state, target, state.StartDate).Plan;

    // Returns a migrated copy; the given state is not touched. "today" dates closures and activations.
    public static (MigrationPlan Plan, ProgrammeState State) Apply(ProgrammeState state, ProgrammeDefinition target, DateOnly today) =>
        Migrate(state, target, today);

    private static (MigrationPlan Plan, ProgrammeState State) Migrate(ProgrammeState original, ProgrammeDefinition target, DateOnly today)
    {
        if (original.DefinitionKey != target.Key || target.Version <= original.DefinitionVersion)
        {
            throw new ArgumentException($"Can only migrate {original.DefinitionKey} v{original.DefinitionVersion} to a later version of the same definition, not {target.Key} v{target.Version}.", nameof(target));
        }
        var state = JsonSerializer.Deserialize<ProgrammeState>(JsonSerializer.Serialize(original))!;
        var schedule = ProgrammeScheduler.Create(target, state.Participant, state.StartDate);
        var steps = new List<MigrationStep>();

        var stages = MigrateStages(state, schedule, steps);
        var current = CurrentStageIndex(state, stages);
        var tasks = MigrateTasks(state, target, schedule, current, today, steps);
        var reports = MigrateReports(state, target, schedule, current, today, steps);

        if (state.Status == ProgrammeStatus.Active)
        {
            // Stages added before the current one are passed over, not worked backwards into.
            for (var i = 0; i < current; i++)
            {
                if (stages[i].Status != StageStatus.Completed)
                {
                    stages[i].Status = StageStatus.Completed;
                    stages[i].CompletedOn = today;
                }
            }
            if (stages[current].Status == StageStatus.Locked)
            {
                stages[current].Status = StageStatus.Active;
                stages[current].ActivatedOn = today;
            }
        }

        var plan = new MigrationPlan(target.Key, original.DefinitionVersion, target.Version, steps);
        state.Stages = stages;
        state.CurrentStageIndex = current;
        state.Tasks = tasks;
        state.Reports = reports;
        state.DefinitionVersion = target.Version;
        return (plan, state);
    }

    private static List<StageState> MigrateStages(ProgrammeState state, ProgrammeSchedule schedule, List<MigrationStep> steps)
    {
        var stages = new List<StageState>();
        foreach (var planned in schedule.Stages)
        {
            var stage = state.Stage(planned.Key);
            if (stage is null)
            {
                stage = new StageState { Key = planned.Key, Status = StageStatus.Locked };
                steps.Add(new(MigrationChange.Added, MigrationItemKind.Stage, planned.Key, null, planned.Key, null, null, null, "New stage."));
            }
            stage.PlannedStart = planned.PlannedStart;
            stage.PlannedEnd = planned.PlannedEnd;
            stages.Add(stage);
        }
        foreach (var gone in state.Stages.Where(s => stages.All(n => n.Key != s.Key)))
        {
            steps.Add(new(MigrationChange.Removed, MigrationItemKind.Stage, gone.Key, null, null, gone.Key, null, null, "Stage removed; its work is kept on the items."));
        }
        return stages;
    }

    // The stage being worked keeps being worked; if it was removed, the first unfinished stage.
    private static int CurrentStageIndex(ProgrammeState state, List<StageState> stages)
    {
        var currentKey = state.CurrentStageIndex < state.Stages.Count ? state.Stages[state.CurrentStageIndex].Key : null;
        var index = stages.FindIndex(s => s.Key == currentKey);
        if (index < 0)
        {
            index = stages.FindIndex(s => s.Status != StageStatus.Completed);
        }
        return index < 0 ? stages.Count - 1 : index;
    }

    private static List<TaskItemState> MigrateTasks(ProgrammeState state, ProgrammeDefinition target, ProgrammeSchedule schedule, int current, DateOnly today, List<MigrationStep> steps)
    {
        var result = new List<TaskItemState>();
        var used = new HashSet<TaskItemState>();
        var index = schedule.Stages.ToDictionary(s => s.Key, s => s.Index);
        foreach (var stage in schedule.Stages)
        {
            foreach (var planned in stage.Tasks)
            {
                var renamedFrom = target.Index.Tasks[planned.Key].Task.RenamedFrom;
                var old = state.Tasks.Find(t => !used.Contains(t) && (t.Key == planned.Key || t.Key == renamedFrom));
                var item = old ?? new TaskItemState { Key = planned.Key, StageKey = stage.Key, Due = planned.Due };
                if (old is null)
                {
                    steps.Add(new MigrationStep(MigrationChange.Added, MigrationItemKind.Task, planned.Key, null, stage.Key, null, null, planned.Due, "New task."));
                }
                else
                {
                    used.Add(old);
                    Describe(MigrationItemKind.Task, old.Key, old.StageKey, old.Due, planned.Key, stage.Key, planned.Due, old.IsFinished, steps);
                    item.Due = old.IsFinished ? old.Due : planned.Due;
                }
                item.Key = planned.Key;
                item.StageKey = stage.Key;
                item.Required = planned.Required;
                item.Retired = false;
                if (!item.IsFinished && state.Status == ProgrammeStatus.Active && index[stage.Key] < current)
                {
                    item.Status = TaskItemStatus.NotApplicable;
                    item.CompletedOn = today;
                    steps.Add(new MigrationStep(MigrationChange.ClosedAsPassed, MigrationItemKind.Task, item.Key, null, stage.Key, null, null, null, "The programme has passed this stage; closed as not applicable."));
                }
                result.Add(item);
            }
        }
        foreach (var gone in state.Tasks.Where(t => !used.Contains(t)))
        {
            steps.Add(new MigrationStep(MigrationChange.Removed, MigrationItemKind.Task, gone.Key, null, null, gone.StageKey, gone.Due, null,
                gone.IsFinished ? "Removed from the definition; finished work is kept." : "Removed from the definition; closed as not applicable."));
            if (!gone.IsFinished)
            {
                gone.Status = TaskItemStatus.NotApplicable;
                gone.CompletedOn = today;
            }
            gone.Retired = true;
            result.Add(gone);
        }
        return result;
    }

    private static List<ReportItemState> MigrateReports(ProgrammeState state, ProgrammeDefinition target, ProgrammeSchedule schedule, int current, DateOnly today, List<MigrationStep> steps)
    {
        var result = new List<ReportItemState>();
        var used = new HashSet<ReportItemState>();
        var index = schedule.Stages.ToDictionary(s => s.Key, s => s.Index);
        foreach (var stage in schedule.Stages)
        {
            foreach (var planned in stage.Reports)
            {
                var renamedFrom = target.Index.Reports[planned.ReportKey].Report.RenamedFrom;
                var old = state.Reports.Find(r => !used.Contains(r) && r.Occurrence == planned.Occurrence && (r.ReportKey == planned.ReportKey || r.ReportKey == renamedFrom));
                var item = old ?? new ReportItemState { Due = planned.Due };
                if (old is null)
                {
                    steps.Add(new MigrationStep(MigrationChange.Added, MigrationItemKind.Report, planned.Key, null, stage.Key, null, null, planned.Due, "New report."));
                }
                else
                {
                    used.Add(old);
                    Describe(MigrationItemKind.Report, old.Key, old.StageKey, old.Due, planned.Key, stage.Key, planned.Due, old.IsDelivered, steps);
                    item.Due = old.IsDelivered ? old.Due : planned.Due;
                }
                item.Key = planned.Key;
                item.ReportKey = planned.ReportKey;
                item.Occurrence = planned.Occurrence;
                item.StageKey = stage.Key;
                item.RequiresApproval = planned.RequiresApproval;
                item.Retired = false;
                if (item.Status is ReportStatus.Draft or ReportStatus.Returned && state.Status == ProgrammeStatus.Active && index[stage.Key] < current)
                {
                    item.Status = ReportStatus.NotApplicable;
                    steps.Add(new MigrationStep(MigrationChange.ClosedAsPassed, MigrationItemKind.Report, item.Key, null, stage.Key, null, null, null, "The programme has passed this stage; closed as not applicable."));
                }
                result.Add(item);
            }
        }
        foreach (var gone in state.Reports.Where(r => !used.Contains(r)))
        {
            // Submitted and approved reports keep their status: the delivery happened.
            var unsent = gone.Status is ReportStatus.Draft or ReportStatus.Returned;
            steps.Add(new MigrationStep(MigrationChange.Removed, MigrationItemKind.Report, gone.Key, null, null, gone.StageKey, gone.Due, null,
                unsent ? "Removed from the definition; closed as not applicable." : "Removed from the definition; the delivered report is kept."));
            gone.Status = unsent ? ReportStatus.NotApplicable : gone.Status;
            gone.Retired = true;
            result.Add(gone);
        }
        return result;
    }

    private static void Describe(MigrationItemKind kind, string oldKey, string oldStage, DateOnly oldDue, string newKey, string newStage, DateOnly newDue, bool finished, List<MigrationStep> steps)
    {
        if (oldKey != newKey)
        {
            steps.Add(new MigrationStep(MigrationChange.Renamed, kind, newKey, oldKey, newStage, oldStage, null, null, $"Renamed from '{oldKey}'; status and history are kept."));
        }
        if (oldStage != newStage)
        {
            steps.Add(new MigrationStep(MigrationChange.Moved, kind, newKey, oldKey, newStage, oldStage, null, null, $"Moved from stage '{oldStage}' to '{newStage}'; status is kept."));
        }
        if (!finished && oldDue != newDue)
        {
            steps.Add(new MigrationStep(MigrationChange.DeadlineChanged, kind, newKey, null, newStage, null, oldDue, newDue, "Deadline changes."));
        }
    }
}
