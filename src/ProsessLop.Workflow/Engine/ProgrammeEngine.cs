using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Texts;

namespace ProsessLop.Workflow.Engine;

// The rules of one definition version applied to a programme's state. Pure apart from the
// injected TimeProvider (today's date in Europe/Oslo), so the host and tests decide the time.
// Apply mutates the state it is given; the host persists it and journals the action.
public sealed class ProgrammeEngine(ProgrammeDefinition definition, TimeProvider clock)
{
    public ProgrammeDefinition Definition { get; } = definition;

    public DateOnly Today => OsloTime.Today(clock);

    // Every action that makes sense for the current stage, allowed or not, each with its blockers.
    public IReadOnlyList<ActionCheck> Actions(ProgrammeState state)
    {
        EnsureSameVersion(state);
        var candidates = new List<ProgrammeAction>();
        if (state.Status == ProgrammeStatus.Active && state.CurrentStageIndex < state.Stages.Count)
        {
            var stage = state.Stages[state.CurrentStageIndex];
            foreach (var task in state.Tasks.Where(t => t.StageKey == stage.Key && !t.Retired))
            {
                candidates.AddRange(TaskKinds.Select(kind => new ProgrammeAction(kind, task.Key)));
            }
            foreach (var report in state.Reports.Where(r => r.StageKey == stage.Key && !r.Retired))
            {
                candidates.AddRange(ReportKinds.Select(kind => new ProgrammeAction(kind, report.Key, kind == ActionKind.ReturnReport ? "kommentar" : null)));
            }
            candidates.Add(new(ActionKind.RecordOwnerDecision, stage.Key));
            candidates.Add(new(ActionKind.CompleteStage, stage.Key));
        }
        candidates.Add(new(ActionKind.WithdrawProgramme, "", "begrunnelse"));
        return [.. candidates.Select(action => Check(state, action))];
    }

    public ActionCheck Check(ProgrammeState state, ProgrammeAction action)
    {
        EnsureSameVersion(state);
        var blockers = Blockers(state, action);
        return new(action, blockers.Count == 0, blockers);
    }

    public ActionCheck Apply(ProgrammeState state, ProgrammeAction action)
    {
        var check = Check(state, action);
        if (!check.Allowed)
        {
            return check;
        }
        var today = Today;
        switch (action.Kind)
        {
            case ActionKind.StartTask or ActionKind.CompleteTask or ActionKind.ReopenTask or ActionKind.MarkTaskNotApplicable:
                var task = state.Task(action.Target)!;
                Lifecycles.Task(task).Fire(action.Kind);
                task.StartedOn = action.Kind == ActionKind.StartTask ? today : task.StartedOn;
                task.CompletedOn = task.IsFinished ? today : null;
                break;
            case ActionKind.SubmitReport or ActionKind.ApproveReport or ActionKind.ReturnReport:
                var report = state.Report(action.Target)!;
                Lifecycles.Report(report, action.Note).Fire(action.Kind);
                if (action.Kind == ActionKind.SubmitReport)
                {
                    report.SubmittedOn = today;
                    report.Submissions++;
                }
                report.ApprovedOn = action.Kind == ActionKind.ApproveReport ? today : report.ApprovedOn;
                report.ReturnComment = action.Kind == ActionKind.ReturnReport ? action.Note : report.ReturnComment;
                break;
            case ActionKind.RecordOwnerDecision:
                var decided = state.Stage(action.Target)!;
                decided.OwnerDecisionOn = today;
                decided.OwnerDecisionNote = action.Note;
                break;
            case ActionKind.CompleteStage:
                CompleteStage(state, today);
                break;
            case ActionKind.WithdrawProgramme:
                Lifecycles.Programme(state, action.Note).Fire(ProgrammeTrigger.Withdraw);
                state.WithdrawnOn = today;
                state.WithdrawalReason = action.Note;
                break;
        }
        return check;
    }

