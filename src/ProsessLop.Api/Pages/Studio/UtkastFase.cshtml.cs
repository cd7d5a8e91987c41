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
            new(at, FieldKind.Group, "Fasen"),
            new($"{at}/name", FieldKind.Text, "Navn på fasen"),
            new($"{at}/key", FieldKind.Text, "Nøkkel", "Små bokstaver, sifre og bindestreker. Brukes i fasens adresse."),
            new($"{at}/description", FieldKind.TextArea, "Formål", Optional: true),
            new($"{at}/startWeek", FieldKind.Number, "Starter i uke", "Uker etter programstart; 0 er første uke."),
            new($"{at}/endWeek", FieldKind.Number, "Slutter i uke"),
            new($"{at}/reflectionPrompts", FieldKind.Lines, "Refleksjonsspørsmål", "Ett spørsmål per linje. Deltakerne ser dem når de skriver rapportene i fasen."),
            new($"{at}/tasks", FieldKind.Group, "Oppgaver"),
        };

        var tasks = (stage["tasks"] as JsonArray ?? []).ToList();
        for (var t = 0; t < tasks.Count; t++)
        {
            var tt = $"{at}/tasks/{t}";
            fields.AddRange(
            [
                new(tt, FieldKind.Group, "Oppgave"),
                new($"{tt}/name", FieldKind.Text, "Navn på oppgaven"),
                new($"{tt}/key", FieldKind.Text, "Nøkkel", "Unik i hele programmet."),
                new($"{tt}/description", FieldKind.TextArea, "Beskrivelse", Optional: true),
                new($"{tt}/required", FieldKind.Check, "Obligatorisk (ellers valgfri)"),
                new($"{tt}/responsibleRole", FieldKind.Select, "Ansvarlig", Options: Roles),
                new($"{tt}/deadline", FieldKind.Group, "Frist"),
                new($"{tt}/deadline/from", FieldKind.Select, "Frist regnet fra", Options: Anchors),
                new($"{tt}/deadline/weeks", FieldKind.Number, "Uker etter", Default: "0"),
                new($"{tt}/deadline/days", FieldKind.OptionalNumber, "Dager i tillegg", "Kan stå tomt."),
            ]);
        }

        fields.Add(new($"{at}/reports", FieldKind.Group, "Rapporter"));
        var reports = (stage["reports"] as JsonArray ?? []).ToList();
        for (var r = 0; r < reports.Count; r++)
        {
            var rr = $"{at}/reports/{r}";
            fields.AddRange(
            [
                new(rr, FieldKind.Group, "Rapport"),
                new($"{rr}/name", FieldKind.Text, "Navn på rapporten"),
                new($"{rr}/key", FieldKind.Text, "Nøkkel", "Unik i hele programmet."),
                new($"{rr}/description", FieldKind.TextArea, "Beskrivelse", Optional: true),
                new($"{rr}/sections", FieldKind.Group, "Deler"),
            ]);
            var sections = (reports[r]?["sections"] as JsonArray ?? []).Count;
            for (var s = 0; s < sections; s++)
            {
                var ss = $"{rr}/sections/{s}";
                fields.AddRange(
                [
                    new(ss, FieldKind.Group, "Del"),
                    new($"{ss}/title", FieldKind.Text, "Tittel"),
                    new($"{ss}/key", FieldKind.Text, "Nøkkel"),
                    new($"{ss}/guidance", FieldKind.TextArea, "Veiledning og spørsmål til refleksjon", Optional: true),
                ]);
            }

            fields.AddRange(
            [
                new($"{rr}/deadline", FieldKind.Presence, "Rapporten har én frist"),
                new($"{rr}/deadline/from", FieldKind.Select, "Frist regnet fra", Options: Anchors, Default: "stageStart"),
                new($"{rr}/deadline/weeks", FieldKind.Number, "Uker etter", Default: "2"),
                new($"{rr}/deadline/days", FieldKind.OptionalNumber, "Dager i tillegg", "Kan stå tomt."),
                new($"{rr}/recurrence", FieldKind.Presence, "Rapporten gjentas"),
                new($"{rr}/recurrence/from", FieldKind.Select, "Regnet fra", Options: Anchors, Default: "stageStart"),
                new($"{rr}/recurrence/startWeek", FieldKind.Number, "Første gang etter uker", Default: "1"),
                new($"{rr}/recurrence/everyWeeks", FieldKind.Number, "Deretter hver n-te uke", Default: "2"),
                new($"{rr}/recurrence/untilStageEnd", FieldKind.Check, "Til fasen slutter", Default: "true"),
                new($"{rr}/recurrence/untilWeek", FieldKind.OptionalNumber, "Eller til og med uke", "Bare når den ikke varer til fasen slutter."),
                new($"{rr}/requiresApproval", FieldKind.Check, "Skal godkjennes av programeier"),
                new($"{rr}/publicByDefault", FieldKind.Check, "Offentlig (kan vises ved innsynskrav)"),
                new($"{rr}/exemptionBasis", FieldKind.OptionalText, "Hjemmel for unntak fra innsyn",
                    "Må fylles ut når rapporten ikke er offentlig, for eksempel «offentleglova § 14» (organinterne dokumenter)."),
            ]);
        }

        fields.AddRange(
        [
            new($"{at}/gate", FieldKind.Group, "Beslutningspunkt"),
            new($"{at}/gate/requiredTasks", FieldKind.Choices, "Oppgaver som må være ferdige", Options: GateOptions(stage, "tasks", "requiredTasks")),
            new($"{at}/gate/approvedReports", FieldKind.Choices, "Rapporter som må være godkjent", Options: GateOptions(stage, "reports", "approvedReports")),
            new($"{at}/gate/ownerDecision", FieldKind.Check, "Programeier beslutter når fasen er ferdig"),
        ]);
        return fields;
    }

    // The stage's own items, and whatever else the gate names now (so a wrong entry can be unticked).
    private static IReadOnlyList<(string, string)> GateOptions(JsonObject stage, string kind, string list)
    {
        var own = (stage[kind] as JsonArray ?? []).OfType<JsonObject>()
            .Select(i => (Value: DraftEditor.Str(i["key"]), Text: DraftEditor.Str(i["name"], "(uten navn)"))).Where(i => i.Value.Length > 0).ToList();
        var named = (stage["gate"]?[list] as JsonArray ?? []).Select(v => DraftEditor.Str(v)).Where(k => k.Length > 0 && own.All(o => o.Value != k))
            .Select(k => (k, $"«{k}» (finnes ikke i denne fasen)"));
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
                ["key"] = key, ["name"] = "Ny oppgave", ["required"] = true, ["responsibleRole"] = "coordinator",
                ["deadline"] = new JsonObject { ["from"] = "stageStart", ["weeks"] = 1 },
            }, "Oppgaven «Ny oppgave» er lagt til nederst i listen.");
        }

        if (arrayPointer == $"{At}/reports")
        {
            return (new JsonObject
            {
                ["key"] = DraftEditor.FreeKey("rapport", DraftEditor.Keys(root, "reports")), ["name"] = "Ny rapport",
                ["sections"] = new JsonArray(new JsonObject { ["key"] = "del-1", ["title"] = "Hva har dere gjort, og hva har dere lært?" }),
                ["deadline"] = new JsonObject { ["from"] = "stageStart", ["weeks"] = 2 },
                ["requiresApproval"] = false, ["publicByDefault"] = true,
            }, "Rapporten «Ny rapport» er lagt til nederst i listen.");
        }

        if (arrayPointer.StartsWith($"{At}/reports/", StringComparison.Ordinal) && arrayPointer.EndsWith("/sections", StringComparison.Ordinal)
            && DraftEditor.ObjectAt(root, DraftEditor.Split(arrayPointer).Parent) is { } report)
        {
            var taken = (report["sections"] as JsonArray ?? []).OfType<JsonObject>().Select(s => DraftEditor.Str(s["key"])).ToHashSet(StringComparer.Ordinal);
            return (new JsonObject { ["key"] = DraftEditor.FreeKey("del", taken), ["title"] = "Ny del" }, "En ny del er lagt til i rapporten.");
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
