using System.Text.Json.Nodes;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages.Studio;

/// One stage of a draft: its name, weeks and purpose, its tasks, its reports (sections, timing,
/// approval, offentleglova) and its gate, with add / remove / move for tasks, reports and sections.
public sealed class UtkastFaseModel(IMediator mediator, ICurrentUser user) : DraftPage(mediator, user)
{
    [BindProperty(SupportsGet = true)]
    public string StageKey { get; set; } = "";

    /// The stage's place in the definition, and its pointer ("/stages/1").
    public int Index { get; private set; }

    public string At => $"/stages/{Index}";

    public override string Tab => "fase:" + StageKey;

    public JsonObject Stage => DraftEditor.ObjectAt(Root, At)!;

    public IReadOnlyList<JsonObject> Items(string kind) => (Stage[kind] as JsonArray ?? []).OfType<JsonObject>().ToList();

    protected override IReadOnlyList<FieldSpec>? Describe(JsonObject root)
    {
        var stages = DraftEditor.ArrayAt(root, "/stages") ?? [];
        Index = stages.Select((s, i) => (s, i)).FirstOrDefault(x => x.s is JsonObject o && DraftEditor.Str(o["key"]) == StageKey, (null, -1)).i;
        if (Index < 0)
        {
            return null;
        }

        var at = At;
        var stage = (JsonObject)stages[Index]!;
        var fields = new List<FieldSpec>
        {
            new(at, FieldKind.Group, StudioTexts.Stage_Stage),
            new($"{at}/name", FieldKind.Text, StudioTexts.Stage_Name, Both: true),
            new($"{at}/key", FieldKind.Text, StudioTexts.Editor_Key, StudioTexts.Stage_KeyHint),
            new($"{at}/description", FieldKind.TextArea, StudioTexts.Stage_Purpose, Optional: true, Both: true),
            new($"{at}/startWeek", FieldKind.Number, StudioTexts.Stage_StartWeek, StudioTexts.Stage_StartWeekHint),
            new($"{at}/endWeek", FieldKind.Number, StudioTexts.Stage_EndWeek),
            new($"{at}/reflectionPrompts", FieldKind.Lines, StudioTexts.Stage_Prompts, StudioTexts.Stage_PromptsHint, Both: true),
            new($"{at}/tasks", FieldKind.Group, StudioTexts.Stage_Tasks),
        };

        var tasks = (stage["tasks"] as JsonArray ?? []).ToList();
        for (var t = 0; t < tasks.Count; t++)
        {
            var tt = $"{at}/tasks/{t}";
            fields.AddRange(
            [
                new(tt, FieldKind.Group, StudioTexts.Stage_Task),
                new($"{tt}/name", FieldKind.Text, StudioTexts.Stage_TaskName, Both: true),
                new($"{tt}/key", FieldKind.Text, StudioTexts.Editor_Key, StudioTexts.Stage_UniqueKey),
                new($"{tt}/description", FieldKind.TextArea, StudioTexts.Editor_Description, Optional: true, Both: true),
                new($"{tt}/required", FieldKind.Check, StudioTexts.Stage_Required),
                new($"{tt}/responsibleRole", FieldKind.Select, StudioTexts.Stage_Responsible, Options: Roles),
                new($"{tt}/deadline", FieldKind.Group, StudioTexts.Stage_Deadline),
                new($"{tt}/deadline/from", FieldKind.Select, StudioTexts.Stage_DeadlineFrom, Options: Anchors),
                new($"{tt}/deadline/weeks", FieldKind.Number, StudioTexts.Stage_WeeksAfter, Default: "0"),
                new($"{tt}/deadline/days", FieldKind.OptionalNumber, StudioTexts.Stage_ExtraDays, StudioTexts.Stage_MayBeEmpty),
            ]);
        }

        fields.Add(new($"{at}/reports", FieldKind.Group, StudioTexts.Stage_Reports));
        var reports = (stage["reports"] as JsonArray ?? []).ToList();
        for (var r = 0; r < reports.Count; r++)
        {
            var rr = $"{at}/reports/{r}";
            fields.AddRange(
            [
                new(rr, FieldKind.Group, StudioTexts.Stage_Report),
                new($"{rr}/name", FieldKind.Text, StudioTexts.Stage_ReportName, Both: true),
                new($"{rr}/key", FieldKind.Text, StudioTexts.Editor_Key, StudioTexts.Stage_UniqueKey),
                new($"{rr}/description", FieldKind.TextArea, StudioTexts.Editor_Description, Optional: true, Both: true),
                new($"{rr}/sections", FieldKind.Group, StudioTexts.Stage_Sections),
            ]);
            var sections = (reports[r]?["sections"] as JsonArray ?? []).Count;
            for (var s = 0; s < sections; s++)
            {
                var ss = $"{rr}/sections/{s}";
                fields.AddRange(
                [
                    new(ss, FieldKind.Group, StudioTexts.Stage_Section),
                    new($"{ss}/title", FieldKind.Text, StudioTexts.Stage_SectionTitle, Both: true),
                    new($"{ss}/key", FieldKind.Text, StudioTexts.Editor_Key),
                    new($"{ss}/guidance", FieldKind.TextArea, StudioTexts.Stage_Guidance, Optional: true, Both: true),
                ]);
            }

            fields.AddRange(
            [
                new($"{rr}/deadline", FieldKind.Presence, StudioTexts.Stage_OneDeadline),
                new($"{rr}/deadline/from", FieldKind.Select, StudioTexts.Stage_DeadlineFrom, Options: Anchors, Default: "stageStart"),
                new($"{rr}/deadline/weeks", FieldKind.Number, StudioTexts.Stage_WeeksAfter, Default: "2"),
                new($"{rr}/deadline/days", FieldKind.OptionalNumber, StudioTexts.Stage_ExtraDays, StudioTexts.Stage_MayBeEmpty),
                new($"{rr}/recurrence", FieldKind.Presence, StudioTexts.Stage_Recurs),
                new($"{rr}/recurrence/from", FieldKind.Select, StudioTexts.Stage_CountedFrom, Options: Anchors, Default: "stageStart"),
                new($"{rr}/recurrence/startWeek", FieldKind.Number, StudioTexts.Stage_FirstAfter, Default: "1"),
                new($"{rr}/recurrence/everyWeeks", FieldKind.Number, StudioTexts.Stage_EveryWeeks, Default: "2"),
                new($"{rr}/recurrence/untilStageEnd", FieldKind.Check, StudioTexts.Stage_UntilStageEnd, Default: "true"),
                new($"{rr}/recurrence/untilWeek", FieldKind.OptionalNumber, StudioTexts.Stage_UntilWeek, StudioTexts.Stage_UntilWeekHint),
                new($"{rr}/requiresApproval", FieldKind.Check, StudioTexts.Stage_RequiresApproval),
                new($"{rr}/publicByDefault", FieldKind.Check, StudioTexts.Stage_Public),
                new($"{rr}/exemptionBasis", FieldKind.OptionalText, StudioTexts.Stage_Exemption, StudioTexts.Stage_ExemptionHint),
            ]);
        }

        fields.AddRange(
        [
            new($"{at}/gate", FieldKind.Group, StudioTexts.Stage_Gate),
            new($"{at}/gate/requiredTasks", FieldKind.Choices, StudioTexts.Stage_GateTasks, Options: GateOptions(stage, "tasks", "requiredTasks")),
            new($"{at}/gate/approvedReports", FieldKind.Choices, StudioTexts.Stage_GateReports, Options: GateOptions(stage, "reports", "approvedReports")),
            new($"{at}/gate/ownerDecision", FieldKind.Check, StudioTexts.Stage_GateOwner),
        ]);
        return fields;
    }