    // What a programme takes, by kind of work: an active one everything. A completed one takes
    // only learning, because lessons are written when the work is done; its record is otherwise
    // final. A withdrawn one takes nothing: the owner has ended the participation.
    public bool Accepts(ProgrammeState state, ProgrammeWork work) => Refusal(state, work) is null;

    // Why a programme does not take the work, or null when it does.
    public StatusReason? Refusal(ProgrammeState state, ProgrammeWork work)
    {
        EnsureSameVersion(state);
        return state.Status switch
        {
            ProgrammeStatus.Active => null,
            ProgrammeStatus.Completed when work == ProgrammeWork.Learning => null,
            ProgrammeStatus.Completed => new("programme-completed",
                Vocabulary.Format(Words.RefusalCompleted, On(state.CompletedOn))),
            _ => new("programme-withdrawn",
                Vocabulary.Format(Words.RefusalWithdrawn, On(state.WithdrawnOn))),
        };
    }

    private static string On(DateOnly? date) => date is { } d ? $" {DerivedStatus.Format(d)}" : "";

    public GateEvaluation EvaluateGate(ProgrammeState state, string stageKey)
    {
        EnsureSameVersion(state);
        var stage = Definition.Stages.First(s => s.Key == stageKey);
        var stageState = state.Stage(stageKey);
        var today = Today;
        var missing = new List<StatusReason>();
        foreach (var key in stage.Gate.RequiredTasks)
        {
            if (state.Task(key) is not { IsFinished: true })
            {
                missing.Add(new("task-not-done", Vocabulary.Format(Words.GateTaskNotDone, ItemNames.Task(Definition, key))));
            }
        }
        foreach (var key in stage.Gate.ApprovedReports)
        {
            // A recurring report counts with the occurrences already due; later ones cannot block.
            var pending = state.Reports.Where(r => r.ReportKey == key && !r.Retired && (r.Occurrence == 1 || r.Due <= today) && !r.IsDelivered);
            missing.AddRange(pending.Select(r => new StatusReason("report-not-approved", Vocabulary.Format(Words.GateReportNotApproved, ItemNames.Report(Definition, r)))));
        }
        if (stage.Gate.OwnerDecision && stageState?.OwnerDecisionOn is null)
        {
            missing.Add(new("owner-decision-missing", Words.GateOwnerDecisionMissing));
        }
        return new(stageKey, missing.Count == 0, missing);
    }

    public ProgrammeHealth DeriveStatus(ProgrammeState state) => DerivedStatus.Evaluate(Definition, state, Today);

    private List<StatusReason> Blockers(ProgrammeState state, ProgrammeAction action)
    {
        var blockers = new List<StatusReason>();
        if (Refusal(state, ProgrammeWork.Action) is { } closed)
        {
            blockers.Add(closed);
            return blockers;
        }
        switch (action.Kind)
        {
            case ActionKind.StartTask or ActionKind.CompleteTask or ActionKind.ReopenTask or ActionKind.MarkTaskNotApplicable:
                if (state.Task(action.Target) is not { } task)
                {
                    blockers.Add(new("unknown-task", Vocabulary.Format(Words.UnknownTask, action.Target)));
                    break;
                }
                RequireWorkable(state, task.StageKey, task.Retired, blockers);
                AddLifecycleBlockers(Lifecycles.Task(task).CanFire(action.Kind, out var unmet), unmet, Vocabulary.Task(task.Status), blockers);
                break;
            case ActionKind.SubmitReport or ActionKind.ApproveReport or ActionKind.ReturnReport:
                if (state.Report(action.Target) is not { } report)
                {
                    blockers.Add(new("unknown-report", Vocabulary.Format(Words.UnknownReport, action.Target)));
                    break;
                }
                RequireWorkable(state, report.StageKey, report.Retired, blockers);
                AddLifecycleBlockers(Lifecycles.Report(report, action.Note).CanFire(action.Kind, out var unmetReport), unmetReport, Vocabulary.Report(report.Status), blockers);
                break;
            case ActionKind.RecordOwnerDecision:
                if (RequireCurrentStage(state, action.Target, blockers) is { } stage)
                {
                    if (!Definition.Stages[state.CurrentStageIndex].Gate.OwnerDecision)
                    {
                        blockers.Add(new("no-decision-needed", Words.NoDecisionNeeded));
                    }
                    else if (stage.OwnerDecisionOn is not null)
                    {
                        blockers.Add(new("already-decided", Words.AlreadyDecided));
                    }
                }
                break;
            case ActionKind.CompleteStage:
                if (RequireCurrentStage(state, action.Target, blockers) is { } current)
                {
                    var gate = EvaluateGate(state, current.Key);
                    AddLifecycleBlockers(Lifecycles.Stage(current, () => gate.Satisfied).CanFire(StageTrigger.Complete, out var unmetStage), unmetStage, Vocabulary.Stage(current.Status), blockers);
                    blockers.AddRange(gate.Missing);
                }
                break;
            case ActionKind.WithdrawProgramme:
                AddLifecycleBlockers(Lifecycles.Programme(state, action.Note).CanFire(ProgrammeTrigger.Withdraw, out var unmetProgramme), unmetProgramme, Vocabulary.Programme(state.Status), blockers);
                break;
        }
        return blockers;
    }

