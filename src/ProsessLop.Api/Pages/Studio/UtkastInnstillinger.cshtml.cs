using System.Text.Json.Nodes;
using Mediator;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages.Studio;

/// What applies to the whole programme: pauses without deadlines, when reminders go out and to
/// whom lateness is escalated, and when the status compilation is sent.
public sealed class UtkastInnstillingerModel(IMediator mediator, ICurrentUser user) : DraftPage(mediator, user)
{
    public override string Tab => "innstillinger";

    public int PauseCount => (DraftEditor.ArrayAt(Root, "/pauses") ?? []).Count;

    private static IReadOnlyList<(string, string)> Weekdays => Options(
        ("monday", StudioTexts.Settings_Monday), ("tuesday", StudioTexts.Settings_Tuesday), ("wednesday", StudioTexts.Settings_Wednesday),
        ("thursday", StudioTexts.Settings_Thursday), ("friday", StudioTexts.Settings_Friday), ("saturday", StudioTexts.Settings_Saturday),
        ("sunday", StudioTexts.Settings_Sunday));

    protected override IReadOnlyList<FieldSpec> Describe(JsonObject root)
    {
        var fields = new List<FieldSpec> { new("/pauses", FieldKind.Group, StudioTexts.Settings_Pauses) };
        for (var i = 0; i < (DraftEditor.ArrayAt(root, "/pauses") ?? []).Count; i++)
        {
            fields.AddRange(
            [
                new($"/pauses/{i}", FieldKind.Group, StudioTexts.Settings_Pause),
                new($"/pauses/{i}/name", FieldKind.Text, StudioTexts.Settings_PauseName),
                new($"/pauses/{i}/from", FieldKind.Text, StudioTexts.Settings_From, StudioTexts.Settings_FromHint),
                new($"/pauses/{i}/to", FieldKind.Text, StudioTexts.Settings_To, StudioTexts.Settings_ToHint),
            ]);
        }

        fields.AddRange(
        [
            new("/reminders", FieldKind.Presence, StudioTexts.Settings_SendReminders, StudioTexts.Settings_SendRemindersHint),
            new("/reminders/daysBefore", FieldKind.NumberList, StudioTexts.Settings_DaysBefore, StudioTexts.Settings_DaysBeforeHint, Default: "7, 1"),
            new("/reminders/daysAfter", FieldKind.NumberList, StudioTexts.Settings_DaysAfter, StudioTexts.Settings_DaysAfterHint, Default: "1"),
            new("/reminders/repeatEveryDays", FieldKind.Number, StudioTexts.Settings_RepeatEveryDays, Default: "7"),
            new("/reminders/maxRepeats", FieldKind.OptionalNumber, StudioTexts.Settings_MaxRepeats, StudioTexts.Settings_MaxRepeatsHint),
            new("/reminders/escalateAfterDays", FieldKind.Number, StudioTexts.Settings_EscalateAfterDays, Default: "14"),
            new("/reminders/escalateTo", FieldKind.Lines, StudioTexts.Settings_EscalateTo, F(StudioTexts.Settings_EscalateToHint, "programeier")),
            new("/statusCompilation", FieldKind.Presence, StudioTexts.Settings_SendStatus),
            new("/statusCompilation/frequency", FieldKind.Select, StudioTexts.Settings_Frequency, Options: Options(("weekly", StudioTexts.Settings_Weekly), ("monthly", StudioTexts.Settings_Monthly)), Default: "monthly"),
            new("/statusCompilation/dayOfWeek", FieldKind.Select, StudioTexts.Settings_DayOfWeek, Options: Weekdays, Optional: true),
            new("/statusCompilation/dayOfMonth", FieldKind.OptionalNumber, StudioTexts.Settings_DayOfMonth, "1–28."),
            new("/statusCompilation/time", FieldKind.Text, StudioTexts.Settings_Time, Default: "08:00"),
            new("/statusCompilation/timeZone", FieldKind.Text, StudioTexts.Settings_TimeZone, Default: "Europe/Oslo"),
            new("/statusCompilation/recipients", FieldKind.Lines, StudioTexts.Settings_Recipients, StudioTexts.Editor_OneOrganisationPerLine),
        ]);
        return fields;
    }

    protected override bool Owns(string pointer) =>
        DraftEditor.Segments(pointer).FirstOrDefault() is "pauses" or "reminders" or "statusCompilation";

    protected override bool Lists(string arrayPointer) => arrayPointer == "/pauses";

    protected override (JsonNode Item, string Done)? NewItem(JsonObject root, string arrayPointer) =>
        arrayPointer == "/pauses"
            ? (new JsonObject { ["name"] = StudioTexts.Settings_NewPause, ["from"] = "07-01", ["to"] = "07-31" }, StudioTexts.Settings_PauseAdded)
            : null;
}
