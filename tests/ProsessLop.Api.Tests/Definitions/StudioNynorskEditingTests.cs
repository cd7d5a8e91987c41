using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.People;

namespace ProsessLop.Api.Tests.Definitions;

/// Owners write a definition's texts in both standards in the studio: a nynorsk field beside each
/// bokmål one, saved into the draft's "nn" (empty: the plain string serves both), and an edit of
/// the bokmål never loses the nynorsk that was there.
public sealed class StudioNynorskEditingTests(DemoPagesApp app) : IClassFixture<DemoPagesApp>
{
    private HttpClient Api => app.ClientAs(Roles.Owner);

    private async Task<JsonNode> DefinitionAsync(Guid id) =>
        JsonNode.Parse((await Api.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}")).GetProperty("definition").GetRawText())!;

    private async Task<int> RevisionAsync(Guid id) =>
        (await Api.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}")).GetProperty("revision").GetInt32();

    // A draft of the shipped v2, which has nynorsk beside every text.
    private async Task<Guid> DraftOfV2Async()
    {
        var draft = await (await Api.PostAsJsonAsync("/api/definitions/drafts", new { key = "fremtidens-kulturskole", basedOnVersion = 2 })).JsonAsync(HttpStatusCode.Created);
        return draft.GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Editing_the_bokmal_of_a_stage_keeps_every_nynorsk_text_on_the_page()
    {
        var id = await DraftOfV2Async();
        var owner = await app.SignedInToPagesAsync();
        var before = await DefinitionAsync(id);
        var stage = (string)before["stages"]![0]!["key"]!;

        var (response, _) = await StudioEditorTests.SubmitAsync(owner, $"/studio/utkast/{id}/fase/{stage}",
            f => f.Set("/stages/0/tasks/0/name", "Utpeke en kontaktperson for programmet"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var after = await DefinitionAsync(id);
        Assert.Equal(2, await RevisionAsync(id));
        Assert.Equal("Utpeke en kontaktperson for programmet", (string)after["stages"]![0]!["tasks"]![0]!["name"]!["nb"]!);
        Assert.Equal("Peike ut kontaktperson for programmet", (string)after["stages"]![0]!["tasks"]![0]!["name"]!["nn"]!);
        // Everything else on the page, reflection prompts too, is exactly as it was.
        after["stages"]![0]!["tasks"]![0]!["name"]!["nb"] = (string)before["stages"]![0]!["tasks"]![0]!["name"]!["nb"]!;
        Assert.True(JsonNode.DeepEquals(before, after), after["stages"]![0]!.ToJsonString());
    }

    private async Task<HttpClient> ReaderAsync(string acceptLanguage)
    {
        var client = await app.SignedInToPagesAsync();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await PageClients.AntiforgeryTokenAsync(client, page);
        return await client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task An_owner_writes_nynorsk_beside_the_bokmal_publishes_and_a_nynorsk_reader_reads_it()
    {
        var owner = await ReaderAsync("nb-NO");
        var started = await PostAsync(owner, "/studio/nytt", "Empty", new() { ["name"] = "Språkprøve", ["key"] = "sprakprove" });
        var id = Guid.Parse(started.RequestMessage!.RequestUri!.AbsolutePath.Split('/')[^1]);
        var about = $"/studio/utkast/{id}";

        // A nynorsk field beside each bokmål text, labelled and marked as nynorsk.
        var html = WebUtility.HtmlDecode(await owner.GetStringAsync(about));
        Assert.Matches("<label for=\"f-name-nn\">Nynorsk<span class=\"visually-hidden\">: Navn på programmet</span></label>", html);
        Assert.Matches("<input type=\"text\" id=\"f-name-nn\" name=\"/name/nn\" value=\"\"[^>]*lang=\"nn\"[^>]*aria-describedby=\"f-name-nn-hint\"", html);
        Assert.Matches("id=\"f-name\" name=\"/name\" value=\"Språkprøve\"[^>]*lang=\"nb\"", html);
        Assert.Matches("<textarea id=\"f-description-nn\" name=\"/description/nn\"[^>]*lang=\"nn\"", html);

        await StudioEditorTests.SubmitAsync(owner, about, f => f.Set("/name/nn", "Språkprøva").Set("/description/nn", "Skildra programmet her."));
        var stage = $"/studio/utkast/{id}/fase/oppstart";
        var (saved, _) = await StudioEditorTests.SubmitAsync(owner, stage, f => f
            .Set("/stages/0/name/nn", "Byrjing")
            .Set("/stages/0/tasks/0/name/nn", "Første oppgåva")
            .Set("/stages/0/reflectionPrompts", "Hva har dere lært?\nHvem bør vite det?")
            .Set("/stages/0/reflectionPrompts/nn", "Kva har de lært?\n"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var definition = await DefinitionAsync(id);
        Assert.Equal("""{"nb":"Språkprøve","nn":"Språkprøva"}""", definition["name"]!.ToJsonString(Plain));
        Assert.Equal("""{"nb":"Beskriv programmet her.","nn":"Skildra programmet her."}""", definition["description"]!.ToJsonString(Plain));
        Assert.Equal("""{"nb":"Oppstart","nn":"Byrjing"}""", definition["stages"]![0]!["name"]!.ToJsonString(Plain));
        Assert.Equal("""{"nb":"Første oppgave","nn":"Første oppgåva"}""", definition["stages"]![0]!["tasks"]![0]!["name"]!.ToJsonString(Plain));
        // Line for line; the second prompt has no nynorsk, so it stays one plain text for both.
        Assert.Equal("""[{"nb":"Hva har dere lært?","nn":"Kva har de lært?"},"Hvem bør vite det?"]""", definition["stages"]![0]!["reflectionPrompts"]!.ToJsonString(Plain));
        Assert.Null(definition["stages"]![0]!["description"]);

        // The nynorsk shows in its field again; emptied, the text is a plain string again.
        Assert.Contains("value=\"Byrjing\"", WebUtility.HtmlDecode(await owner.GetStringAsync(stage)));
        await StudioEditorTests.SubmitAsync(owner, about, f => f.Set("/description/nn", ""));
        Assert.Equal("\"Beskriv programmet her.\"", (await DefinitionAsync(id))["description"]!.ToJsonString(Plain));

        // The check names what still lacks nynorsk, where it is, in the reader's standard, linked to the nynorsk field.
        var nn = await ReaderAsync("nn-NO");
        var check = WebUtility.HtmlDecode(await nn.GetStringAsync($"/studio/utkast/{id}/publiser"));
        Assert.Contains("<h2 id=\"nynorsk\">Tekstar utan nynorsk (hindrar ikkje publisering)</h2>", check);
        Assert.Contains("2 tekstar som folk les, har berre bokmål.", check);
        Assert.Contains($"<a href=\"/studio/utkast/{id}#f-description-nn\">Skildringa av programmet</a>", check);
        Assert.Contains($"<a href=\"/studio/utkast/{id}/fase/oppstart#f-stages-0-reflectionPrompts-nn\">Fase «Byrjing»: refleksjonsspørsmål 2</a>", check);
        var nb = WebUtility.HtmlDecode(await owner.GetStringAsync($"/studio/utkast/{id}/publiser"));
        Assert.Contains("Beskrivelsen av programmet</a>", nb);
        Assert.Contains("Fase «Oppstart»: refleksjonsspørsmål 2</a>", nb);

        var published = await PostAsync(owner, $"/studio/utkast/{id}/publiser", "Publish", []);
        Assert.Equal("/studio/sprakprove/1/flytt", published.RequestMessage!.RequestUri!.AbsolutePath);
        var content = await app.WithDbAsync(db => db.PublishedDefinitions.Where(p => p.Key == "sprakprove").Select(p => p.Content).SingleAsync());
        Assert.Equal("Språkprøva", (string)JsonNode.Parse(content!)!["name"]!["nn"]!);

        // A programme on the new version reads nynorsk to a nynorsk reader, bokmål to a bokmål reader.
        var programme = await app.StartAsync("3201", definition: "sprakprove");
        var nynorsk = WebUtility.HtmlDecode(await nn.GetStringAsync($"/deltaker/{programme}"));
        Assert.Contains("Språkprøva", nynorsk);
        Assert.Contains("Byrjing", nynorsk);
        // The stage's task table (the «open now» list takes its names from the workflow core's agenda, in bokmål: not the studio's part).
        Assert.Contains("<th scope=\"row\">Første oppgåva</th>", nynorsk);
        var bokmal = WebUtility.HtmlDecode(await owner.GetStringAsync($"/deltaker/{programme}"));
        Assert.Contains("Første oppgave", bokmal);
        Assert.DoesNotContain("Første oppgåva", bokmal);
    }

    [Fact]
    public async Task A_refused_text_stands_next_to_its_field_and_nothing_is_saved()
    {
        var owner = await ReaderAsync("nb-NO");
        var id = await DraftOfV2Async();
        var before = await DefinitionAsync(id);
        var stage = $"/studio/utkast/{id}/fase/{(string)before["stages"]![0]!["key"]!}";

        var (refused, html) = await StudioEditorTests.SubmitAsync(owner, stage, f => f
            .Set("/stages/0/name/nn", new string('å', 201))
            .Set("/stages/0/tasks/0/name", "Utpeke\u0007kontaktperson")
            .Set("/stages/0/tasks/0/description/nn", "Ei skildring utan bokmål")
            .Set("/stages/0/reflectionPrompts/nn", "Eitt\nTo\nTre"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Ingenting er lagret: rett feltene som er merket, og lagre på nytt.", html);
        Assert.Matches("id=\"f-stages-0-name-nn\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"f-stages-0-name-nn-hint f-stages-0-name-nn-feil\"", html);
        Assert.Matches("<p class=\"field-error\" id=\"f-stages-0-name-nn-feil\">\\s*<span>Teksten kan ha høyst 200 tegn \\(nå har den 201\\)\\.</span>", html);
        Assert.Contains("<a href=\"#f-stages-0-name-nn\">Teksten kan ha høyst 200 tegn (nå har den 201).</a>", html);
        Assert.Matches("id=\"f-stages-0-tasks-0-name-feil\">\\s*<span>Teksten har et usynlig kontrolltegn", html);
        Assert.Matches("id=\"f-stages-0-tasks-0-description-nn-feil\">\\s*<span>Skriv bokmålsteksten også", html);
        Assert.Matches("id=\"f-stages-0-reflectionPrompts-nn-feil\">\\s*<span>Nynorsken har 3 linjer, men bokmålet har bare 2 spørsmål.", html);
        // What was typed is shown again, to be corrected.
        Assert.Contains(">Ei skildring utan bokmål</textarea>", html);
        Assert.Equal(1, await RevisionAsync(id));
        Assert.True(JsonNode.DeepEquals(before, await DefinitionAsync(id)));

        // A NUL is refused for every form before any page reads it (InputBoundary): nothing saved either.
        var (nul, _) = await StudioEditorTests.SubmitAsync(owner, stage, f => f.Set("/stages/0/name/nn", "For\0ankring"));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Equal(1, await RevisionAsync(id));

        // In the reader's standard.
        var nn = await ReaderAsync("nn-NO");
        var (_, nynorsk) = await StudioEditorTests.SubmitAsync(nn, stage, f => f.Set("/stages/0/name/nn", new string('å', 201)));
        Assert.Contains("Teksten kan ha høgst 200 teikn (no har han 201).", nynorsk);
        Assert.Contains("Ingenting er lagra", nynorsk);
        Assert.Equal(1, await RevisionAsync(id));
    }

    private static readonly JsonSerializerOptions Plain = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
