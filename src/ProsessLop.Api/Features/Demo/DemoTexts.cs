using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.Demo;

/// What the demo municipalities write in their reports: short, plausible texts in the pilot's
/// words (dialoghefte, samskaping, fremtidsbilde), so the theme page reads like the pilot's.
public static class DemoTexts
{
    private static readonly Dictionary<string, string> BySection = new()
    {
        ["forankring"] = "Kommunestyret vedtok å delta i utviklingsprogrammet, og kommunedirektøren har forankret arbeidet i ledergruppen.",
        ["kommunegruppe"] = "Kommunegruppen har skoleeier, kulturskolerektor, to lærere, en representant fra helse og en fra frivilligheten. Politikere er invitert til samlingene.",
        ["forventninger"] = "Vi venter å få et felles bilde av hva kulturskolen skal være for innbyggerne, og en plan vi kan gjennomføre.",
        ["nasituasjon"] = "Kulturskolen når i dag om lag hvert femte barn i grunnskolen. Tilbudet er mest brukt i sentrum.",
        ["fremtidsbilde"] = "Fremtidsbildet: kulturskolen er et kraftsenter som samarbeider med skole, barnehage og frivillige lag i hele kommunen.",
        ["gap"] = "Gapet ligger særlig i samarbeid på tvers av tjenestene og i tilbud til barn som ikke deltar i dag.",
        ["nokkeltall"] = "Elevplasser, venteliste og andel elever fra hver skolekrets er samlet inn.",
        ["utviklingsomrader"] = "Vi har valgt to utviklingsområder: kulturskolen som ressurs i skole og barnehage, og et lavterskeltilbud i bydelene.",
        ["mal"] = "Flere barn deltar, og flere skoler har et fast samarbeid med kulturskolen innen utgangen av programmet.",
        ["tiltak"] = "Kulturskolelærere i skoletiden, åpne verksteder på fritidsklubbene og en felles planleggingsdag med skolene.",
        ["suksesskriterier"] = "Vi måler deltakelse, samarbeidsavtaler og hva elever, foreldre og lærere sier i tilbakemeldingene.",
        ["framdrift"] = "Forsøkene er i gang på tre skoler, og det første verkstedet er gjennomført.",
        ["laering"] = "Samskaping med elever og foreldre ga bedre tiltak enn dem vi hadde planlagt selv. Det tar tid, og det er verdt det.",
        ["risiko"] = "Tid til samarbeid i skolehverdagen er den største risikoen.",
        ["veien-videre"] = "Vi justerer forsøkene etter tilbakemeldingene og tar dem med i neste års budsjett.",
        ["maloppnaelse"] = "Deltakelsen har økt, og fire skoler har nå en fast avtale med kulturskolen.",
        ["tilbakemeldinger"] = "Elevene trekker fram at de fikk være med og bestemme. Lærerne vil fortsette samarbeidet.",
        ["sammendrag"] = "Kommunen har gjennomført utviklingsprogrammet og samarbeider nå fast på tvers av kulturskole, skole og frivillighet.",
        ["resultater"] = "Flere barn deltar, og kulturskolen er tatt inn i kommunens planer for oppvekst og folkehelse.",
        ["film"] = "Filmen viser samskapingsmøtene og et av verkstedene.",
        ["anbefalinger"] = "Vi anbefaler at kulturskolen tas med i kommunens planarbeid fra starten, og at samskaping får tid og ressurser.",
        ["begrunnelse"] = "Anbefalingene bygger på erfaringene fra forsøkene og på tilbakemeldingene fra elever, foreldre og lærere.",
    };

    public static string Section(string municipality, string reportKey, ReportSection section) =>
        BySection.TryGetValue(section.Key, out var text) ? $"{municipality}: {text}" : $"{municipality}: {section.Title}.";

    /// A film with the final report, as the pilot municipalities made (a link; the demo never fetches it).
    public static (string Title, string Url)? Film(string municipality, string reportKey) =>
        reportKey == "sluttrapport" ? ($"Film: Fremtidens kulturskole i {municipality}", $"https://film.example.org/fremtidens-kulturskole/{Uri.EscapeDataString(municipality.ToLowerInvariant())}") : null;
}
