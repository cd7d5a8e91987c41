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
            new("/name", FieldKind.Text, StudioTexts.About_Name, Both: true),
        };
        if (KeyEditable)
        {
            fields.Add(new("/key", FieldKind.Text, StudioTexts.Editor_Key, StudioTexts.About_KeyHint));
        }

        fields.AddRange(
        [
            new("/description", FieldKind.TextArea, StudioTexts.Editor_Description, Both: true),
            new("/owners", FieldKind.Lines, StudioTexts.About_Owners, StudioTexts.Editor_OneOrganisationPerLine),
            new("/participantKinds", FieldKind.Choices, StudioTexts.About_WhoTakesPart, Options: Options(("municipality", StudioTexts.About_Municipalities), ("region", StudioTexts.About_Regions))),
            new("/coordinatorsMayAppointCoordinators", FieldKind.Check, StudioTexts.About_CoordinatorsAppoint, StudioTexts.About_CoordinatorsAppointHint),
            new("/stages", FieldKind.Group, StudioTexts.About_Stages),
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
        var name = F(StudioTexts.About_NewStage, stages.Count + 1);
        var stage = new JsonObject
        {
            ["key"] = DraftEditor.FreeKey("fase", DraftEditor.Keys(root, "stages")),
            ["name"] = name,
            ["startWeek"] = start,
            ["endWeek"] = start + 4,
            ["tasks"] = new JsonArray(),
            ["reports"] = new JsonArray(),
            ["gate"] = new JsonObject { ["requiredTasks"] = new JsonArray(), ["approvedReports"] = new JsonArray(), ["ownerDecision"] = false },
        };
        return (stage, F(StudioTexts.About_StageAdded, name));
    }
}
