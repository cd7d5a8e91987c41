using ProsessLop.Workflow.Texts;
using Stateless;

namespace ProsessLop.Workflow.Engine;

// The four life cycles as Stateless machines over the plain state (external storage), built per
// call so the state object stays a serialisable POCO. Guard descriptions carry "code: text" so
// a refused action can explain itself as data.
internal static class Lifecycles
{
    public static StateMachine<TaskItemStatus, ActionKind> Task(TaskItemState task)
    {
        var machine = new StateMachine<TaskItemStatus, ActionKind>(() => task.Status, s => task.Status = s);
        // Small tasks are often done in one go: complete straight from Open is allowed.
        machine.Configure(TaskItemStatus.Open)
            .Permit(ActionKind.StartTask, TaskItemStatus.InProgress)
            .Permit(ActionKind.CompleteTask, TaskItemStatus.Done)
            .PermitIf(ActionKind.MarkTaskNotApplicable, TaskItemStatus.NotApplicable, () => !task.Required, RequiredTask);
        machine.Configure(TaskItemStatus.InProgress)
            .Permit(ActionKind.CompleteTask, TaskItemStatus.Done)
            .PermitIf(ActionKind.MarkTaskNotApplicable, TaskItemStatus.NotApplicable, () => !task.Required, RequiredTask);
        machine.Configure(TaskItemStatus.Done)
            .Permit(ActionKind.ReopenTask, TaskItemStatus.InProgress);
        machine.Configure(TaskItemStatus.NotApplicable)
            .Permit(ActionKind.ReopenTask, TaskItemStatus.Open);
        return machine;
    }

    public static StateMachine<ReportStatus, ActionKind> Report(ReportItemState report, string? note)
    {
        var machine = new StateMachine<ReportStatus, ActionKind>(() => report.Status, s => report.Status = s);
        machine.Configure(ReportStatus.Draft)
            .Permit(ActionKind.SubmitReport, ReportStatus.Submitted);
        machine.Configure(ReportStatus.Submitted)
            .PermitIf(ActionKind.ApproveReport, ReportStatus.Approved, () => report.RequiresApproval, NoApproval)
            .PermitIf(
                ActionKind.ReturnReport,
                ReportStatus.Returned,
                Tuple.Create<Func<bool>, string>(() => report.RequiresApproval, NoApproval),
                Tuple.Create<Func<bool>, string>(() => !string.IsNullOrWhiteSpace(note), CommentRequired));
        machine.Configure(ReportStatus.Returned)
            .Permit(ActionKind.SubmitReport, ReportStatus.Submitted);
        return machine;
    }

    public static StateMachine<StageStatus, StageTrigger> Stage(StageState stage, Func<bool> gateSatisfied)
    {
        var machine = new StateMachine<StageStatus, StageTrigger>(() => stage.Status, s => stage.Status = s);
        machine.Configure(StageStatus.Locked).Permit(StageTrigger.Activate, StageStatus.Active);
        machine.Configure(StageStatus.Active).PermitIf(StageTrigger.Complete, StageStatus.Completed, gateSatisfied, GateOpen);
        return machine;
    }

    public static StateMachine<ProgrammeStatus, ProgrammeTrigger> Programme(ProgrammeState programme, string? reason)
    {
        var machine = new StateMachine<ProgrammeStatus, ProgrammeTrigger>(() => programme.Status, s => programme.Status = s);
        machine.Configure(ProgrammeStatus.Active)
            .Permit(ProgrammeTrigger.Complete, ProgrammeStatus.Completed)
            .PermitIf(ProgrammeTrigger.Withdraw, ProgrammeStatus.Withdrawn, () => !string.IsNullOrWhiteSpace(reason), ReasonRequired);
        return machine;
    }

    public static StatusReason FromGuard(string description)
    {
        var split = description.IndexOf(": ", StringComparison.Ordinal);
        return split < 0 ? new("guard", description) : new(description[..split], description[(split + 2)..]);
    }

    // Guard descriptions carry "code: text"; read when a machine is configured (one per call), so the
    // text is in the reader's standard.
    private static string RequiredTask => $"task-required: {Words.GuardTaskRequired}";
    private static string NoApproval => $"no-approval: {Words.GuardNoApproval}";
    private static string CommentRequired => $"comment-required: {Words.GuardCommentRequired}";
    private static string GateOpen => $"gate-not-satisfied: {Words.GuardGateOpen}";
    private static string ReasonRequired => $"reason-required: {Words.GuardReasonRequired}";
}

internal enum StageTrigger { Activate, Complete }

internal enum ProgrammeTrigger { Complete, Withdraw }
