using System.Text.Json.Serialization;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Engine;

[JsonConverter(typeof(CamelCaseEnumConverter<ActionKind>))]
public enum ActionKind
{
    StartTask,
    CompleteTask,
    ReopenTask,
    MarkTaskNotApplicable,
    SubmitReport,
    ApproveReport,
    ReturnReport,
    RecordOwnerDecision,
    CompleteStage,
    WithdrawProgramme,
}

// The kinds of change a programme receives. Life-cycle steps (ActionKind) are one kind; the rest
// is kept by the host beside the state. The engine decides which of them a closed programme still
// accepts (ProgrammeEngine.Accepts); reading is not work and is always allowed.
[JsonConverter(typeof(CamelCaseEnumConverter<ProgrammeWork>))]
public enum ProgrammeWork
{
    Action,
    Assignment,
    ReportDraft,
    Comment,
    Deviation,
    Risk,
    Learning,
    Migration,
}

// Target is a task key, a report occurrence key ("statusrapport#2"), a stage key, or empty for
// the programme itself. Note carries the return comment, decision note or withdrawal reason.
public sealed record ProgrammeAction(ActionKind Kind, string Target = "", string? Note = null);

// The roles that act on a programme. The steering group reads everything and acts on nothing,
// so it has no place here.
[JsonConverter(typeof(CamelCaseEnumConverter<ActorRole>))]
public enum ActorRole { Owner, Coordinator, Participant }

// Who may take which step: the one rule the host's commands, the programme page's buttons and
// the agenda's item actions all read. The engine says whether a step is possible now; this says
// whose step it is.
public static class ActionRoles
{
    private static readonly ActorRole[] OwnerRoles = [ActorRole.Owner];
    private static readonly ActorRole[] ChangeRoles = [ActorRole.Owner, ActorRole.Coordinator];
    private static readonly ActorRole[] TaskRoles = [ActorRole.Owner, ActorRole.Coordinator, ActorRole.Participant];

    // Steps only a programme owner takes (KS / Kulturskolerådet): judging reports, gate
    // decisions, ending a participation and excusing a task.
    public static bool OwnerOnly(ActionKind kind) => kind is ActionKind.ApproveReport or ActionKind.ReturnReport
        or ActionKind.RecordOwnerDecision or ActionKind.WithdrawProgramme or ActionKind.MarkTaskNotApplicable;

    // Steps a participant (not coordinator) may take: working a task assigned to them.
    public static bool ParticipantMay(ActionKind kind) => kind is ActionKind.StartTask or ActionKind.CompleteTask or ActionKind.ReopenTask;

    public static IReadOnlyList<ActorRole> Who(ActionKind kind) =>
        OwnerOnly(kind) ? OwnerRoles : ParticipantMay(kind) ? TaskRoles : ChangeRoles;

    // A participant takes a step only on a task assigned to them.
    public static bool May(ActorRole role, ActionKind kind, bool assignedToThem) =>
        Who(kind).Contains(role) && (role != ActorRole.Participant || assignedToThem);
}

// Code is stable for programs; Text is Norwegian bokmål for people.
public sealed record StatusReason(string Code, string Text);

public sealed record ActionCheck(ProgrammeAction Action, bool Allowed, IReadOnlyList<StatusReason> Blockers);

public sealed record GateEvaluation(string StageKey, bool Satisfied, IReadOnlyList<StatusReason> Missing);
