using System.Globalization;
using System.Text.Json;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Texts;

namespace ProsessLop.Workflow.Definitions;

// Validation is for authors: it collects every problem (schema and meaning) in one pass so a
// file can be fixed in one sitting, each with a JSON Pointer and a plain sentence.
public static class DefinitionValidator
{
    /// The JSON Schema every definition file follows (workflows/programme-definition.schema.json).
    public static string SchemaText => SchemaCheck.Text;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static DefinitionValidationResult Validate(string json, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            var where = $"line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}";
            return new(null, [new(file, "", $"The file is not valid JSON ({where}): {ex.Message}",
                BothStandards.Say(() => BothStandards.Format(DefinitionWords.Invalid_NotJson, ex.LineNumber + 1, ex.BytePositionInLine + 1)))]);
        }

        using (document)
        {
            var problems = SchemaCheck.Run(document.RootElement)
                .Select(p => new DefinitionProblem(file, p.Pointer, p.Message, p.Norwegian))
                .ToList();

            ProgrammeDefinition? definition = null;
            try
            {
                definition = document.RootElement.Deserialize<ProgrammeDefinition>(Json);
            }
            catch (JsonException)
            {
                // Wrong types are already reported by the schema; meaning checks need a model.
            }

            if (definition is not null)
            {
                problems.AddRange(SemanticRules.Check(definition).Select(p => new DefinitionProblem(file, p.Pointer, p.Message, p.Norwegian)));
            }

            if (problems.Count > 0 || definition is null)
            {
                return new(null, problems);
            }
            // Only a valid definition can be scheduled to find what the calendar does to it.
            return new(definition, problems)
            {
                Warnings = [.. ScheduleWarnings.Check(definition).Select(w => new DefinitionProblem(file, w.Pointer, w.Message, w.Norwegian))],
                MissingNynorsk = NynorskCheck.Warnings(definition, file),
            };
        }
    }
}

// Rules the schema cannot express: uniqueness, cross references, time windows, reachability.
internal static class SemanticRules
{
    public static List<(string Pointer, string Message, LocalizedText Norwegian)> Check(ProgrammeDefinition definition)
    {
        var problems = new List<(string, string, LocalizedText)>();
        void Add(string pointer, string message, Func<string> norwegian) => problems.Add((pointer, message, BothStandards.Say(norwegian)));

        var stages = definition.Stages ?? [];
        var taskOwners = new Dictionary<string, int>(StringComparer.Ordinal);
        var reportOwners = new Dictionary<string, int>(StringComparer.Ordinal);
        var reportsByKey = new Dictionary<string, ReportDefinition>(StringComparer.Ordinal);
        var stageKeys = new HashSet<string>(StringComparer.Ordinal);

        for (var s = 0; s < stages.Count; s++)
        {
            var stage = stages[s];
            var at = $"/stages/{s}";
            if (stage is null)
            {
                continue;
            }
            if (!stageKeys.Add(stage.Key))
            {
                Add($"{at}/key", $"Stage key '{stage.Key}' is used by more than one stage; stage keys must be unique.",
                    () => F(DefinitionWords.Invalid_StageKeyTwice, stage.Key));
            }
            if ((stage.Tasks?.Count ?? 0) == 0 && (stage.Reports?.Count ?? 0) == 0)
            {
                Add(at, $"Stage '{stage.Key}' is empty: it has no tasks and no reports.",
                    () => F(DefinitionWords.Invalid_StageEmpty, N(stage.Name)));
            }
            if (stage.EndWeek <= stage.StartWeek)
            {
                Add($"{at}/endWeek", $"Stage '{stage.Key}' ends in week {stage.EndWeek}, which is not after its start in week {stage.StartWeek}.",
                    () => F(DefinitionWords.Invalid_StageEndsEarly, N(stage.Name), stage.EndWeek, stage.StartWeek));
            }
            if (s > 0 && stages[s - 1] is { } previous && stage.StartWeek < previous.StartWeek)
            {
                Add($"{at}/startWeek", $"Stage '{stage.Key}' starts in week {stage.StartWeek}, before the previous stage '{previous.Key}' (week {previous.StartWeek}); stages must be in order.",
                    () => F(DefinitionWords.Invalid_StageOrder, N(stage.Name), stage.StartWeek, N(previous.Name), previous.StartWeek));
            }

            var tasks = stage.Tasks ?? [];
            for (var t = 0; t < tasks.Count; t++)
            {
                var task = tasks[t];
                if (task is null)
                {
                    continue;
                }
                var taskAt = $"{at}/tasks/{t}";
                if (!taskOwners.TryAdd(task.Key, s))
                {
                    Add($"{taskAt}/key", $"Task key '{task.Key}' is used more than once; task keys must be unique across the whole definition.",
                        () => F(DefinitionWords.Invalid_TaskKeyTwice, task.Key));
                }
                if (task.Deadline is { } deadline)
                {
                    CheckDeadline(stage, deadline, $"{taskAt}/deadline", $"Task '{task.Key}'", () => DefinitionWords.Invalid_TaskDueBeforeStage, task.Name, Add);
                }
            }

            var reports = stage.Reports ?? [];
            for (var r = 0; r < reports.Count; r++)
            {
                var report = reports[r];
                if (report is null)
                {
                    continue;
                }
                var reportAt = $"{at}/reports/{r}";
                if (!reportOwners.TryAdd(report.Key, s))
                {
                    Add($"{reportAt}/key", $"Report key '{report.Key}' is used more than once; report keys must be unique across the whole definition.",
                        () => F(DefinitionWords.Invalid_ReportKeyTwice, report.Key));
                }
                reportsByKey.TryAdd(report.Key, report);
                CheckReport(stage, report, reportAt, Add);
            }
        }

        for (var s = 0; s < stages.Count; s++)
        {
            if (stages[s] is { } stage)
            {
                CheckGate(stage, s, stages, taskOwners, reportOwners, reportsByKey, Add);
                CheckRenames(stage, s, taskOwners, reportOwners, Add);
            }
        }

        CheckPauses(definition.Pauses ?? [], Add);
        CheckStatusCompilation(definition.StatusCompilation, Add);
        CheckReminders(definition.Reminders, Add);
        return problems;
    }

