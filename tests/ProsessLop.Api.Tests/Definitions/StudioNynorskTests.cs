using System.Net;
using System.Net.Http.Json;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.Language;
using ProsessLop.Api.Tests.People;
using static ProsessLop.Api.Tests.Language.PageWords;

namespace ProsessLop.Api.Tests.Definitions;

/// The studio's pages in the reader's standard. The validator's problems and the diff's sentences come
/// from the workflow core and are not checked here; the draft's own texts are data (shown as written).
public sealed class StudioNynorskTests(DemoPagesApp app) : IClassFixture<DemoPagesApp>
{
    private async Task<string> PageAsync(string acceptLanguage)
    {
        var owner = await app.SignedInToPagesAsync();
        owner.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return await PageWords.PageAsync(await owner.GetAsync("/studio"));
    }

    [Fact]
    public async Task The_studio_start_page_reads_nynorsk_to_an_owner_who_reads_nynorsk()
    {
        var nn = await PageAsync("nn-NO");
        Assert.Contains("lang=\"nn\"", nn);
        Reads(nn,
            ["Her lagar og endrar programeigarar utviklingsprogram", "Start eit nytt utkast", "Publiserte program</h2>", "<h3 id=\"program-fremtidens-kulturskole\">Framtidas kulturskule</h3>",
             "Eigd av KS og Norsk kulturskoleråd.", "<th scope=\"col\">Kjelde</th>", "Last ned <span class=\"visually-hidden\">versjon 2 av Framtidas kulturskule</span> som fil"],
            ["Her lager og endrer programeiere", "Start et nytt utkast", "Publiserte programmer", "Eies av", "<th scope=\"col\">Kilde</th>"]);

        var nb = await PageAsync("nb-NO");
        Reads(nb,
            ["Her lager og endrer programeiere utviklingsprogrammer", "Start et nytt utkast", "Publiserte programmer</h2>", "Fremtidens kulturskole</h3>", "Eies av KS og Norsk kulturskoleråd.",
             "Last ned <span class=\"visually-hidden\">versjon 1 av Fremtidens kulturskole</span> som fil"],
            ["programeigarar", "Start eit", "Eigd av", "Kjelde", "Framtidas kulturskule"]);
    }

    private async Task<HttpClient> ReaderAsync(string acceptLanguage)
    {
        var owner = await app.SignedInToPagesAsync();
        owner.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return owner;
    }

    // A draft of a shipped definition (v1: bokmål data only), so the editor has stages, tasks and reports to show.
    private async Task<(Guid Id, string StageKey)> DraftAsync()
    {
        var api = app.ClientAs(Roles.Owner);
        var draft = await (await api.PostAsJsonAsync("/api/definitions/drafts", new { key = "fremtidens-kulturskole", basedOnVersion = 1 })).JsonAsync(HttpStatusCode.Created);
        var stage = draft.GetProperty("definition").GetProperty("stages")[0].GetProperty("key").GetString()!;
        return (draft.GetProperty("id").GetGuid(), stage);
    }