    // The stage's own items, and whatever else the gate names now (so a wrong entry can be unticked).
    private static IReadOnlyList<(string, string)> GateOptions(JsonObject stage, string kind, string list)
    {
        var own = (stage[kind] as JsonArray ?? []).OfType<JsonObject>()
            .Select(i => (Value: DraftEditor.Str(i["key"]), Text: DraftEditor.Str(i["name"], StudioTexts.Editor_Unnamed))).Where(i => i.Value.Length > 0).ToList();
        var named = (stage["gate"]?[list] as JsonArray ?? []).Select(v => DraftEditor.Str(v)).Where(k => k.Length > 0 && own.All(o => o.Value != k))
            .Select(k => (k, F(StudioTexts.Stage_NotInStage, k)));
        return [.. own, .. named];
    }

    protected override bool Owns(string pointer) => pointer == At || pointer.StartsWith(At + "/", StringComparison.Ordinal);

    protected override bool Lists(string arrayPointer) =>
        arrayPointer == $"{At}/tasks" || arrayPointer == $"{At}/reports"
        || (arrayPointer.StartsWith($"{At}/reports/", StringComparison.Ordinal) && arrayPointer.EndsWith("/sections", StringComparison.Ordinal)
            && DraftEditor.Segments(arrayPointer).Count() == 5);

