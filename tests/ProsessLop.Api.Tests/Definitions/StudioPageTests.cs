using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Definitions;

/// The pages' demo sign-in, and KS requiring four eyes (the demo owner is an owner for KS).
public class StudioPagesApp : ProsessApp
{
    protected virtual bool FourEyes => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:DevelopmentSignIn", "true");
        if (FourEyes)
        {
            builder.UseSetting("Studio:FourEyes:KS", "true");
        }
    }
}

public sealed class StudioFourEyesApp : StudioPagesApp
{
    protected override bool FourEyes => true;
}

/// What the studio's pages share in tests: posting their forms with the antiforgery token, and the
/// drafts the API makes.
public abstract class StudioPageTestBase(StudioPagesApp app)
{
    protected StudioPagesApp App => app;

    protected HttpClient Api => app.ClientAs(Roles.Owner);

    protected static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string? handler, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await PageClients.AntiforgeryTokenAsync(client, page);
        return await client.PostAsync(handler is null ? page : $"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    protected static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string? handler, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var all = fields.Append(new("__RequestVerificationToken", await PageClients.AntiforgeryTokenAsync(client, page)));
        return await client.PostAsync(handler is null ? page : $"{page}?handler={handler}", new FormUrlEncodedContent(all));
    }

    protected static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    protected static string PathOf(HttpResponseMessage response) => response.RequestMessage!.RequestUri!.AbsolutePath;

    /// The draft a «start» form landed on (its editor page, /studio/utkast/{id}).
    protected static Guid DraftLandedOn(HttpResponseMessage response)
    {
        var match = Regex.Match(PathOf(response), "^/studio/utkast/([0-9a-f-]{36})$");
        Assert.True(match.Success, $"Expected the draft's page, got {PathOf(response)}");
        return Guid.Parse(match.Groups[1].Value);
    }