    [Fact]
    public async Task The_editor_pages_read_nynorsk_to_an_owner_who_reads_nynorsk_and_bokmal_to_one_who_reads_bokmal()
    {
        var (id, stage) = await DraftAsync();
        var nn = await ReaderAsync("nn-NO");
        var nb = await ReaderAsync("nb-NO");

        var about = await PageWords.PageAsync(await nn.GetAsync($"/studio/utkast/{id}"));
        Assert.Contains("lang=\"nn\"", about);
        Reads(about,
            ["Alt på sida blir lagra samla", ">Lagre</button>", "Namn på programmet", "Eigarar (organisasjonar)", "Kven kan delta", "Kommunar", "Fasar (i rekkjefølgje)",
             "Legg til ein fase", "nøkkelen kan ikkje endrast", "Pausar, påminningar og status</a>", "Endringar</a>", "(veke 0–"],
            ["Alt på siden lagres samlet", "Navn på programmet", "Eiere (organisasjoner)", "Hvem kan delta", "Faser (i rekkefølge)", "Legg til en fase",
             "kan ikke endres", "Pauser, påminnelser og status", "Endringer</a>", "(uke "]);
        var aboutNb = await PageWords.PageAsync(await nb.GetAsync($"/studio/utkast/{id}"));
        Reads(aboutNb,
            ["Alt på siden lagres samlet", "Navn på programmet", "Eiere (organisasjoner)", "Hvem kan delta", "Faser (i rekkefølge)", "Legg til en fase", "Endringer</a>", "(uke 0–"],
            ["på sida", "Namn på", "Eigarar", "Kven kan", "Fasar", "ein fase", "Endringar", "veke"]);

        var stagePage = await PageWords.PageAsync(await nn.GetAsync($"/studio/utkast/{id}/fase/{stage}"));
        Reads(stagePage,
            ["Om fasen", "Namn på fasen", "Startar i veke", "Veker etter programstart", "Oppgåver</h2>", "Oppgåve 1: ", "Namn på oppgåva", "Unik i heile programmet.",
             "Obligatorisk (elles valfri)", "Ansvarleg", "Koordinator", "Programeigar", "Styringsgruppa", "Frist rekna frå", "starten på fasen", "Dagar i tillegg",
             "Legg til ei oppgåve", "Rapportar</h2>", "Legg til ein rapport", "Avgjerdspunkt: når kan fasen avsluttast?", "Oppgåver som må vere ferdige",
             "Programeigaren avgjer når fasen er ferdig"],
            ["Navn på fasen", "Starter i uke", "Oppgaver</h2>", "Oppgave 1:", "Navn på oppgaven", "Ansvarlig<", "Frist regnet fra", "fasens start", "Dager i tillegg",
             "Legg til en oppgave", "Rapporter</h2>", "Beslutningspunkt", "Programeier beslutter"]);

        var settings = await PageWords.PageAsync(await nn.GetAsync($"/studio/utkast/{id}/innstillinger"));
        Reads(settings,
            ["<h1>Pausar, påminningar og status</h1>", "I ein pause fell ingen fristar", "Legg til ein pause", "Påminningar</legend>", "Send påminningar om fristar",
             "Dagar før fristen", "Kven blir varsla", "Tomt tyder programeigaren.", "Statussamanstilling</legend>", "Kor ofte", "Kvar månad", "måndag", "Mottakarar"],
            ["Pauser, påminnelser", "I en pause", "Legg til en pause", "Påminnelser</legend>", "Dager før fristen", "Hvem varsles", "Tomt betyr", "Hvor ofte",
             "Hver måned", "mandag", "Mottakere"]);

        // A save says so in the reader's standard, and the pause it added is named in it too.
        var (_, saved) = await StudioEditorTests.SubmitAsync(nn, $"/studio/utkast/{id}/innstillinger", action: "add:/pauses");
        Assert.Contains("Lagra som revisjon 2. Ein pause er lagd til; endre namn og datoar.", saved);
        Assert.Contains("value=\"Sommarferie\"", saved);
        Assert.Matches(@"Pause \d+: Sommarferie", saved);
        HasNoResourceKey(saved);
    }