    protected override (JsonNode Item, string Done)? NewItem(JsonObject root, string arrayPointer)
    {
        if (arrayPointer == $"{At}/tasks")
        {
            var key = DraftEditor.FreeKey("oppgave", DraftEditor.Keys(root, "tasks"));
            // A new task is required, so the stage's gate waits for it (untick it there if not).
            if (DraftEditor.ArrayAt(root, $"{At}/gate/requiredTasks") is { } required)
            {
                required.Add(key);
            }

            return (new JsonObject
            {
                ["key"] = key, ["name"] = StudioTexts.Stage_NewTask, ["required"] = true, ["responsibleRole"] = "coordinator",
                ["deadline"] = new JsonObject { ["from"] = "stageStart", ["weeks"] = 1 },
            }, F(StudioTexts.Stage_TaskAdded, StudioTexts.Stage_NewTask));
        }

        if (arrayPointer == $"{At}/reports")
        {
            return (new JsonObject
            {
                ["key"] = DraftEditor.FreeKey("rapport", DraftEditor.Keys(root, "reports")), ["name"] = StudioTexts.Stage_NewReport,
                ["sections"] = new JsonArray(new JsonObject { ["key"] = "del-1", ["title"] = StudioTexts.Stage_FirstSection }),
                ["deadline"] = new JsonObject { ["from"] = "stageStart", ["weeks"] = 2 },
                ["requiresApproval"] = false, ["publicByDefault"] = true,
            }, F(StudioTexts.Stage_ReportAdded, StudioTexts.Stage_NewReport));
        }

        if (arrayPointer.StartsWith($"{At}/reports/", StringComparison.Ordinal) && arrayPointer.EndsWith("/sections", StringComparison.Ordinal)
            && DraftEditor.ObjectAt(root, DraftEditor.Split(arrayPointer).Parent) is { } report)
        {
            var taken = (report["sections"] as JsonArray ?? []).OfType<JsonObject>().Select(s => DraftEditor.Str(s["key"])).ToHashSet(StringComparer.Ordinal);
            return (new JsonObject { ["key"] = DraftEditor.FreeKey("del", taken), ["title"] = StudioTexts.Stage_NewSection }, StudioTexts.Stage_SectionAdded);
        }

        return null;
    }

    // A removed task or report leaves the gate with it.
    protected override void Removing(JsonObject root, string pointer)
    {
        var (parent, _) = DraftEditor.Split(pointer);
        var list = parent == $"{At}/tasks" ? "requiredTasks" : parent == $"{At}/reports" ? "approvedReports" : null;
        if (list is not null && DraftEditor.Text(root, pointer + "/key") is { } key && DraftEditor.ArrayAt(root, $"{At}/gate/{list}") is { } gate)
        {
            foreach (var entry in gate.Where(e => DraftEditor.Str(e) == key).ToList())
            {
                gate.Remove(entry);
            }
        }
    }

    // A task or report whose key was changed stays in the gate under its new key.
    protected override void Edited(JsonObject before, JsonObject after)
    {
        foreach (var (kind, list) in new[] { ("tasks", "requiredTasks"), ("reports", "approvedReports") })
        {
            var old = (DraftEditor.ArrayAt(before, $"{At}/{kind}") ?? []).Select(i => DraftEditor.Str(i?["key"])).ToList();
            var now = (DraftEditor.ArrayAt(after, $"{At}/{kind}") ?? []).Select(i => DraftEditor.Str(i?["key"])).ToList();
            if (DraftEditor.ArrayAt(after, $"{At}/gate/{list}") is not { } gate)
            {
                continue;
            }

            for (var i = 0; i < Math.Min(old.Count, now.Count); i++)
            {
                if (old[i] != now[i] && old[i].Length > 0)
                {
                    for (var g = 0; g < gate.Count; g++)
                    {
                        if (DraftEditor.Str(gate[g]) == old[i])
                        {
                            gate[g] = now[i];
                        }
                    }
                }
            }
        }
    }

    protected override string? After(JsonObject saved) =>
        DraftEditor.Text(saved, $"{At}/key") is { Length: > 0 } key && key != StageKey ? StudioLinks.Stage(DraftId, key) : null;
}
