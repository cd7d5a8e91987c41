using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Workflow.Tests;

public class EngineTests
{
    private static readonly DateOnly Start = new(2026, 8, 31);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 8, 5, 8, 0, 0, TimeSpan.Zero));
    private readonly ProgrammeEngine _network;
    private readonly ProgrammeState _state;

    public EngineTests()
    {
        _network = new ProgrammeEngine(Repo.Network, _clock);
        _state = ProgrammeState.Start(ProgrammeScheduler.Create(Repo.Network, Participants.Region, Start));
    }

    private void On(int year, int month, int day) => _clock.SetUtcNow(new DateTimeOffset(year, month, day, 10, 0, 0, TimeSpan.Zero));

    private ActionCheck Do(ActionKind kind, string target = "", string? note = null) => _network.Apply(_state, new ProgrammeAction(kind, target, note));

    private static void AssertBlocked(ActionCheck check, string code)
    {
        Assert.False(check.Allowed);
        Assert.Contains(check.Blockers, b => b.Code == code);
    }

    private void FinishFirstStage()
    {
        foreach (var key in new[] { "utpeke-kontaktperson", "melde-pa-deltakere" })
        {
            Assert.True(Do(ActionKind.StartTask, key).Allowed);
            Assert.True(Do(ActionKind.CompleteTask, key).Allowed);
        }
        Assert.True(Do(ActionKind.CompleteStage, "forberedelse").Allowed);
    }

    [Fact]
    public void New_programme_has_the_first_stage_active_and_the_rest_locked()
    {
        Assert.Equal([StageStatus.Active, StageStatus.Locked, StageStatus.Locked, StageStatus.Locked], _state.Stages.Select(s => s.Status));
        Assert.All(_state.Tasks, t => Assert.Equal(TaskItemStatus.Open, t.Status));
        Assert.Equal(ProgrammeStatus.Active, _state.Status);
    }

    [Fact]
    public void Task_goes_open_in_progress_done_and_can_be_reopened()
    {
        AssertBlocked(Do(ActionKind.ReopenTask, "utpeke-kontaktperson"), "not-allowed-in-status");

        Assert.True(Do(ActionKind.StartTask, "utpeke-kontaktperson").Allowed);
        var task = _state.Task("utpeke-kontaktperson")!;
        Assert.Equal((TaskItemStatus.InProgress, new DateOnly(2026, 8, 5)), (task.Status, task.StartedOn!.Value));

        Assert.True(Do(ActionKind.CompleteTask, "utpeke-kontaktperson").Allowed);
        Assert.Equal(TaskItemStatus.Done, task.Status);
        Assert.NotNull(task.CompletedOn);

        Assert.True(Do(ActionKind.ReopenTask, "utpeke-kontaktperson").Allowed);
        Assert.Equal(TaskItemStatus.InProgress, task.Status);
        Assert.Null(task.CompletedOn);
    }

    [Fact]
    public void Task_can_be_completed_straight_from_open_but_not_started_twice()
    {
        Assert.True(Do(ActionKind.CompleteTask, "utpeke-kontaktperson").Allowed);
        Assert.Equal(TaskItemStatus.Done, _state.Task("utpeke-kontaktperson")!.Status);
        AssertBlocked(Do(ActionKind.StartTask, "utpeke-kontaktperson"), "not-allowed-in-status");
        AssertBlocked(Do(ActionKind.CompleteTask, "utpeke-kontaktperson"), "not-allowed-in-status");
    }

    [Fact]
    public void Only_optional_tasks_can_be_marked_not_applicable_and_reopened()
    {
        var task = _state.Task("utpeke-kontaktperson")!;
        AssertBlocked(Do(ActionKind.MarkTaskNotApplicable, task.Key), "task-required");

        task.Required = false;
        Assert.True(Do(ActionKind.MarkTaskNotApplicable, task.Key).Allowed);
        Assert.Equal(TaskItemStatus.NotApplicable, task.Status);
        Assert.True(Do(ActionKind.ReopenTask, task.Key).Allowed);
        Assert.Equal(TaskItemStatus.Open, task.Status);
    }

    [Fact]
    public void Work_in_a_locked_stage_is_refused_and_unknown_targets_are_named()
    {
        AssertBlocked(Do(ActionKind.StartTask, "delta-samling-1"), "stage-not-active");
        AssertBlocked(Do(ActionKind.SubmitReport, "hjemmeoppgave-1"), "stage-not-active");
        AssertBlocked(Do(ActionKind.StartTask, "finnes-ikke"), "unknown-task");
        AssertBlocked(Do(ActionKind.SubmitReport, "finnes-ikke"), "unknown-report");
        AssertBlocked(Do(ActionKind.CompleteStage, "samling-1"), "stage-not-active");
    }

    [Fact]
    public void Report_is_submitted_returned_with_a_comment_resubmitted_and_approved()
    {
        FinishFirstStage();
        const string report = "hjemmeoppgave-1";
        AssertBlocked(Do(ActionKind.ApproveReport, report), "not-allowed-in-status");

        Assert.True(Do(ActionKind.SubmitReport, report).Allowed);
        AssertBlocked(Do(ActionKind.ReturnReport, report), "comment-required");
        Assert.True(Do(ActionKind.ReturnReport, report, "Mangler refleksjon").Allowed);
        var state = _state.Report(report)!;
        Assert.Equal((ReportStatus.Returned, "Mangler refleksjon"), (state.Status, state.ReturnComment));
        AssertBlocked(Do(ActionKind.ApproveReport, report), "not-allowed-in-status");

        Assert.True(Do(ActionKind.SubmitReport, report).Allowed);
        Assert.True(Do(ActionKind.ApproveReport, report).Allowed);
        Assert.Equal((ReportStatus.Approved, 2), (state.Status, state.Submissions));
        AssertBlocked(Do(ActionKind.SubmitReport, report), "not-allowed-in-status");
    }

    [Fact]
    public void Report_without_approval_is_delivered_on_submission()
    {
        Assert.True(Do(ActionKind.SubmitReport, "egenvurdering").Allowed);

        AssertBlocked(Do(ActionKind.ApproveReport, "egenvurdering"), "no-approval");
        AssertBlocked(Do(ActionKind.ReturnReport, "egenvurdering", "nei"), "no-approval");
        Assert.True(_state.Report("egenvurdering")!.IsDelivered);
    }

    [Fact]
    public void Gate_lists_what_is_missing_and_blocks_completing_the_stage()
    {
        Do(ActionKind.StartTask, "utpeke-kontaktperson");
        Do(ActionKind.CompleteTask, "utpeke-kontaktperson");

        var gate = _network.EvaluateGate(_state, "forberedelse");
        Assert.False(gate.Satisfied);
        var missing = Assert.Single(gate.Missing);
        Assert.Equal("task-not-done", missing.Code);
        Assert.Contains("Melde på deltakere", missing.Text, StringComparison.Ordinal);

        var check = Do(ActionKind.CompleteStage, "forberedelse");
        AssertBlocked(check, "gate-not-satisfied");
        Assert.Contains(check.Blockers, b => b.Code == "task-not-done");
    }

    [Fact]
    public void Completing_a_stage_activates_the_next()
    {
        On(2026, 8, 28);
        FinishFirstStage();

        Assert.Equal(1, _state.CurrentStageIndex);
        Assert.Equal((StageStatus.Completed, new DateOnly(2026, 8, 28)), (_state.Stages[0].Status, _state.Stages[0].CompletedOn!.Value));
        Assert.Equal((StageStatus.Active, new DateOnly(2026, 8, 28)), (_state.Stages[1].Status, _state.Stages[1].ActivatedOn!.Value));
        AssertBlocked(Do(ActionKind.StartTask, "utpeke-kontaktperson"), "stage-not-active");
    }

    [Fact]
    public void Gate_with_a_recurring_report_waits_only_for_occurrences_already_due()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.WorkflowsDirectory, "ks-utviklingsnettverk/v1.json")))!;
        node["stages"]![2]!["reports"]![0]!["requiresApproval"] = true;
        node["stages"]![2]!["gate"]!["approvedReports"] = new System.Text.Json.Nodes.JsonArray("statusnotat");
        var result = ProsessLop.Workflow.Definitions.DefinitionValidator.Validate(node.ToJsonString(), "test.json");
        Assert.Empty(result.Problems);
        var engine = new ProgrammeEngine(result.Definition!, _clock);
        _state.Stages[0].Status = StageStatus.Completed;
        _state.Stages[2].Status = StageStatus.Active;
        _state.CurrentStageIndex = 2;
        var first = _state.Report("statusnotat#1")!;
        _clock.SetUtcNow(new DateTimeOffset(first.Due.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

        var missing = engine.EvaluateGate(_state, "samling-2").Missing.Where(m => m.Code == "report-not-approved").ToList();
        Assert.Equal("Rapporten «Statusnotat 1» er ikke godkjent.", Assert.Single(missing).Text);

        engine.Apply(_state, new ProgrammeAction(ActionKind.SubmitReport, first.Key));
        engine.Apply(_state, new ProgrammeAction(ActionKind.ApproveReport, first.Key));
        Assert.DoesNotContain(engine.EvaluateGate(_state, "samling-2").Missing, m => m.Code == "report-not-approved");
    }

    [Fact]
    public void Owner_decision_is_needed_only_where_the_gate_asks_for_it_and_only_once()
    {
        AssertBlocked(Do(ActionKind.RecordOwnerDecision, "forberedelse"), "no-decision-needed");
        for (var i = 0; i < 3; i++)
        {
            _state.Stages[i].Status = StageStatus.Completed;
        }
        _state.Stages[3].Status = StageStatus.Active;
        _state.CurrentStageIndex = 3;
        Do(ActionKind.StartTask, "delta-samling-3");
        Do(ActionKind.CompleteTask, "delta-samling-3");
        Do(ActionKind.SubmitReport, "sluttnotat");
        Do(ActionKind.ApproveReport, "sluttnotat");

        var blocked = Do(ActionKind.CompleteStage, "samling-3");
        Assert.Contains(blocked.Blockers, b => b.Code == "owner-decision-missing");

        Assert.True(Do(ActionKind.RecordOwnerDecision, "samling-3", "Vedtatt i styringsgruppen").Allowed);
        AssertBlocked(Do(ActionKind.RecordOwnerDecision, "samling-3"), "already-decided");

        Assert.True(Do(ActionKind.CompleteStage, "samling-3").Allowed);
        Assert.Equal(ProgrammeStatus.Completed, _state.Status);
        Assert.NotNull(_state.CompletedOn);
        Assert.Equal(Health.Done, _network.DeriveStatus(_state).Status);
        AssertBlocked(Do(ActionKind.WithdrawProgramme, "", "for sent"), "programme-completed");
    }

    [Fact]
    public void Withdrawal_needs_a_reason_keeps_the_work_done_and_stops_all_work()
    {
        Do(ActionKind.StartTask, "utpeke-kontaktperson");
        AssertBlocked(Do(ActionKind.WithdrawProgramme, "", " "), "reason-required");

        Assert.True(Do(ActionKind.WithdrawProgramme, "", "Kommunen har ikke kapasitet").Allowed);

        Assert.Equal(ProgrammeStatus.Withdrawn, _state.Status);
        Assert.Equal("Kommunen har ikke kapasitet", _state.WithdrawalReason);
        Assert.Equal(TaskItemStatus.InProgress, _state.Task("utpeke-kontaktperson")!.Status);
        AssertBlocked(Do(ActionKind.CompleteTask, "utpeke-kontaktperson"), "programme-withdrawn");
        var health = _network.DeriveStatus(_state);
        Assert.Equal(Health.Withdrawn, health.Status);
        Assert.Contains("Kommunen har ikke kapasitet", Assert.Single(health.Reasons).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_network.Actions(_state), a => a.Allowed);
    }

    [Fact]
    public void Actions_lists_allowed_and_refused_actions_with_reasons()
    {
        var actions = _network.Actions(_state);

        Assert.Contains(actions, a => a.Action == new ProgrammeAction(ActionKind.StartTask, "utpeke-kontaktperson") && a.Allowed);
        var reopen = actions.Single(a => a.Action.Kind == ActionKind.ReopenTask && a.Action.Target == "utpeke-kontaktperson");
        Assert.False(reopen.Allowed);
        Assert.NotEmpty(reopen.Blockers);
        Assert.Contains(actions, a => a.Action.Kind == ActionKind.CompleteStage && !a.Allowed);
        Assert.Contains(actions, a => a.Action.Kind == ActionKind.WithdrawProgramme && a.Allowed);
        Assert.DoesNotContain(actions, a => a.Action.Target == "delta-samling-1");
        Assert.Equal([ActorRole.Owner], ActionRoles.Who(ActionKind.ApproveReport));
        Assert.False(ActionRoles.May(ActorRole.Participant, ActionKind.StartTask, assignedToThem: false));
        Assert.True(ActionRoles.May(ActorRole.Participant, ActionKind.StartTask, assignedToThem: true));
    }

    [Fact]
    public void Derived_status_before_the_first_stage_is_not_started()
    {
        var health = DerivedStatus.Evaluate(Repo.Network, _state, new DateOnly(2026, 7, 20));

        Assert.Equal(Health.NotStarted, health.Status);
        Assert.Equal("not-started", Assert.Single(health.Reasons).Code);
    }

    [Fact]
    public void Derived_status_is_at_risk_when_a_required_item_is_due_within_7_days_and_not_started()
    {
        var health = _network.DeriveStatus(_state); // 5 Aug; utpeke-kontaktperson due 10 Aug

        Assert.Equal(Health.AtRisk, health.Status);
        Assert.Equal(Health.AtRisk, health.Stages[0].Status);
        Assert.Equal(Health.NotStarted, health.Stages[1].Status);
        Assert.Contains(health.Reasons, r => r.Code == "task-due-soon" && r.Text.Contains("10.08.2026", StringComparison.Ordinal));

        Do(ActionKind.StartTask, "utpeke-kontaktperson");
        Assert.Equal(Health.OnTrack, _network.DeriveStatus(_state).Status);
    }

    [Fact]
    public void Derived_status_is_late_when_a_required_item_is_past_due_and_not_done()
    {
        Do(ActionKind.StartTask, "utpeke-kontaktperson");
        On(2026, 8, 11);

        var health = _network.DeriveStatus(_state);

        Assert.Equal(Health.Late, health.Status);
        Assert.Contains(health.Reasons, r => r.Code == "task-late");
        Do(ActionKind.CompleteTask, "utpeke-kontaktperson");
        Assert.NotEqual(Health.Late, _network.DeriveStatus(_state).Status);
    }

    [Fact]
    public void Derived_status_is_at_risk_when_a_report_was_returned_and_done_for_completed_stages()
    {
        On(2026, 8, 28);
        FinishFirstStage();
        Do(ActionKind.SubmitReport, "hjemmeoppgave-1");
        Do(ActionKind.ReturnReport, "hjemmeoppgave-1", "Utdyp læringen");
        Do(ActionKind.StartTask, "delta-samling-1");

        var health = _network.DeriveStatus(_state);

        Assert.Equal(Health.Done, health.Stages[0].Status);
        Assert.Equal(Health.AtRisk, health.Stages[1].Status);
        Assert.Contains(health.Reasons, r => r.Code == "report-returned");
    }

    [Fact]
    public void A_report_waiting_for_review_is_not_late_for_the_participant_but_is_when_returned()
    {
        On(2026, 8, 28);
        FinishFirstStage();
        Do(ActionKind.SubmitReport, "hjemmeoppgave-1");
        var dayAfter = _state.Report("hjemmeoppgave-1")!.Due.AddDays(1);
        On(dayAfter.Year, dayAfter.Month, dayAfter.Day);

        Assert.DoesNotContain(_network.DeriveStatus(_state).Reasons, r => r.Code == "report-late");

        Do(ActionKind.ReturnReport, "hjemmeoppgave-1", "Utdyp læringen");
        Assert.Contains(_network.DeriveStatus(_state).Reasons, r => r.Code == "report-late");
    }

    [Fact]
    public void Optional_tasks_never_make_a_programme_late()
    {
        foreach (var task in _state.Tasks)
        {
            task.Required = false;
        }
        _state.Report("egenvurdering")!.Status = ReportStatus.Submitted;

        Assert.Equal(Health.OnTrack, DerivedStatus.Evaluate(Repo.Network, _state, new DateOnly(2026, 8, 27)).Status);
    }

    [Fact]
    public void Engine_refuses_state_of_another_definition_version()
    {
        var other = ProgrammeState.Start(ProgrammeScheduler.Create(Repo.Kulturskole, Participants.Municipality, Start));

        Assert.Throws<ArgumentException>(() => _network.Actions(other));
    }

    [Fact]
    public void State_round_trips_as_json()
    {
        Do(ActionKind.StartTask, "utpeke-kontaktperson");
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var json = JsonSerializer.Serialize(_state, options);

        var again = JsonSerializer.Deserialize<ProgrammeState>(json, options)!;

        Assert.Equal(json, JsonSerializer.Serialize(again, options));
        Assert.Contains("\"status\":\"inProgress\"", json, StringComparison.Ordinal);
    }
}
