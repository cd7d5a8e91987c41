using System.Globalization;
using System.Text.Json.Serialization;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Engine;

[JsonConverter(typeof(CamelCaseEnumConverter<Health>))]
public enum Health { NotStarted, OnTrack, AtRisk, Late, Done, Withdrawn }

public sealed record StageHealth(string StageKey, Health Status, IReadOnlyList<StatusReason> Reasons);

public sealed record ProgrammeHealth(Health Status, IReadOnlyList<StatusReason> Reasons, IReadOnlyList<StageHealth> Stages);

// Colour status for dashboards and the compiled status report, with reasons as data so the UI
// can show text next to colour (WCAG). Written for throughput: one pass over the items, no LINQ.
public static class DerivedStatus
{
    // "Soon" means within a week: enough time to act before the deadline.
    public const int AtRiskWindowDays = 7;

    public static ProgrammeHealth Evaluate(ProgrammeDefinition definition, ProgrammeState state, DateOnly today)
    {
        if (state.Status == ProgrammeStatus.Withdrawn)
        {
            var text = $"Programmet ble avsluttet {Format(state.WithdrawnOn ?? today)}: {state.WithdrawalReason}";
            return new(Health.Withdrawn, [new("withdrawn", text)], [.. state.Stages.Select(s => new StageHealth(s.Key, Health.Withdrawn, []))]);
        }

        var stageCount = state.Stages.Count;
        var late = new bool[stageCount];
        var atRisk = new bool[stageCount];
        var reasons = new List<StatusReason>?[stageCount];
        var index = definition.Index;

        foreach (var task in state.Tasks)
        {
            if (task.Retired || !task.Required || task.IsFinished)
            {
                continue;
            }
            var s = StageIndex(state, task.StageKey);
            if (s < 0 || state.Stages[s].Status == StageStatus.Completed)
            {
                continue;
            }
            if (task.Due < today)
            {
                late[s] = true;
                Add(reasons, s, new("task-late", $"Oppgaven «{index.TaskName(task.Key)}» hadde frist {Format(task.Due)} og er ikke fullført."));
            }
            else if (task.Status == TaskItemStatus.Open && task.Due.DayNumber - today.DayNumber <= AtRiskWindowDays)
            {
                atRisk[s] = true;
                Add(reasons, s, new("task-due-soon", $"Oppgaven «{index.TaskName(task.Key)}» har frist {Format(task.Due)} og er ikke påbegynt."));
            }
        }

        foreach (var report in state.Reports)
        {
            // Submitted and waiting for the owner's review: the participant has delivered on its side.
            if (report.Retired || report.IsDelivered || report.Status == ReportStatus.Submitted)
            {
                continue;
            }
            var s = StageIndex(state, report.StageKey);
            if (s < 0 || state.Stages[s].Status == StageStatus.Completed)
            {
                continue;
            }
            if (report.Due < today)
            {
                late[s] = true;
                Add(reasons, s, new("report-late", $"Rapporten «{index.OccurrenceName(report.ReportKey, report.Key, report.Occurrence)}» hadde frist {Format(report.Due)} og er ikke levert."));
            }
            else if (report.Status == ReportStatus.Draft && report.Due.DayNumber - today.DayNumber <= AtRiskWindowDays)
            {
                atRisk[s] = true;
                Add(reasons, s, new("report-due-soon", $"Rapporten «{index.OccurrenceName(report.ReportKey, report.Key, report.Occurrence)}» har frist {Format(report.Due)} og er ikke sendt inn."));
            }
            if (report.Status == ReportStatus.Returned)
            {
                atRisk[s] = true;
                Add(reasons, s, new("report-returned", $"Rapporten «{index.OccurrenceName(report.ReportKey, report.Key, report.Occurrence)}» er sendt tilbake og må sendes inn på nytt."));
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
            return new(Health.Done, [new("completed", $"Programmet ble fullført {Format(state.CompletedOn ?? today)}.")], stages);
        }
        if (stageCount > 0 && today < state.Stages[0].PlannedStart && worst == Health.OnTrack)
        {
            return new(Health.NotStarted, [new("not-started", $"Programmet starter {Format(state.StartDate)}.")], stages);
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
