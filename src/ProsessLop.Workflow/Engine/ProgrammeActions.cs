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
public sealed record ProgrammeAction(ActionKind Kind, string Target = "", string? Note = null)
{
    // Approving, returning and deciding belong to the programme owner; the host checks the role.
    [JsonIgnore]
    public bool RequiresOwner => Kind is ActionKind.ApproveReport or ActionKind.ReturnReport or ActionKind.RecordOwnerDecision;
}

// Code is stable for programs; Text is Norwegian bokmål for people.
public sealed record StatusReason(string Code, string Text);

public sealed record ActionCheck(ProgrammeAction Action, bool Allowed, IReadOnlyList<StatusReason> Blockers);

public sealed record GateEvaluation(string StageKey, bool Satisfied, IReadOnlyList<StatusReason> Missing);
