using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Pages.Studio;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.People;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Tests.Definitions;

/// The studio's diagram and calendar pages for a draft, signed in to the pages as a person, on
/// real PostgreSQL: what an owner sees, and that no one else sees it.
public sealed class DraftPreviewPageTests(DemoPagesApp app) : IClassFixture<DemoPagesApp>
{
    private HttpClient Api => app.ClientAs(Roles.Owner);

    private async Task<(Guid Id, ProgrammeDefinition Definition)> StartDraftAsync(object body)
    {
        var draft = await (await Api.PostAsJsonAsync("/api/definitions/drafts", body)).JsonAsync(HttpStatusCode.Created);
        return (draft.GetProperty("id").GetGuid(), DefinitionJson.Read(draft.GetProperty("definition").GetRawText()));
    }

    private static async Task<string> PageAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.Equal(expected, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Owner_SeesTheDefaultDefinitionsDiagram_AsValidSvg_WithEveryName_AndAsText_AndCanDownloadMermaid()
    {
        var (id, definition) = await StartDraftAsync(new { key = "fremtidens-kulturskole", basedOnVersion = 1 });
        var owner = await app.SignedInToPagesAsync();

        var response = await owner.GetAsync(StudioLinks.Diagram(id));
        var raw = await response.Content.ReadAsStringAsync();
        var page = await PageAsync(response);

        var svg = raw[raw.IndexOf("<svg", StringComparison.Ordinal)..(raw.IndexOf("</svg>", StringComparison.Ordinal) + "</svg>".Length)];
        var drawing = XDocument.Parse(svg);
        Assert.Equal("img", (string?)drawing.Root!.Attribute("role"));
        var drawn = string.Join(" ", drawing.Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value));
        var list = page[page.IndexOf("Det samme som tekst", StringComparison.Ordinal)..];
        foreach (var stage in definition.Stages)
        {
            Assert.Contains(stage.Name, drawn);
            Assert.Contains(stage.Name, list);
            foreach (var name in stage.Tasks.Select(t => t.Name).Concat(stage.Reports.Select(r => r.Name)))
            {
                Assert.Contains(name, drawn);
                Assert.Contains(name, list);
            }
        }

        Assert.Contains("aria-current=\"page\">Diagram</a>", page);
        Assert.DoesNotContain("Dette mangler eller må rettes", page);

        var mermaid = await owner.GetAsync($"{StudioLinks.Diagram(id)}?handler=Mermaid");
        Assert.Equal(HttpStatusCode.OK, mermaid.StatusCode);
        Assert.Equal("text/vnd.mermaid", mermaid.Content.Headers.ContentType!.MediaType);
        Assert.Equal("fremtidens-kulturskole-utkast-1.mmd", mermaid.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.StartsWith("flowchart TD", await mermaid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HalfWrittenDraft_IsDrawnAsFarAsItGoes_AndSaysWhatIsWrong()
    {
        var (id, _) = await StartDraftAsync(new { key = "fremtidens-kulturskole", basedOnVersion = 1 });
        var json = JsonNode.Parse((await Api.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}")).GetProperty("definition").GetRawText())!;
        json["stages"]![1]!["tasks"]![0]!["required"] = "ja";
        var stageKey = (string)json["stages"]![1]!["key"]!;
        var secondStage = (string)json["stages"]![1]!["name"]!;
        Assert.Equal(HttpStatusCode.OK, (await Api.PutAsync($"/api/definitions/drafts/{id}", new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);

        var owner = await app.SignedInToPagesAsync();
        var page = await PageAsync(await owner.GetAsync(StudioLinks.Diagram(id)));
        Assert.Contains("Dette mangler eller må rettes", page);
        Assert.Contains("Fase 2 «" + secondStage + "»: oppgave 1", page);
        Assert.Contains($"href=\"{StudioLinks.Stage(id, stageKey)}\"", page);
        Assert.Contains("Fase 6", page);

        // The calendar needs a valid draft: it says so instead of computing from a broken one.
        var calendar = await PageAsync(await owner.GetAsync($"{StudioLinks.Calendar(id)}?start=2027-03-22"));
        Assert.Contains("Utkastet må rettes før kalenderen kan regnes ut", calendar);
    }

    [Fact]
    public async Task Calendar_ForAStartBeforeEaster_ShowsTheMovesWithTheHolidaysNamed()
    {
        // The new-definition skeleton: one task due two weeks after the start. From Thursday
        // 11 March 2027 that is skjærtorsdag.
        var (id, _) = await StartDraftAsync(new { key = "paaske-forhandsvisning", name = "Påsketest" });
        var owner = await app.SignedInToPagesAsync();

        var empty = await PageAsync(await owner.GetAsync(StudioLinks.Calendar(id)));
        Assert.Contains("<input type=\"date\" id=\"start\" name=\"start\"", empty);
        Assert.DoesNotContain("<table", empty);

        var page = await PageAsync(await owner.GetAsync($"{StudioLinks.Calendar(id)}?start=2027-03-11&kind=municipality"));
        Assert.Contains("Fra torsdag 11.03.2027 (uke 10)", page);
        Assert.Contains("<td>tirsdag 30.03.2027</td>", page);
        Assert.Contains("<td>13</td>", page);
        Assert.Contains(
            "Flyttet fra torsdag 25.03.2027 til tirsdag 30.03.2027 på grunn av skjærtorsdag (25.03), langfredag (26.03), helg (27.03), 1. påskedag (28.03) og 2. påskedag (29.03).",
            page);
        Assert.Contains("1 er flyttet", page);
    }

    [Fact]
    public async Task Calendar_ForTheDefaultDefinition_ListsEveryDeadline_WithWeekNumbers()
    {
        var (id, definition) = await StartDraftAsync(new { key = "fremtidens-kulturskole", basedOnVersion = 1 });
        var owner = await app.SignedInToPagesAsync();
        var page = await PageAsync(await owner.GetAsync($"{StudioLinks.Calendar(id)}?start=2027-03-22"));

        Assert.Contains("Fra mandag 22.03.2027 (uke 12)", page);
        Assert.All(definition.Stages, s => Assert.Contains(s.Name, page));
        Assert.All(definition.Stages.SelectMany(s => s.Tasks), t => Assert.Contains("Oppgave: " + t.Name, page));
        Assert.Equal(definition.Stages.Count, page.Split("<table").Length - 1);
    }

    [Theory]
    [InlineData("2027-02-31", "«2027-02-31» er ikke en dato.")]
    [InlineData("neste mandag", "«neste mandag» er ikke en dato.")]
    [InlineData("", "Skriv inn en startdato")]
    [InlineData("1850-01-07", "Startdatoen må være mellom år 2000 og 2100.")]
    public async Task Calendar_WithABadStartDate_AnswersThePage_WithTheMessageNextToTheField(string start, string message)
    {
        var (id, _) = await StartDraftAsync(new { key = "fremtidens-kulturskole", basedOnVersion = 1 });
        var owner = await app.SignedInToPagesAsync();
        var page = await PageAsync(await owner.GetAsync($"{StudioLinks.Calendar(id)}?start={Uri.EscapeDataString(start)}"));

        Assert.Contains(message, page);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"start-hint start-feil\"", page);
        Assert.Contains("<p class=\"field-error\" id=\"start-feil\">", page);
        Assert.DoesNotContain("<table", page);
    }

    [Fact]
    public async Task OthersThanOwners_Get403_AndAnUnknownDraft_Is404()
    {
        var (id, _) = await StartDraftAsync(new { key = "fremtidens-kulturskole", basedOnVersion = 1 });
        var steering = await app.SignedInToPagesAsync("demo-steering");
        foreach (var path in new[] { StudioLinks.Diagram(id), $"{StudioLinks.Diagram(id)}?handler=Mermaid", $"{StudioLinks.Calendar(id)}?start=2027-03-22" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await steering.GetAsync(path)).StatusCode);
        }

        var owner = await app.SignedInToPagesAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(StudioLinks.Diagram(Guid.NewGuid()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(StudioLinks.Calendar(Guid.NewGuid()))).StatusCode);
    }
}
