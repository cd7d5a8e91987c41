using System.Text.Json.Nodes;
using Mediator;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages.Studio;

/// The editor's first page: what the programme is (name, key, description, owners, who takes
/// part) and its stages in order, with add / remove / move and a link to each stage's page.
public sealed class UtkastModel(IMediator mediator, ICurrentUser user) : DraftPage(mediator, user)
{
    public override string Tab => "om";

    /// The key names the definition for good: it can be set until the first version is published.
    public bool KeyEditable => Draft.BaseKey is null;

    protected override IReadOnlyList<FieldSpec> Describe(JsonObject root)
    {
        var fields = new List<FieldSpec>
        {
            new("/name", FieldKind.Text, "Navn på programmet"),
        };
        if (KeyEditable)
        {
            fields.Add(new("/key", FieldKind.Text, "Nøkkel", "Små bokstaver, sifre og bindestreker, for eksempel «ks-nettverk». Den kan ikke endres etter første publisering."));
        }

        fields.AddRange(
        [
            new("/description", FieldKind.TextArea, "Beskrivelse"),
            new("/owners", FieldKind.Lines, "Eiere (organisasjoner)", "Én organisasjon per linje, for eksempel KS."),
            new("/participantKinds", FieldKind.Choices, "Hvem kan delta", Options: Options(("municipality", "Kommuner"), ("region", "Regioner"))),
            new("/coordinatorsMayAppointCoordinators", FieldKind.Check, "Koordinatorer kan gjøre kolleger til koordinatorer",
                "Ellers er det bare programeier som kan gjøre det."),
            new("/stages", FieldKind.Group, "Faser"),
        ]);
        return fields;
    }

    // Stages themselves ("the stage is empty") are fixed on their own page.
    protected override bool Owns(string pointer) =>
        DraftEditor.Segments(pointer).ToList() is var s
        && (s.Count == 0 || (s[0] == "stages" ? s.Count == 1 : s[0] is not ("pauses" or "reminders" or "statusCompilation")));

    protected override bool Lists(string arrayPointer) => arrayPointer == "/stages";

    protected override (JsonNode Item, string Done)? NewItem(JsonObject root, string arrayPointer)
    {
        if (arrayPointer != "/stages")
        {
            return null;
        }

        var stages = DraftEditor.ArrayAt(root, "/stages") ?? [];
        var start = stages.Count == 0 ? 0 : DraftEditor.Int(stages[^1]?["endWeek"]);
        var number = stages.Count + 1;
        var stage = new JsonObject
        {
            ["key"] = DraftEditor.FreeKey("fase", DraftEditor.Keys(root, "stages")),
            ["name"] = $"Fase {number}",
            ["startWeek"] = start,
            ["endWeek"] = start + 4,
            ["tasks"] = new JsonArray(),
            ["reports"] = new JsonArray(),
            ["gate"] = new JsonObject { ["requiredTasks"] = new JsonArray(), ["approvedReports"] = new JsonArray(), ["ownerDecision"] = false },
        };
        return (stage, $"Fasen «Fase {number}» er lagt til; gi den navn og oppgaver på fasens side.");
    }
}