    [Fact]
    public async Task Publishing_starting_changes_and_moving_read_nynorsk_to_an_owner_who_reads_nynorsk()
    {
        var (id, _) = await DraftAsync();
        var nn = await ReaderAsync("nn-NO");

        var publish = await PageWords.PageAsync(await nn.GetAsync($"/studio/utkast/{id}/publiser"));
        Assert.Contains("lang=\"nn\"", publish);
        Reads(publish,
            ["Feil som hindrar publisering", "Verknad på program som køyrer", "Publisering gjer revisjon 1 til ein ny versjon som ikkje kan endrast", ">Publiser ny versjon</button>",
             "Slett utkastet", "Utkastet og alle revisjonane blir sletta", "Endringar</a>"],
            ["Feil som hindrer", "Virkning på programmer", "Publisering gjør revisjon", "kan ikke endres", "Endringer</a>"]);

        var start = await PageWords.PageAsync(await nn.GetAsync("/studio/nytt"));
        Reads(start,
            ["Eit utkast kan endrast og lagrast så ofte du vil.", "Ny versjon av eit publisert program", "Publisert versjon å byggje på", "Nytt program frå botnen av",
             "Namn på programmet", "Nøkkel (kort namn i adresser og filer)", "Nøkkelen blir ikkje endra mellom versjonar.", "Frå ei fil", "Fil (JSON, høgst"],
            ["Et utkast kan endres", "et publisert program", "bygge på", "fra bunnen av", "Navn på programmet", "endres ikke", "Fra en fil", "høyst"]);

        var changes = await PageWords.PageAsync(await nn.GetAsync($"/studio/utkast/{id}/endringer"));
        Reads(changes,
            ["Endringar i «", "Endra frå versjon 1", "Ingen endringar frå versjon 1.", "Lagra revisjonar", "<th scope=\"col\">Lagra av</th>"],
            ["Endringer i «", "Endret fra versjon", "Ingen endringer", "Lagrede revisjoner", "Lagret av"]);

        var move = await PageWords.PageAsync(await nn.GetAsync("/studio/fremtidens-kulturskole/2/flytt"));
        Reads(move,
            ["Flytt program til ", "køyrer på ein eldre versjon", "Start programmet for ein kommune", "Startdato"],
            ["Flytt programmer", "kjører på en eldre versjon", "Start programmet for en kommune"]);

        // Bokmål stays as it was.
        var nb = await ReaderAsync("nb-NO");
        var bokmal = await PageWords.PageAsync(await nb.GetAsync($"/studio/utkast/{id}/publiser"));
        Reads(bokmal, ["Feil som hindrer publisering", "Virkning på programmer som kjører", "Publisering gjør revisjon 1 til en ny versjon som ikke kan endres"],
            ["hindrar", "Verknad", "gjer revisjon", "køyrer"]);
    }

    [Fact]
    public async Task The_json_view_and_the_diagram_and_calendar_previews_read_nynorsk_to_an_owner_who_reads_nynorsk()
    {
        var (id, _) = await DraftAsync();
        var nn = await ReaderAsync("nn-NO");

        var json = await PageWords.PageAsync(await nn.GetAsync($"/studio/utkast/{id}/json"));
        Reads(json,
            ["Her er heile utkastet som JSON", "skjemaet for programdefinisjonar</a>", "Utkastet som JSON (revisjon 1)", ">Lagre JSON</button>"],
            ["Her er hele utkastet", "programdefinisjoner</a>", "problemene vises"]);

        var diagram = await PageWords.PageAsync(await nn.GetAsync($"/studio/utkast/{id}/diagram"));
        Reads(diagram,
            ["Fasane i rekkjefølgje med oppgåver, rapportar og avgjerdspunktet", "Teikning</h2>", "Last ned teikninga (SVG)", "Det same som tekst",
             "frå programstart.", "Oppgåve: ", "– ansvarleg ", "Når det er bestått, går programmet vidare til fase 2."],
            ["Fasene i rekkefølge", "Tegning</h2>", "Det samme som tekst", "fra programstart.", "Oppgave: ", "– ansvarlig ", "videre til fase"]);

        var calendar = await PageWords.PageAsync(await nn.GetAsync($"/studio/utkast/{id}/kalender?start=2027-03-22"));
        Reads(calendar,
            ["Vel ein startdato og sjå alle fristane", "Første dag i programmet (veke 0)", "Vis kalenderen", "fristar for kommune.",
             "Datoane er norske kalenderdagar (Europe/Oslo) og vekene ISO-veker.", "<th scope=\"col\">Veke</th>", "<th scope=\"col\">Kva</th>", "Oppgåve: "],
            ["Velg en startdato", "(uke 0)", "frister for kommune", "Datoene er norske", "<th scope=\"col\">Uke</th>", "<th scope=\"col\">Hva</th>", "Oppgave: "]);

        var wrong = await PageWords.PageAsync(await nn.GetAsync($"/studio/utkast/{id}/kalender?start=i+morgon"));
        Assert.Contains("«i morgon» er ikkje ein dato.", wrong);
    }
}
