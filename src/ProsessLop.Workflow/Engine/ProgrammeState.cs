using System.Text.Json.Serialization;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Engine;

// The runtime state of one programme: plain, mutable and serialisable so the host can store it
// as JSON or map it to rows. Rules live in ProgrammeEngine, not here. What happened when is not
// kept here: the host's journal records every action with who and when, and the document that
// every command reads and rewrites stays small (see bench/README.md).
public sealed class ProgrammeState
{
    public string DefinitionKey { get; set; } = "";
    public int DefinitionVersion { get; set; }
    public Participant Participant { get; set; } = new(ParticipantKind.Municipality, "", "", []);
    public DateOnly StartDate { get; set; }
    public ProgrammeStatus Status { get; set; }
    public int CurrentStageIndex { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public DateOnly? WithdrawnOn { get; set; }
    public string? WithdrawalReason { get; set; }
    public List<StageState> Stages { get; set; } = [];
    public List<TaskItemState> Tasks { get; set; } = [];
    public List<ReportItemState> Reports { get; set; } = [];

    // A fresh programme: the first stage is active, everything else locked, all work open.
    public static ProgrammeState Start(ProgrammeSchedule schedule)
    {
        var state = new ProgrammeState
        {
            DefinitionKey = schedule.DefinitionKey,
            DefinitionVersion = schedule.DefinitionVersion,
            Participant = schedule.Participant,
            StartDate = schedule.StartDate,
            Status = ProgrammeStatus.Active,
        };
        foreach (var stage in schedule.Stages)
        {
            state.Stages.Add(new StageState
            {
                Key = stage.Key,
                Status = stage.Index == 0 ? StageStatus.Active : StageStatus.Locked,
                PlannedStart = stage.PlannedStart,
                PlannedEnd = stage.PlannedEnd,
                ActivatedOn = stage.Index == 0 ? stage.PlannedStart : null,
            });
            state.Tasks.AddRange(stage.Tasks.Select(t => new TaskItemState { Key = t.Key, StageKey = stage.Key, Required = t.Required, Due = t.Due }));
            state.Reports.AddRange(stage.Reports.Select(r => new ReportItemState { Key = r.Key, ReportKey = r.ReportKey, Occurrence = r.Occurrence, StageKey = stage.Key, RequiresApproval = r.RequiresApproval, Due = r.Due }));
        }
        return state;
    }

    public StageState? Stage(string key) => Stages.Find(s => s.Key == key);

    public TaskItemState? Task(string key) => Tasks.Find(t => t.Key == key);

    public ReportItemState? Report(string key) => Reports.Find(r => r.Key == key);
}

[JsonConverter(typeof(CamelCaseEnumConverter<ProgrammeStatus>))]
public enum ProgrammeStatus { Active, Completed, Withdrawn }

[JsonConverter(typeof(CamelCaseEnumConverter<StageStatus>))]
public enum StageStatus { Locked, Active, Completed }

[JsonConverter(typeof(CamelCaseEnumConverter<TaskItemStatus>))]
public enum TaskItemStatus { Open, InProgress, Done, NotApplicable }

[JsonConverter(typeof(CamelCaseEnumConverter<ReportStatus>))]
public enum ReportStatus { Draft, Submitted, Approved, Returned, NotApplicable }

public sealed class StageState
{
    public string Key { get; set; } = "";
    public StageStatus Status { get; set; }
    public DateOnly PlannedStart { get; set; }
    public DateOnly PlannedEnd { get; set; }
    public DateOnly? ActivatedOn { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public DateOnly? OwnerDecisionOn { get; set; }
    public string? OwnerDecisionNote { get; set; }
}

// Required and RequiresApproval are copied from the definition version so status can be
// derived without lookups; a migration refreshes them. Retired items were removed by a newer
// version: kept for history, ignored by gates and status.
public sealed class TaskItemState
{
    public string Key { get; set; } = "";
    public string StageKey { get; set; } = "";
    public bool Required { get; set; }
    public TaskItemStatus Status { get; set; }
    public DateOnly Due { get; set; }
    public DateOnly? StartedOn { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public bool Retired { get; set; }

    [JsonIgnore]
    public bool IsFinished => Status is TaskItemStatus.Done or TaskItemStatus.NotApplicable;
}

public sealed class ReportItemState
{
    public string Key { get; set; } = "";
    public string ReportKey { get; set; } = "";
    public int Occurrence { get; set; }
    public string StageKey { get; set; } = "";
    public bool RequiresApproval { get; set; }
    public ReportStatus Status { get; set; }
    public DateOnly Due { get; set; }
    public DateOnly? SubmittedOn { get; set; }
    public DateOnly? ApprovedOn { get; set; }
    public string? ReturnComment { get; set; }
    public int Submissions { get; set; }
    public bool Retired { get; set; }

    // A report that needs no approval is delivered once submitted.
    [JsonIgnore]
    public bool IsDelivered => Status is ReportStatus.Approved or ReportStatus.NotApplicable
        || (Status == ReportStatus.Submitted && !RequiresApproval);
}
