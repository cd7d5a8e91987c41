using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.People;

namespace ProsessLop.Api.Tests.Definitions;

/// The programme studio's editor pages, posted as a browser posts them (every field of the form,
/// the button that was pressed): a programme built from an empty draft, problems next to their
/// fields, reordering, lost updates refused, owners only, and the JSON view.
public sealed partial class StudioEditorTests(DemoPagesApp app) : IClassFixture<DemoPagesApp>
{
    private HttpClient Api => app.ClientAs(Roles.Owner);

    private async Task<Guid> StartDraftAsync(string key)
    {
        var response = await Api.PostAsJsonAsync("/api/definitions/drafts", new { key, name = "Prøveprogram" });
        return (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> DraftAsync(Guid id) => await Api.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}");

    private static JsonNode Definition(JsonElement draft) => JsonNode.Parse(draft.GetProperty("definition").GetRawText())!;

    /// The page's form as a browser would post it, changed by <paramref name="change"/>, with the pressed button's action.
    internal static async Task<(HttpResponseMessage Response, string Html)> SubmitAsync(HttpClient client, string page, Action<Form>? change = null, string? action = null)
    {
        var html = await client.GetStringAsync(page);
        var form = Form.Parse(html);
        change?.Invoke(form);
        if (action is not null)
        {
            form.Set("action", action);
        }

        form.Set("__RequestVerificationToken", Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var response = await client.PostAsync(page, new FormUrlEncodedContent(form.Fields));
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Owner_BuildsATwoStageProgramme_FromAnEmptyDraft_AndSeesAProblemNextToItsField_UntilItIsFixed()
    {
        var id = await StartDraftAsync("studio-bygg");
        var owner = await app.SignedInToPagesAsync();

        var (named, namedHtml) = await SubmitAsync(owner, $"/studio/utkast/{id}", f => f.Set("/name", "Læringsnettverk 2027"), "add:/stages");
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal($"/studio/utkast/{id}", named.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Lagret som revisjon 2.", namedHtml);
        Assert.Contains($"href=\"/studio/utkast/{id}/fase/fase-1\"", namedHtml);
        var definition = Definition(await DraftAsync(id));
        Assert.Equal("Læringsnettverk 2027", (string)definition["name"]!);
        Assert.Equal(["oppstart", "fase-1"], definition["stages"]!.AsArray().Select(s => (string)s!["key"]!));
        // What the form does not cover is kept as it was.
        Assert.Equal("studio-bygg", (string)definition["key"]!);
        Assert.Equal("Beskriv programmet her.", (string)definition["description"]!);

        // The new stage is empty: the problem stands next to the stage, in Norwegian, and other pages link to it.
        var stage = $"/studio/utkast/{id}/fase/fase-1";
        var emptyHtml = WebUtility.HtmlDecode(await owner.GetStringAsync(stage));
        Assert.Contains("id=\"f-stages-1-feil\"", emptyHtml);
        Assert.Contains("Fasen «Fase 2» er tom: legg til minst én oppgave eller rapport.", emptyHtml);
        Assert.Contains("href=\"#f-stages-1\"", emptyHtml);
        Assert.Contains($"<a href=\"{stage}\">Fase: Fase 2</a>: Fasen «Fase 2» er tom", WebUtility.HtmlDecode(await owner.GetStringAsync($"/studio/utkast/{id}")));

        // A task fixes it; a stage that ends before it starts is a problem next to that field.
        var (_, taskHtml) = await SubmitAsync(owner, stage, f => f.Set("/stages/1/name", "Samskaping").Set("/stages/1/endWeek", "3"), "add:/stages/1/tasks");
        Assert.DoesNotContain("er tom", taskHtml);
        Assert.Contains("Fasen «Samskaping» slutter i uke 3, som ikke er etter at den starter (uke 4).", taskHtml);
        Assert.Matches("id=\"f-stages-1-endWeek\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"f-stages-1-endWeek-feil\"", taskHtml);
        Assert.Contains("<p class=\"field-error\" id=\"f-stages-1-endWeek-feil\">", taskHtml);
        Assert.Contains("<a href=\"#f-stages-1-endWeek\">", taskHtml);
        Assert.Contains("value=\"Ny oppgave\"", taskHtml);

        var (_, fixedHtml) = await SubmitAsync(owner, stage, f => f.Set("/stages/1/endWeek", "10").Set("/stages/1/tasks/0/name", "Første samling"));
        Assert.DoesNotContain("aria-invalid=\"true\"", fixedHtml);
        Assert.DoesNotContain("f-stages-1-endWeek-feil", fixedHtml);
        Assert.Contains("Utkastet har ingen feil.", fixedHtml);

        var draft = await DraftAsync(id);
        Assert.True(draft.GetProperty("valid").GetBoolean(), draft.GetProperty("problems").GetRawText());
        var built = Definition(draft)["stages"]![1]!;
        Assert.Equal("Første samling", (string)built["tasks"]![0]!["name"]!);
        Assert.Equal(["oppgave-1"], built["gate"]!["requiredTasks"]!.AsArray().Select(k => (string)k!));
        Assert.Equal(4, draft.GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task Stages_AndTasks_MoveUpAndDown_AndARenamedTaskStaysInItsGate()
    {
        var id = await StartDraftAsync("studio-flytt");
        var owner = await app.SignedInToPagesAsync();
        var stage = $"/studio/utkast/{id}/fase/oppstart";
        await SubmitAsync(owner, stage, action: "add:/stages/0/tasks");
        await SubmitAsync(owner, stage, f => f.Set("/stages/0/tasks/1/name", "Andre oppgave").Set("/stages/0/tasks/1/key", "andre"), "up:/stages/0/tasks/1");

        var tasks = Definition(await DraftAsync(id))["stages"]![0]!["tasks"]!.AsArray();
        Assert.Equal(["andre", "forste-oppgave"], tasks.Select(t => (string)t!["key"]!));
        Assert.Equal(["forste-oppgave", "andre"], Definition(await DraftAsync(id))["stages"]![0]!["gate"]!["requiredTasks"]!.AsArray().Select(k => (string)k!));

        await SubmitAsync(owner, $"/studio/utkast/{id}", action: "add:/stages");
        await SubmitAsync(owner, $"/studio/utkast/{id}", action: "down:/stages/0");
        Assert.Equal(["fase-1", "oppstart"], Definition(await DraftAsync(id))["stages"]!.AsArray().Select(s => (string)s!["key"]!));

        await SubmitAsync(owner, stage.Replace("oppstart", "fase-1", StringComparison.Ordinal), action: "remove:/stages/0/tasks/0");
        await SubmitAsync(owner, $"/studio/utkast/{id}/fase/oppstart", action: "remove:/stages/1/tasks/0");
        var after = Definition(await DraftAsync(id))["stages"]![1]!;
        Assert.Equal(["forste-oppgave"], after["tasks"]!.AsArray().Select(t => (string)t!["key"]!));
        Assert.Equal(["forste-oppgave"], after["gate"]!["requiredTasks"]!.AsArray().Select(k => (string)k!));
    }

    [Fact]
    public async Task Reports_AndSettings_AreEdited_WithTheirProblemsNextToTheirFields()
    {
        var id = await StartDraftAsync("studio-rapport");
        var owner = await app.SignedInToPagesAsync();
        var stage = $"/studio/utkast/{id}/fase/oppstart";
        await SubmitAsync(owner, stage, action: "add:/stages/0/reports");
        await SubmitAsync(owner, stage, action: "add:/stages/0/reports/0/sections");

        // Not public without a basis in offentleglova: the problem stands at the report.
        var (_, closed) = await SubmitAsync(owner, stage, f =>
        {
            f.Remove("/stages/0/reports/0/publicByDefault");
            f.Set("/stages/0/reports/0/sections/1/title", "Hva vil dere gjøre annerledes?");
        });
        Assert.Contains("<p class=\"field-error\" id=\"f-stages-0-reports-0-feil\">", closed);
        Assert.Contains("Rapporten «Ny rapport» er ikke offentlig som standard, så du må oppgi hjemmelen", closed);

        // Recurring instead of one deadline, with the basis given: no problems.
        var (_, fixedHtml) = await SubmitAsync(owner, stage, f =>
        {
            f.Set("/stages/0/reports/0/exemptionBasis", "offentleglova § 14");
            f.Remove("/stages/0/reports/0/deadline");
            f.Tick("/stages/0/reports/0/recurrence");
        });
        Assert.Contains("Utkastet har ingen feil.", fixedHtml);
        var report = Definition(await DraftAsync(id))["stages"]![0]!["reports"]![0]!;
        Assert.Null(report["deadline"]);
        Assert.Equal("stageStart", (string)report["recurrence"]!["from"]!);
        Assert.True((bool)report["recurrence"]!["untilStageEnd"]!);
        Assert.False((bool)report["publicByDefault"]!);
        Assert.Equal("offentleglova § 14", (string)report["exemptionBasis"]!);
        Assert.Equal(["del-1", "del-2"], report["sections"]!.AsArray().Select(x => (string)x!["key"]!));

        // Settings: a pause that is not a date, a weekly compilation without its day.
        var settings = $"/studio/utkast/{id}/innstillinger";
        await SubmitAsync(owner, settings, action: "add:/pauses");
        var (_, wrong) = await SubmitAsync(owner, settings, f =>
        {
            f.Set("/pauses/0/from", "1. juli");
            f.Tick("/statusCompilation").Set("/statusCompilation/frequency", "weekly").Set("/statusCompilation/recipients", "KS");
        });
        Assert.Matches("id=\"f-pauses-0-from\"[^>]*aria-invalid=\"true\"", wrong);
        Assert.Contains("«fra» må være måned og dag som MM-dd, for eksempel 07-01.", wrong);
        Assert.Contains("<p class=\"field-error\" id=\"f-statusCompilation-feil\">", wrong);
        Assert.Contains("Ukentlig statussammenstilling trenger en ukedag.", wrong);

        var (_, right) = await SubmitAsync(owner, settings, f => f.Set("/pauses/0/from", "07-01").Set("/statusCompilation/dayOfWeek", "monday"));
        Assert.Contains("Utkastet har ingen feil.", right);
        var saved = Definition(await DraftAsync(id));
        Assert.Equal("monday", (string)saved["statusCompilation"]!["dayOfWeek"]!);
        Assert.Null(saved["reminders"]);
    }

    [Fact]
    public async Task A_Form_LoadedFromAnOlderRevision_IsRefused_AndNothingIsLost()
    {
        var id = await StartDraftAsync("studio-samtidig");
        var owner = await app.SignedInToPagesAsync();
        var page = $"/studio/utkast/{id}";
        var html = await owner.GetStringAsync(page);

        // Someone else saves in between.
        var other = Definition(await DraftAsync(id));
        other["description"] = "Skrevet av en annen";
        Assert.Equal(HttpStatusCode.OK, (await Api.PutAsync($"/api/definitions/drafts/{id}", new StringContent(other.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);

        var form = Form.Parse(html).Set("/name", "Mitt navn");
        form.Set("__RequestVerificationToken", Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var stale = await owner.PostAsync(page, new FormUrlEncodedContent(form.Fields));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Utkastet er lagret på nytt siden du åpnet det (du endret revisjon 1, nå er det revisjon 2)", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));

        var draft = await DraftAsync(id);
        Assert.Equal(2, draft.GetProperty("revision").GetInt32());
        Assert.Equal("Skrevet av en annen", (string)Definition(draft)["description"]!);
        Assert.Equal("Prøveprogram", (string)Definition(draft)["name"]!);
    }

    [Fact]
    public async Task Api_SaveWithIfMatch_IsRefusedWith412_WhenTheRevisionMoved_AndAnswersWithTheNewETag()
    {
        var id = await StartDraftAsync("studio-etag");
        var read = await Api.GetAsync($"/api/definitions/drafts/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        var json = Definition(await read.JsonAsync(HttpStatusCode.OK)).ToJsonString();

        HttpRequestMessage Put(string ifMatch)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/definitions/drafts/{id}") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return request;
        }

        var saved = await Api.SendAsync(Put("\"1\""));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(new EntityTagHeaderValue("\"2\""), saved.Headers.ETag);

        var stale = await Api.SendAsync(Put("\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Contains("revisjon 2", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Api.SendAsync(Put("\"ikke-en-revisjon\""))).StatusCode);
        Assert.Equal(2, (await DraftAsync(id)).GetProperty("revision").GetInt32());

        // Without If-Match the save is taken as before.
        Assert.Equal(HttpStatusCode.OK, (await Api.PutAsync($"/api/definitions/drafts/{id}", new StringContent(json, Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task A_Nul_InAFieldOrInTheJson_IsRefused_AndNothingIsSaved()
    {
        var id = await StartDraftAsync("studio-nul");
        var owner = await app.SignedInToPagesAsync();

        // A NUL in a form field is refused for every page before it is read (InputBoundary).
        var (refused, _) = await SubmitAsync(owner, $"/studio/utkast/{id}", f => f.Set("/name", "Navn\0med NUL"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(1, (await DraftAsync(id)).GetProperty("revision").GetInt32());

        var (_, json) = await SubmitAsync(owner, $"/studio/utkast/{id}/json", f => f.Set("json", f.Get("json").Replace("Prøveprogram", "Prøve\\u0000program", StringComparison.Ordinal)));
        Assert.Contains("Teksten kan ikke inneholde NUL-tegnet (U+0000). Ingenting er lagret.", json);
        Assert.Equal(1, (await DraftAsync(id)).GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task TheEditorPages_AreForOwnersOnly()
    {
        var id = await StartDraftAsync("studio-tilgang");
        var owner = await app.SignedInToPagesAsync();
        var steering = await app.SignedInToPagesAsync("demo-steering");
        foreach (var page in new[] { $"/studio/utkast/{id}", $"/studio/utkast/{id}/fase/oppstart", $"/studio/utkast/{id}/innstillinger", $"/studio/utkast/{id}/json" })
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(page)).StatusCode);
            var refused = await steering.GetAsync(page);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.DoesNotContain("Prøveprogram", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/studio/utkast/{id}/fase/finnes-ikke")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/studio/utkast/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task TheJsonView_RoundTrips_AndRefusesTextThatIsNotJson_NextToTheTextarea()
    {
        var id = await StartDraftAsync("studio-json");
        var owner = await app.SignedInToPagesAsync();
        var page = $"/studio/utkast/{id}/json";
        var before = Definition(await DraftAsync(id));

        var (same, sameHtml) = await SubmitAsync(owner, page);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Contains("Lagret som revisjon 2.", sameHtml);
        Assert.True(JsonNode.DeepEquals(before, Definition(await DraftAsync(id))));

        var (_, changedHtml) = await SubmitAsync(owner, page, f =>
        {
            var json = JsonNode.Parse(f.Get("json"))!;
            json["stages"]![0]!["endWeek"] = 0;
            f.Set("json", json.ToJsonString());
        });
        Assert.Contains("Lagret som revisjon 3.", changedHtml);
        Assert.Contains($"<a href=\"/studio/utkast/{id}/fase/oppstart\">Fase: Oppstart</a>: Fasen «Oppstart» slutter i uke 0", changedHtml);

        var (broken, brokenHtml) = await SubmitAsync(owner, page, f => f.Set("json", "{\n  \"key\": \"studio-json\",\n  \"name\": \n}"));
        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"json-feil\">", brokenHtml);
        Assert.Contains("Teksten er ikke gyldig JSON: feil i linje 4", brokenHtml);
        Assert.Contains("Ingenting er lagret.", brokenHtml);
        Assert.Matches("id=\"json\"[^>]*aria-invalid=\"true\"", brokenHtml);
        Assert.Equal(3, (await DraftAsync(id)).GetProperty("revision").GetInt32());

        var schema = await owner.GetAsync($"{page}?handler=Schema");
        Assert.Equal(HttpStatusCode.OK, schema.StatusCode);
        Assert.Contains("\"stages\"", await schema.Content.ReadAsStringAsync());
    }

    /// A form as a browser sends it: hidden and text inputs, ticked boxes, textareas, chosen options.
    internal sealed partial class Form
    {
        public List<KeyValuePair<string, string>> Fields { get; } = [];

        public static Form Parse(string html)
        {
            var start = html.IndexOf("id=\"skjema\"", StringComparison.Ordinal);
            Assert.True(start > 0, "No editor form on the page");
            var body = html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)];
            var form = new Form();
            foreach (Match control in Control().Matches(body))
            {
                var tag = control.Groups["tag"].Value;
                var attributes = Attribute().Matches(control.Groups["attrs"].Value).ToDictionary(a => a.Groups[1].Value, a => WebUtility.HtmlDecode(a.Groups[2].Value));
                if (!attributes.TryGetValue("name", out var name) || tag == "button")
                {
                    continue;
                }

                switch (tag)
                {
                    case "input" when attributes.GetValueOrDefault("type") == "checkbox" && !attributes.ContainsKey("checked"):
                        break;
                    case "input":
                        form.Fields.Add(new(name, attributes.GetValueOrDefault("value") ?? ""));
                        break;
                    case "textarea":
                        form.Fields.Add(new(name, WebUtility.HtmlDecode(control.Groups["content"].Value)));
                        break;
                    case "select":
                        var options = Option().Matches(control.Groups["content"].Value).ToList();
                        var chosen = options.FirstOrDefault(o => o.Groups["selected"].Success) ?? options.FirstOrDefault();
                        form.Fields.Add(new(name, chosen is null ? "" : WebUtility.HtmlDecode(chosen.Groups["value"].Value)));
                        break;
                }
            }

            return form;
        }

        public string Get(string name) => Fields.Last(f => f.Key == name).Value;

        /// A box ticked: it is sent with its value.
        public Form Tick(string name)
        {
            Fields.Add(new(name, "true"));
            return this;
        }

        /// A box unticked: it is not sent.
        public Form Remove(string name)
        {
            Assert.True(Fields.RemoveAll(f => f.Key == name) > 0, $"The form has no ticked {name}");
            return this;
        }

        public Form Set(string name, string value)
        {
            Assert.True(name is "action" or "__RequestVerificationToken" || Fields.Any(f => f.Key == name), $"The form has no field {name}");
            Fields.RemoveAll(f => f.Key == name);
            Fields.Add(new(name, value));
            return this;
        }

        [GeneratedRegex("<(?<tag>input|button)(?<attrs>[^>]*)>|<(?<tag>textarea|select)(?<attrs>[^>]*)>(?<content>.*?)</(textarea|select)>", RegexOptions.Singleline)]
        private static partial Regex Control();

        [GeneratedRegex("([a-zA-Z-]+)(?:=\"([^\"]*)\")?")]
        private static partial Regex Attribute();

        [GeneratedRegex("<option value=\"(?<value>[^\"]*)\"(?<selected> selected(=\"selected\")?)?[^>]*>")]
        private static partial Regex Option();
    }
}