    // escalateTo names who hears of a late item: "programeier" (the definition's owners) or an
    // organisation whose addresses the host has (Email__Organisations__<name>, as for status
    // recipients; the host warns at start-up when one has none).
    private static void CheckReminders(ReminderPolicy? policy, Action<string, string, Func<string>> add)
    {
        var escalateTo = policy?.EscalateTo ?? [];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < escalateTo.Count; i++)
        {
            if (escalateTo[i] is { } name && !seen.Add(name.Trim()))
            {
                add($"/reminders/escalateTo/{i}", $"'{name}' is named more than once in escalateTo.", () => F(DefinitionWords.Invalid_EscalateTwice, name));
            }
        }
    }

    private static void CheckReport(StageDefinition stage, ReportDefinition report, string at, Action<string, string, Func<string>> add)
    {
        var sectionKeys = new HashSet<string>(StringComparer.Ordinal);
        var sections = report.Sections ?? [];
        for (var i = 0; i < sections.Count; i++)
        {
            if (sections[i] is { } section && !sectionKeys.Add(section.Key))
            {
                add($"{at}/sections/{i}/key", $"Section key '{section.Key}' is used more than once in report '{report.Key}'.",
                    () => F(DefinitionWords.Invalid_SectionKeyTwice, section.Key, N(report.Name)));
            }
        }

        switch (report.Deadline, report.Recurrence)
        {
            case (null, null):
                add(at, $"Report '{report.Key}' has neither a deadline nor a recurrence; give it exactly one.",
                    () => F(DefinitionWords.Invalid_ReportNoSchedule, N(report.Name)));
                break;
            case (not null, not null):
                add(at, $"Report '{report.Key}' has both a deadline and a recurrence; give it exactly one.",
                    () => F(DefinitionWords.Invalid_ReportBothSchedules, N(report.Name)));
                break;
            case ({ } deadline, null):
                CheckDeadline(stage, deadline, $"{at}/deadline", $"Report '{report.Key}'", () => DefinitionWords.Invalid_ReportDueBeforeStage, report.Name, add);
                break;
            case (null, { } recurrence):
                CheckRecurrence(stage, report, recurrence, $"{at}/recurrence", add);
                break;
        }

        if (!report.PublicByDefault && string.IsNullOrWhiteSpace(report.ExemptionBasis))
        {
            add(at, $"Report '{report.Key}' is not public by default, so it must give the legal basis in 'exemptionBasis' (for example \"offentleglova § 14\").",
                () => F(DefinitionWords.Invalid_ExemptionBasis, N(report.Name)));
        }
    }

    private static void CheckDeadline(StageDefinition stage, Deadline deadline, string at, string what, Func<string> dueText, LocalizedText name, Action<string, string, Func<string>> add)
    {
        var day = ScheduleMath.DeadlineDay(stage, deadline);
        if (day < stage.StartWeek * 7)
        {
            add(at, $"{what} is due {Describe(day)}, before its stage '{stage.Key}' can start (week {stage.StartWeek}).",
                () => F(dueText(), N(name), Beskriv(day), N(stage.Name), stage.StartWeek));
        }
    }

    private static void CheckRecurrence(StageDefinition stage, ReportDefinition report, Recurrence recurrence, string at, Action<string, string, Func<string>> add)
    {
        if (recurrence.UntilStageEnd && recurrence.UntilWeek is not null)
        {
            add(at, $"Recurrence of report '{report.Key}' sets both 'untilStageEnd' and 'untilWeek'; choose one.",
                () => F(DefinitionWords.Invalid_RecurrenceTwoEnds, N(report.Name)));
            return;
        }
        if (!recurrence.UntilStageEnd && recurrence.UntilWeek is null)
        {
            add(at, $"Recurrence of report '{report.Key}' never ends; set 'untilStageEnd' to true or give 'untilWeek'.",
                () => F(DefinitionWords.Invalid_RecurrenceNeverEnds, N(report.Name)));
            return;
        }
        if (recurrence.EveryWeeks < 1)
        {
            return;
        }
        var first = ScheduleMath.RecurrenceStartDay(stage, recurrence);
        if (first < stage.StartWeek * 7)
        {
            add($"{at}/startWeek", $"Report '{report.Key}' first falls due {Describe(first)}, before its stage '{stage.Key}' can start (week {stage.StartWeek}).",
                () => F(DefinitionWords.Invalid_RecurrenceBeforeStage, N(report.Name), Beskriv(first), N(stage.Name), stage.StartWeek));
        }
        if (ScheduleMath.RecurrenceOffsets(stage, recurrence).Count == 0)
        {
            add($"{at}/startWeek", $"Recurrence of report '{report.Key}' never fires: the first occurrence ({Describe(first)}) comes after its end ({Describe(ScheduleMath.RecurrenceEndDay(stage, recurrence))}).",
                () => F(DefinitionWords.Invalid_RecurrenceNeverFires, N(report.Name), Beskriv(first), Beskriv(ScheduleMath.RecurrenceEndDay(stage, recurrence))));
        }
    }

    private static void CheckGate(
        StageDefinition stage,
        int stageIndex,
        IReadOnlyList<StageDefinition> stages,
        Dictionary<string, int> taskOwners,
        Dictionary<string, int> reportOwners,
        Dictionary<string, ReportDefinition> reportsByKey,
        Action<string, string, Func<string>> add)
    {
        var gate = stage.Gate ?? new GateDefinition();
        var at = $"/stages/{stageIndex}/gate";
        CheckGateReferences(gate.RequiredTasks ?? [], "task", $"{at}/requiredTasks", stage, stageIndex, stages, taskOwners, add);
        CheckGateReferences(gate.ApprovedReports ?? [], "report", $"{at}/approvedReports", stage, stageIndex, stages, reportOwners, add);

        var approved = gate.ApprovedReports ?? [];
        for (var i = 0; i < approved.Count; i++)
        {
            if (!reportsByKey.TryGetValue(approved[i], out var report) || reportOwners[approved[i]] != stageIndex)
            {
                continue;
            }
            if (!report.RequiresApproval)
            {
                add($"{at}/approvedReports/{i}", $"The gate of stage '{stage.Key}' waits for report '{report.Key}' to be approved, but that report does not need approval, so the gate can never be satisfied.",
                    () => F(DefinitionWords.Invalid_GateReportNotApproved, N(stage.Name), N(report.Name)));
            }
            else if (report.Recurrence is { EveryWeeks: >= 1 } recurrence && (recurrence.UntilStageEnd || recurrence.UntilWeek is not null) && ScheduleMath.RecurrenceOffsets(stage, recurrence).Count == 0)
            {
                add($"{at}/approvedReports/{i}", $"The gate of stage '{stage.Key}' waits for report '{report.Key}', which never falls due, so the gate can never be satisfied.",
                    () => F(DefinitionWords.Invalid_GateReportNeverDue, N(stage.Name), N(report.Name)));
            }
        }
    }

    private static void CheckGateReferences(
        IReadOnlyList<string> keys,
        string kind,
        string at,
        StageDefinition stage,
        int stageIndex,
        IReadOnlyList<StageDefinition> stages,
        Dictionary<string, int> owners,
        Action<string, string, Func<string>> add)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (!seen.Add(key))
            {
                add($"{at}/{i}", $"The gate of stage '{stage.Key}' lists {kind} '{key}' more than once.",
                    () => F(kind == "task" ? DefinitionWords.Invalid_GateTaskTwice : DefinitionWords.Invalid_GateReportTwice, N(stage.Name), key));
            }
            else if (!owners.TryGetValue(key, out var owner))
            {
                add($"{at}/{i}", $"The gate of stage '{stage.Key}' refers to {kind} '{key}', but no {kind} has that key.",
                    () => F(kind == "task" ? DefinitionWords.Invalid_GateUnknownTask : DefinitionWords.Invalid_GateUnknownReport, N(stage.Name), key));
            }
            else if (owner != stageIndex)
            {
                add($"{at}/{i}", $"The gate of stage '{stage.Key}' refers to {kind} '{key}', which belongs to stage '{stages[owner].Key}'; a gate can only wait for work in its own stage.",
                    () => F(kind == "task" ? DefinitionWords.Invalid_GateTaskOtherStage : DefinitionWords.Invalid_GateReportOtherStage, N(stage.Name), key, N(stages[owner].Name)));
            }
        }
    }

    private static void CheckRenames(StageDefinition stage, int stageIndex, Dictionary<string, int> taskOwners, Dictionary<string, int> reportOwners, Action<string, string, Func<string>> add)
    {
        var tasks = stage.Tasks ?? [];
        for (var t = 0; t < tasks.Count; t++)
        {
            if (tasks[t]?.RenamedFrom is { } old && taskOwners.ContainsKey(old))
            {
                add($"/stages/{stageIndex}/tasks/{t}/renamedFrom", $"Task '{tasks[t].Key}' is renamed from '{old}', but '{old}' is still a task key in this version.",
                    () => F(DefinitionWords.Invalid_TaskRenamedKeyInUse, N(tasks[t].Name), old));
            }
        }
        var reports = stage.Reports ?? [];
        for (var r = 0; r < reports.Count; r++)
        {
            if (reports[r]?.RenamedFrom is { } old && reportOwners.ContainsKey(old))
            {
                add($"/stages/{stageIndex}/reports/{r}/renamedFrom", $"Report '{reports[r].Key}' is renamed from '{old}', but '{old}' is still a report key in this version.",
                    () => F(DefinitionWords.Invalid_ReportRenamedKeyInUse, N(reports[r].Name), old));
            }
        }
    }

    private static void CheckPauses(IReadOnlyList<PausePeriod> pauses, Action<string, string, Func<string>> add)
    {
        for (var i = 0; i < pauses.Count; i++)
        {
            foreach (var (name, value) in new[] { ("from", pauses[i]?.From), ("to", pauses[i]?.To) })
            {
                if (value is not null && !MonthDay.TryParse(value, out _))
                {
                    add($"/pauses/{i}/{name}", $"'{value}' is not a date of the year; use MM-dd, for example 07-01.",
                        () => F(DefinitionWords.Invalid_NotADayOfYear, value));
                }
            }
        }
    }

    private static void CheckStatusCompilation(StatusCompilationPolicy? policy, Action<string, string, Func<string>> add)
    {
        if (policy is null)
        {
            return;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(policy.TimeZone ?? "", out _))
        {
            add("/statusCompilation/timeZone", $"Time zone '{policy.TimeZone}' is not known; use an IANA name such as Europe/Oslo.",
                () => F(DefinitionWords.Invalid_UnknownTimeZone, policy.TimeZone));
        }
        if (policy.Frequency == CompilationFrequency.Weekly && policy.DayOfWeek is null)
        {
            add("/statusCompilation", "A weekly status compilation needs 'dayOfWeek'.", () => DefinitionWords.Invalid_WeeklyNeedsDay);
        }
        if (policy.Frequency == CompilationFrequency.Monthly && policy.DayOfMonth is null)
        {
            add("/statusCompilation", "A monthly status compilation needs 'dayOfMonth'.", () => DefinitionWords.Invalid_MonthlyNeedsDay);
        }
    }

    private static string Describe(int dayOffset) =>
        dayOffset % 7 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"in week {dayOffset / 7}")
            : string.Create(CultureInfo.InvariantCulture, $"on day {dayOffset} of the programme");

    private static string Beskriv(int dayOffset) =>
        dayOffset % 7 == 0
            ? F(DefinitionWords.When_InWeek, dayOffset / 7)
            : F(DefinitionWords.When_OnDay, dayOffset);

    private static string F(string text, params object?[] args) => BothStandards.Format(text, args);

    private static string N(LocalizedText? name) => BothStandards.Name(name);
}
