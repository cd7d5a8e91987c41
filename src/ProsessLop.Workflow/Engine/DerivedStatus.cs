using System.Globalization;
using System.Text.Json.Serialization;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Texts;

namespace ProsessLop.Workflow.Engine;

[JsonConverter(typeof(CamelCaseEnumConverter<Health>))]
public enum Health { NotStarted, OnTrack, AtRisk, Late, Done, Withdrawn }

public sealed record StageHealth(string StageKey, Health Status, IReadOnlyList<StatusReason> Reasons);

public sealed record ProgrammeHealth(Health Status, IReadOnlyList<StatusReason> Reasons, IReadOnlyList<StageHealth> Stages);

// Colour status for dashboards and the compiled status report, with reasons as data so the UI
// can show text next to colour (WCAG). Read from the programme's agenda: what is open and
// overdue is decided there, here only what colour that makes. Reasons are in the current UI
// culture's standard (Words.resx / Words.nn.resx).
public static class DerivedStatus
{
    public const int AtRiskWindowDays = Agenda.AtRiskWindowDays;

    public static ProgrammeHealth Evaluate(ProgrammeDefinition definition, ProgrammeState state, DateOnly today) =>
        Evaluate(Agenda.Of(definition, state, today));

    public static ProgrammeHealth Evaluate(Agenda agenda)
    {
        var state = agenda.State;
        var today = agenda.Today;
        if (state.Status == ProgrammeStatus.Withdrawn)
        {
            var text = Vocabulary.Format(Words.WithdrawnOn, Format(state.WithdrawnOn ?? today), state.WithdrawalReason);
            return new(Health.Withdrawn, [new("withdrawn", text)], [.. state.Stages.Select(s => new StageHealth(s.Key, Health.Withdrawn, []))]);
        }

        var stageCount = state.Stages.Count;
        var late = new bool[stageCount];
        var atRisk = new bool[stageCount];
        var reasons = new List<StatusReason>?[stageCount];

        foreach (var item in agenda.Items)
        {
            if (item.OwnersTurn || !Agenda.Counts(item))
            {
                continue;
            }

            var s = StageIndex(state, item.StageKey);
            if (s < 0)
            {
                continue;
            }

            var isTask = item.Kind == AgendaKind.Task;
            var code = item.Kind == AgendaKind.Task ? "task" : "report";
            if (item.Overdue)
            {
                late[s] = true;
                Add(reasons, s, new($"{code}-late", Vocabulary.Format(isTask ? Words.TaskLate : Words.ReportLate, item.Name, Format(item.Due))));
            }
            else if (item.DueSoon)
            {
                atRisk[s] = true;
                Add(reasons, s, new($"{code}-due-soon", Vocabulary.Format(isTask ? Words.TaskDueSoon : Words.ReportDueSoon, item.Name, Format(item.Due))));
            }

            if (item.Returned)
            {
                atRisk[s] = true;
                Add(reasons, s, new("report-returned", Vocabulary.Format(Words.ReportReturned, item.Name)));
            }
        }

        var stages = new StageHealth[stageCount];
        var worst = Health.NotStarted;
        var all = new List<StatusReason>();
        for (var s = 0; s < stageCount; s++)
        {
            var stage = state.Stages[s];
            var health = stage.Status == StageStatus.Completed ? Health.Done
                : late[s] ? Health.Late
                : atRisk[s] ? Health.AtRisk
                : stage.Status == StageStatus.Active ? Health.OnTrack
                : Health.NotStarted;
            IReadOnlyList<StatusReason> stageReasons = reasons[s] ?? (IReadOnlyList<StatusReason>)[];
            stages[s] = new(stage.Key, health, stageReasons);
            all.AddRange(stageReasons);
            if (health != Health.Done && Rank(health) > Rank(worst))
            {
                worst = health;
            }
        }

        if (state.Status == ProgrammeStatus.Completed)
        {
            return new(Health.Done, [new("completed", Vocabulary.Format(Words.ProgrammeCompleted, Format(state.CompletedOn ?? today)))], stages);
        }
        if (stageCount > 0 && today < state.Stages[0].PlannedStart && worst == Health.OnTrack)
        {
            return new(Health.NotStarted, [new("not-started", Vocabulary.Format(Words.ProgrammeStarts, Format(state.StartDate)))], stages);
        }
        return new(worst, all, stages);
    }

    private static int Rank(Health health) => health switch
    {
        Health.Late => 3,
        Health.AtRisk => 2,
        Health.OnTrack => 1,
        _ => 0,
    };

    private static int StageIndex(ProgrammeState state, string key)
    {
        var stages = state.Stages;
        for (var i = 0; i < stages.Count; i++)
        {
            if (string.Equals(stages[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private static void Add(List<StatusReason>?[] reasons, int stage, StatusReason reason) =>
        (reasons[stage] ??= []).Add(reason);

    internal static string Format(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
}