    private static void RequireWorkable(ProgrammeState state, string stageKey, bool retired, List<StatusReason> blockers)
    {
        if (retired)
        {
            blockers.Add(new("retired", Words.ItemRetired));
        }
        if (state.Stage(stageKey) is not { Status: StageStatus.Active })
        {
            blockers.Add(new("stage-not-active", Words.ItemStageNotActive));
        }
    }

    private static StageState? RequireCurrentStage(ProgrammeState state, string stageKey, List<StatusReason> blockers)
    {
        var stage = state.Stage(stageKey);
        if (stage is null || state.Stages.IndexOf(stage) != state.CurrentStageIndex)
        {
            blockers.Add(new("stage-not-active", Vocabulary.Format(Words.StageNotCurrent, stageKey)));
            return null;
        }
        return stage;
    }

    private static void AddLifecycleBlockers(bool canFire, ICollection<string>? unmetGuards, string status, List<StatusReason> blockers)
    {
        if (canFire)
        {
            return;
        }
        // Stateless gives no unmet guards when the status has no transition for the trigger at all.
        if (unmetGuards is null || unmetGuards.Count == 0)
        {
            blockers.Add(new("not-allowed-in-status", Vocabulary.Format(Words.NotAllowedInStatus, status)));
            return;
        }
        blockers.AddRange(unmetGuards.Select(Lifecycles.FromGuard));
    }

    private void CompleteStage(ProgrammeState state, DateOnly today)
    {
        var stage = state.Stages[state.CurrentStageIndex];
        Lifecycles.Stage(stage, () => true).Fire(StageTrigger.Complete);
        stage.CompletedOn = today;
        if (state.CurrentStageIndex + 1 < state.Stages.Count)
        {
            state.CurrentStageIndex++;
            var next = state.Stages[state.CurrentStageIndex];
            Lifecycles.Stage(next, () => false).Fire(StageTrigger.Activate);
            next.ActivatedOn = today;
            return;
        }
        Lifecycles.Programme(state, null).Fire(ProgrammeTrigger.Complete);
        state.CompletedOn = today;
    }

    private void EnsureSameVersion(ProgrammeState state)
    {
        if (state.DefinitionKey != Definition.Key || state.DefinitionVersion != Definition.Version)
        {
            throw new ArgumentException($"The programme runs {state.DefinitionKey} v{state.DefinitionVersion}, not {Definition.Key} v{Definition.Version}; migrate it first.", nameof(state));
        }
    }

    private static readonly ActionKind[] TaskKinds = [ActionKind.StartTask, ActionKind.CompleteTask, ActionKind.ReopenTask, ActionKind.MarkTaskNotApplicable];
    private static readonly ActionKind[] ReportKinds = [ActionKind.SubmitReport, ActionKind.ApproveReport, ActionKind.ReturnReport];
}