    protected async Task<JsonNode> DefinitionAsync(Guid id) =>
        JsonNode.Parse((await Api.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}")).GetProperty("definition").GetRawText())!;

    protected async Task SaveAsync(Guid id, JsonNode definition) =>
        await (await Api.PutAsync($"/api/definitions/drafts/{id}", new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json"))).JsonAsync(HttpStatusCode.OK);

    protected static JsonObject Stage(JsonNode definition, string key) =>
        definition["stages"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string)s["key"]! == key);

    protected static JsonObject Task(JsonObject stage, string key) =>
        stage["tasks"]!.AsArray().Select(t => t!.AsObject()).Single(t => (string)t["key"]! == key);
}

/// `/studio`, `/studio/nytt`, `/studio/utkast/{id}/endringer`, `/studio/utkast/{id}/publiser` and
/// `/studio/{key}/{version}/flytt` over HTTP with the pages' sign-in, on real PostgreSQL.
public sealed class StudioPageTests(StudioPagesApp app) : StudioPageTestBase(app), IClassFixture<StudioPagesApp>
{
    [Fact]
    public async Task EveryStudioPage_IsForOwnersOnly()
    {
        var id = (await (await Api.PostAsJsonAsync("/api/definitions/drafts", new { key = "kun-eiere" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var steering = await App.SignedInToPagesAsync("demo-steering");
        foreach (var page in new[] { "/studio", "/studio/nytt", $"/studio/utkast/{id}/endringer", $"/studio/utkast/{id}/publiser", "/studio/fremtidens-kulturskole/1/flytt" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await steering.GetAsync(page)).StatusCode);
        }

        var owner = await App.SignedInToPagesAsync();
        foreach (var page in new[] { "/studio", "/studio/nytt", $"/studio/utkast/{id}/endringer", $"/studio/utkast/{id}/publiser", "/studio/fremtidens-kulturskole/1/flytt" })
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(page)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/studio/utkast/{Guid.NewGuid()}/publiser")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/studio/fremtidens-kulturskole/99/flytt")).StatusCode);
    }

    [Fact]
    public async Task Owner_StartsADraftEmpty_FromAPublishedVersion_AndFromAFile_AndABadFileStoresNothing()
    {
        var owner = await App.SignedInToPagesAsync();
        var form = await owner.GetStringAsync("/studio/nytt");
        Assert.Contains("value=\"fremtidens-kulturskole:1\"", form);

        var invalid = await PostAsync(owner, "/studio/nytt", "Empty", new() { ["name"] = "Studioprogram", ["key"] = "Med Mellomrom" });
        var page = await TextAsync(invalid);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("Nøkkelen har små bokstaver, sifre og enkle bindestreker", page);
        Assert.Matches("id=\"nytt-nokkel\"[^>]*aria-invalid=\"true\"", page);
        Assert.Contains("value=\"Studioprogram\"", page);
        Assert.False(await App.WithDbAsync(db => db.DefinitionDrafts.AnyAsync(d => d.Name == "Studioprogram")));

        var empty = DraftLandedOn(await PostAsync(owner, "/studio/nytt", "Empty", new() { ["name"] = "Studioprogram", ["key"] = "studioprogram" }));
        var started = await App.WithDbAsync(db => db.DefinitionDrafts.SingleAsync(d => d.Id == empty));
        Assert.Equal(("studioprogram", "Studioprogram", (int?)null), (started.Key, started.Name, started.BaseVersion));
        Assert.Equal(["KS"], (await DefinitionAsync(empty))["owners"]!.AsArray().Select(o => (string)o!));

        var taken = await PostAsync(owner, "/studio/nytt", "Empty", new() { ["key"] = "fremtidens-kulturskole" });
        Assert.Contains("finnes allerede", await TextAsync(taken));

        var fromVersion = DraftLandedOn(await PostAsync(owner, "/studio/nytt", "Published", new() { ["source"] = "fremtidens-kulturskole:1" }));
        Assert.Equal(1, (await App.WithDbAsync(db => db.DefinitionDrafts.SingleAsync(d => d.Id == fromVersion))).BaseVersion);
        Assert.Contains("Velg en publisert versjon", await TextAsync(await PostAsync(owner, "/studio/nytt", "Published", new() { ["source"] = "tull" })));

        var drafts = await App.WithDbAsync(db => db.DefinitionDrafts.CountAsync());
        foreach (var (content, message) in new[]
        {
            ("{ \"key\": ", "Ugyldig JSON"),
            ("[1, 2]", "En programdefinisjon er et JSON-objekt"),
            ("{ \"name\": \"Uten nøkkel\" }", "Filen må ha en nøkkel"),
            ("{ \"key\": \"a\\u0000b\" }", "key"),
        })
        {
            var refused = await UploadAsync(owner, content);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var text = await TextAsync(refused);
            Assert.Contains(message, text);
            Assert.Matches("id=\"fil\"[^>]*aria-invalid=\"true\"", text);
        }

        Assert.Equal(drafts, await App.WithDbAsync(db => db.DefinitionDrafts.CountAsync()));

        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(ProsessLop.Api.Infrastructure.RepositoryRoot.Find(AppContext.BaseDirectory), "workflows", "fremtidens-kulturskole", "v1.json")))!;
        file["key"] = "fra-fil";
        var uploaded = DraftLandedOn(await UploadAsync(owner, file.ToJsonString()));
        Assert.Equal("fra-fil", (await App.WithDbAsync(db => db.DefinitionDrafts.SingleAsync(d => d.Id == uploaded))).Key);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string content)
    {
        var body = new MultipartFormDataContent
        {
            { new StringContent(await PageClients.AntiforgeryTokenAsync(client, "/studio/nytt")), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        body.Add(file, "file", "program.json");
        return await client.PostAsync("/studio/nytt?handler=Upload", body);
    }

    [Fact]
    public async Task Home_ListsDraftsWithTheirProblems_AndVersionsToDownload_AndDeletesADraft()
    {
        var owner = await App.SignedInToPagesAsync();
        var id = DraftLandedOn(await PostAsync(owner, "/studio/nytt", "Empty", new() { ["name"] = "Forsiden", ["key"] = "forsiden" }));
        var json = await DefinitionAsync(id);
        json["participantKinds"] = new JsonArray();
        await SaveAsync(id, json);
        var problems = (await Api.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}")).GetProperty("problems").GetArrayLength();
        Assert.True(problems > 0);

        var home = WebUtility.HtmlDecode(await owner.GetStringAsync("/studio"));
        Assert.Contains($"href=\"/studio/utkast/{id}\">Forsiden</a>", home);
        Assert.Contains("Test owner", home); // the last save was the API's owner
        Assert.Contains($"<td class=\"num\">{problems}</td>", home);
        Assert.Contains("Nytt program", home);
        Assert.Contains("Nytt utkast av denne", home);
        Assert.Contains("Fil ", home);

        var download = Regex.Match(home, "href=\"(/studio\\?handler=File&key=fremtidens-kulturskole&version=1)\" download");
        Assert.True(download.Success);
        var file = await owner.GetAsync(download.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("fremtidens-kulturskole-v1.json", file.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("fremtidens-kulturskole", JsonNode.Parse(await file.Content.ReadAsStringAsync())!["key"]!.GetValue<string>());

        var deleted = await PostAsync(owner, "/studio", "Delete", new() { ["draftId"] = id.ToString() });
        Assert.Contains("Utkastet er slettet.", await TextAsync(deleted));
        Assert.False(await App.WithDbAsync(db => db.DefinitionDrafts.AnyAsync(d => d.Id == id)));
    }

    [Fact]
    public async Task Changes_ShowsTheRevisions_TheChangesFromTheBaseInWords_AndBetweenTwoRevisions()
    {
        var owner = await App.SignedInToPagesAsync();
        var id = DraftLandedOn(await PostAsync(owner, "/studio/nytt", "Published", new() { ["source"] = "ks-utviklingsnettverk:1" }));
        var json = await DefinitionAsync(id);
        var firstStage = json["stages"]![0]!.AsObject();
        var stageName = (string)firstStage["name"]!;
        firstStage["name"] = "Nytt fasenavn";
        await SaveAsync(id, json);
        json["description"] = "Ny beskrivelse";
        await SaveAsync(id, json);

        var page = WebUtility.HtmlDecode(await owner.GetStringAsync($"/studio/utkast/{id}/endringer"));
        Assert.Contains("Endret fra versjon 1", page);
        Assert.Contains("Nytt fasenavn", page);
        Assert.Contains("<td>3</td>", page);
        Assert.Contains("aria-current=\"page\">Endringer</a>", page);

        var between = WebUtility.HtmlDecode(await owner.GetStringAsync($"/studio/utkast/{id}/endringer?fra=1&til=2"));
        Assert.Contains("Fra revisjon 1 til revisjon 2", between);
        Assert.Contains(stageName, between[between.IndexOf("Fra revisjon 1 til revisjon 2", StringComparison.Ordinal)..]);
        var same = WebUtility.HtmlDecode(await owner.GetStringAsync($"/studio/utkast/{id}/endringer?fra=2&til=2"));
        Assert.Contains("Ingen endringer mellom revisjonene.", same);
    }

    [Fact]
    public async Task Publish_LinksEachProblemToItsPage_RefusesThem_ShowsTheImpact_ThenPublishes_AndMovesProgrammes()
    {
        var programme = await App.StartAsync("3201");
        var next = App.Services.GetRequiredService<DefinitionRegistry>().Latest("fremtidens-kulturskole")!.Version + 1; // after the shipped versions
        var owner = await App.SignedInToPagesAsync();
        var id = DraftLandedOn(await PostAsync(owner, "/studio/nytt", "Published", new() { ["source"] = "fremtidens-kulturskole:1" }));
        var json = await DefinitionAsync(id);
        Task(Stage(json, "kartlegging"), "beskrive-nasituasjon")["deadline"]!["from"] = "ukjent";
        await SaveAsync(id, json);

        var page = await TextAsync(await owner.GetAsync($"/studio/utkast/{id}/publiser"));
        Assert.Contains($"href=\"/studio/utkast/{id}/fase/kartlegging\"", page);
        Assert.Contains("/stages/1/tasks/1/deadline", page);
        Assert.Contains("Virkningen kan vises når feilene er rettet.", page);

        var refused = await TextAsync(await PostAsync(owner, $"/studio/utkast/{id}/publiser", "Publish", new Dictionary<string, string>()));
        Assert.Contains("Utkastet kan ikke publiseres før", refused);
        Assert.False(await App.WithDbAsync(db => db.PublishedDefinitions.AnyAsync(p => p.Key == "fremtidens-kulturskole" && p.Version == next)));

        Task(Stage(json, "kartlegging"), "beskrive-nasituasjon")["deadline"]!["from"] = "programmeStart";
        Task(Stage(json, "kartlegging"), "beskrive-nasituasjon")["deadline"]!["weeks"] = 6;
        await SaveAsync(id, json);
        var impact = await TextAsync(await owner.GetAsync($"/studio/utkast/{id}/publiser"));
        Assert.Contains("Ingen feil: utkastet kan publiseres.", impact);
        Assert.Contains("1 program kjører på eldre versjoner.", impact);
        Assert.Contains("oppgave «Beskrive nåsituasjonen»: frist flyttes 14 dager senere", impact);
        Assert.Contains("Bærum (versjon 1)", impact);

        var published = await PostAsync(owner, $"/studio/utkast/{id}/publiser", "Publish", new Dictionary<string, string>());
        Assert.Equal($"/studio/fremtidens-kulturskole/{next}/flytt", PathOf(published));
        var migrate = await TextAsync(published);
        Assert.Contains($"Versjon {next} er publisert.", migrate);
        Assert.Contains($"value=\"{programme}\"", migrate);
        Assert.Contains("Bærum (versjon 1", migrate);

        var page2 = $"/studio/fremtidens-kulturskole/{next}/flytt";
        Assert.Contains("Velg minst ett program", await TextAsync(await PostAsync(owner, page2, null, new Dictionary<string, string> { ["apply"] = "false" })));
        var all = await TextAsync(await PostAsync(owner, page2, null, new Dictionary<string, string> { ["all"] = "true", ["apply"] = "false" }));
        Assert.Contains("1 kan flyttes.", Regex.Replace(Regex.Replace(all, "<[^>]+>", ""), @"\s+", " "));

        var trial = await TextAsync(await PostAsync(owner, page2, null, new Dictionary<string, string> { ["programmeIds"] = programme.ToString(), ["apply"] = "false" }));
        Assert.Contains("Resultat av prøven (ingenting er endret)", trial);
        Assert.Contains("Bærum: kan flyttes", Regex.Replace(Regex.Replace(trial, "<[^>]+>", ""), @"\s+", " "));
        Assert.Equal(1, await App.WithDbAsync(db => db.Programmes.Where(p => p.Id == programme).Select(p => p.DefinitionVersion).SingleAsync()));

        var unknown = Guid.NewGuid();
        var moved = await TextAsync(await PostAsync(owner, page2, null,
            [new("programmeIds", programme.ToString()), new("programmeIds", unknown.ToString()), new("apply", "true")]));
        var words = Regex.Replace(Regex.Replace(moved, "<[^>]+>", ""), @"\s+", " ");
        Assert.Contains("1 flyttet, 1 avvist", words);
        Assert.Contains("Bærum: flyttet", words);
        Assert.Contains($"{unknown}: avvist –", words);
        Assert.Equal(next, await App.WithDbAsync(db => db.Programmes.Where(p => p.Id == programme).Select(p => p.DefinitionVersion).SingleAsync()));
        Assert.Contains("Ingen programmer kjører på en eldre versjon", moved);

        // The published draft's page says so.
        Assert.Contains($"Utkastet er publisert som versjon {next}", await TextAsync(await owner.GetAsync($"/studio/utkast/{id}/publiser")));
    }

    [Fact]
    public async Task PublishingAnotherOrganisationsProgramme_IsRefusedAtTheButton_NotWithAnErrorPage()
    {
        TestPeople.EnsureOwner(App.ConnectionString, "eier-fylket", "Eier i fylket", "Fylkesnettverket");
        var other = App.ClientForPerson("eier-fylket");
        var id = (await (await other.PostAsJsonAsync("/api/definitions/drafts", new { key = "fylkets-studioprogram" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var owner = await App.SignedInToPagesAsync();
        var refused = await PostAsync(owner, $"/studio/utkast/{id}/publiser", "Publish", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await TextAsync(refused);
        Assert.Contains("eies av Fylkesnettverket. Du er programeier for KS", page);
        Assert.Matches("<button type=\"submit\" class=\"primary\" aria-describedby=\"publiser-feil\">", page);
        Assert.False(await App.WithDbAsync(db => db.PublishedDefinitions.AnyAsync(p => p.Key == "fylkets-studioprogram")));

        // Deleting it from the publish page asks first, then leads back to the studio.
        Assert.Contains("Ja, slett «Nytt utviklingsprogram»", page);
        var deleted = await PostAsync(owner, $"/studio/utkast/{id}/publiser", "Delete", new Dictionary<string, string>());
        Assert.Equal("/studio", PathOf(deleted));
        Assert.Contains("Utkastet er slettet.", await TextAsync(deleted));
        Assert.False(await App.WithDbAsync(db => db.DefinitionDrafts.AnyAsync(d => d.Id == id)));
    }
}

/// The publish page where KS requires four eyes: a second owner approves the revision on the page.
public sealed class StudioFourEyesPageTests(StudioFourEyesApp app) : StudioPageTestBase(app), IClassFixture<StudioFourEyesApp>
{
    [Fact]
    public async Task ASecondOwner_ApprovesOnThePublishPage_ThenItPublishes()
    {
        // Saved by the API's owner; the demo owner is the second pair of eyes.
        var id = (await (await Api.PostAsJsonAsync("/api/definitions/drafts", new { key = "to-par-oyne" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var owner = await App.SignedInToPagesAsync();
        var page = await TextAsync(await owner.GetAsync($"/studio/utkast/{id}/publiser"));
        Assert.Contains("KS krever at en annen programeier enn den som lagret, godkjenner revisjonen", page);
        Assert.Contains("Revisjon 1, lagret av Test owner, er ikke godkjent ennå.", page);

        var refused = await TextAsync(await PostAsync(owner, $"/studio/utkast/{id}/publiser", "Publish", new Dictionary<string, string>()));
        Assert.Contains("KS krever godkjenning av to programeiere", refused);

        var approved = await TextAsync(await PostAsync(owner, $"/studio/utkast/{id}/publiser", "Approve", new() { ["revision"] = "1", ["note"] = "Lest" }));
        Assert.Contains("Revisjon 1 er godkjent.", approved);
        Assert.Contains("Revisjon 1 er godkjent av Programeier (KS)", approved);

        var published = await PostAsync(owner, $"/studio/utkast/{id}/publiser", "Publish", new Dictionary<string, string>());
        Assert.Equal("/studio/to-par-oyne/1/flytt", PathOf(published));
        Assert.True(await App.WithDbAsync(db => db.PublishedDefinitions.AnyAsync(p => p.Key == "to-par-oyne" && p.Version == 1)));
    }
}
