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

    private static readonly IReadOnlyList<(string, string)> Weekdays = Options(
        ("monday", "mandag"), ("tuesday", "tirsdag"), ("wednesday", "onsdag"), ("thursday", "torsdag"), ("friday", "fredag"), ("saturday", "lørdag"), ("sunday", "søndag"));

    protected override IReadOnlyList<FieldSpec> Describe(JsonObject root)
    {
        var fields = new List<FieldSpec> { new("/pauses", FieldKind.Group, "Pauser") };
        for (var i = 0; i < (DraftEditor.ArrayAt(root, "/pauses") ?? []).Count; i++)
        {
            fields.AddRange(
            [
                new($"/pauses/{i}", FieldKind.Group, "Pause"),
                new($"/pauses/{i}/name", FieldKind.Text, "Navn på pausen"),
                new($"/pauses/{i}/from", FieldKind.Text, "Fra (MM-dd)", "For eksempel 07-01 for 1. juli."),
                new($"/pauses/{i}/to", FieldKind.Text, "Til og med (MM-dd)", "For eksempel 07-31."),
            ]);
        }

        fields.AddRange(
        [
            new("/reminders", FieldKind.Presence, "Send påminnelser om frister",
                "Uten egne regler brukes standardreglene."),
            new("/reminders/daysBefore", FieldKind.NumberList, "Dager før fristen", "Tall skilt med komma, for eksempel 7, 1.", Default: "7, 1"),
            new("/reminders/daysAfter", FieldKind.NumberList, "Dager etter fristen", "Tall skilt med komma.", Default: "1"),
            new("/reminders/repeatEveryDays", FieldKind.Number, "Gjenta hver n-te dag når fristen er passert", Default: "7"),
            new("/reminders/maxRepeats", FieldKind.OptionalNumber, "Høyst så mange gjentakelser", "Tomt betyr 3."),
            new("/reminders/escalateAfterDays", FieldKind.Number, "Varsle når fristen er passert med så mange dager", Default: "14"),
            new("/reminders/escalateTo", FieldKind.Lines, "Hvem varsles", "Én per linje: «programeier» eller navnet på en organisasjon. Tomt betyr programeier."),
            new("/statusCompilation", FieldKind.Presence, "Send statussammenstilling"),
            new("/statusCompilation/frequency", FieldKind.Select, "Hvor ofte", Options: Options(("weekly", "Hver uke"), ("monthly", "Hver måned")), Default: "monthly"),
            new("/statusCompilation/dayOfWeek", FieldKind.Select, "Ukedag (når den sendes hver uke)", Options: Weekdays, Optional: true),
            new("/statusCompilation/dayOfMonth", FieldKind.OptionalNumber, "Dag i måneden (når den sendes hver måned)", "1–28."),
            new("/statusCompilation/time", FieldKind.Text, "Klokkeslett (TT:MM)", Default: "08:00"),
            new("/statusCompilation/timeZone", FieldKind.Text, "Tidssone", Default: "Europe/Oslo"),
            new("/statusCompilation/recipients", FieldKind.Lines, "Mottakere", "Én organisasjon per linje, for eksempel KS."),
        ]);
        return fields;
    }

    protected override bool Owns(string pointer) =>
        DraftEditor.Segments(pointer).FirstOrDefault() is "pauses" or "reminders" or "statusCompilation";

    protected override bool Lists(string arrayPointer) => arrayPointer == "/pauses";

    protected override (JsonNode Item, string Done)? NewItem(JsonObject root, string arrayPointer) =>
        arrayPointer == "/pauses"
            ? (new JsonObject { ["name"] = "Sommerferie", ["from"] = "07-01", ["to"] = "07-31" }, "En pause er lagt til; endre navn og datoer.")
            : null;
}
