using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Tests.Definitions;

/// The programme studio's drafts over HTTP, on real PostgreSQL: start, save, diff, publish,
/// download, and a published version reaching a replica that did not publish it.
public sealed class DraftTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static string WorkflowsDirectory => Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "workflows");

    private HttpClient Owner => app.ClientAs(Roles.Owner);

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static JsonObject Stage(JsonNode definition, string key) =>
        definition["stages"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string)s["key"]! == key);

    private static JsonObject Task(JsonObject stage, string key) =>
        stage["tasks"]!.AsArray().Select(t => t!.AsObject()).Single(t => (string)t["key"]! == key);

    private async Task<JsonElement> StartDraftAsync(object body)
    {
        var response = await Owner.PostAsJsonAsync("/api/definitions/drafts", body);
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    // The version a draft publishes as: after the shipped ones (v1 and v2) and any published since.
    private int NextVersion(string key) => app.Services.GetRequiredService<DefinitionRegistry>().Latest(key)!.Version + 1;

    private async Task<HttpResponseMessage> StartProgrammeAsync(string key, int version, string municipality) =>
        await Owner.PostAsJsonAsync("/api/programmes", new
        {
            definitionKey = key, definitionVersion = version, participantKind = "municipality", participantId = municipality, startDate = "2027-08-23",
        });

    [Fact]
    public async Task NewVersion_IsSavedAsRevisions_AndItsDiffIsInWords_ThenPublishRefusesProblems_AndPublishesWhenFixed()
    {
        var draft = await StartDraftAsync(new { key = "fremtidens-kulturskole", basedOnVersion = 1 });
        var id = draft.GetProperty("id").GetGuid();
        var next = NextVersion("fremtidens-kulturskole");
        Assert.Equal(1, draft.GetProperty("baseVersion").GetInt32());
        Assert.Equal(next, draft.GetProperty("definition").GetProperty("version").GetInt32());
        Assert.True(draft.GetProperty("valid").GetBoolean());
        Assert.Equal(1, Assert.Single(draft.GetProperty("revisions").EnumerateArray()).GetProperty("number").GetInt32());

        // The owner moves a task to the next stage (keeping its week-6 deadline, before that stage starts)
        // and gives another task two more weeks.
        var json = JsonNode.Parse(draft.GetProperty("definition").GetRawText())!;
        var task = Task(Stage(json, "kartlegging"), "lage-interessentkart");
        Stage(json, "kartlegging")["tasks"]!.AsArray().Remove(task);
        Stage(json, "samskaping")["tasks"]!.AsArray().Add(task);
        Task(Stage(json, "kartlegging"), "beskrive-nasituasjon")["deadline"]!["weeks"] = 6;

        var saved = await (await Owner.PutAsync($"/api/definitions/drafts/{id}", Json(json))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, saved.GetProperty("revision").GetInt32());
        Assert.False(saved.GetProperty("valid").GetBoolean());
        Assert.Contains("/stages/2/tasks/3/deadline", saved.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("pointer").GetString()));

        var diff = await Owner.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}/diff");
        var texts = diff.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("text").GetString()).ToList();
        Assert.Equal(
        [
            "oppgave «Beskrive nåsituasjonen»: frist endret fra uke 4 til uke 6",
            "oppgave «Lage interessentkart» flyttet fra Kartlegging til Samskaping og dialogsamlinger",
        ], texts);

        var read = await Owner.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}");
        Assert.Equal([2, 1], read.GetProperty("revisions").EnumerateArray().Select(r => r.GetProperty("number").GetInt32()));
        Assert.All(read.GetProperty("revisions").EnumerateArray(), r => Assert.Equal("Test owner", r.GetProperty("savedByName").GetString()));
        var first = await Owner.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}/revisions/1");
        Assert.Equal(5, first.GetProperty("definition").GetProperty("stages")[1].GetProperty("tasks").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await Owner.GetAsync($"/api/definitions/drafts/{id}/revisions/3")).StatusCode);

        // Publishing runs the full validator and refuses with every problem and its pointer.
        var refused = await Owner.PostAsync($"/api/definitions/drafts/{id}/publish", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problems = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("pointer").GetString() == "/stages/2/tasks/3/deadline");
        Assert.False(await app.WithDbAsync(db => db.PublishedDefinitions.AnyAsync(p => p.Key == "fremtidens-kulturskole" && p.Version == next)));
        Assert.Equal(HttpStatusCode.BadRequest, (await StartProgrammeAsync("fremtidens-kulturskole", next, "0301")).StatusCode);

        task["deadline"]!["weeks"] = 14;
        await (await Owner.PutAsync($"/api/definitions/drafts/{id}", Json(json))).JsonAsync(HttpStatusCode.OK);
        var published = await Owner.PostAsync($"/api/definitions/drafts/{id}/publish", null);
        var version = await published.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(next, version.GetProperty("version").GetInt32());
        Assert.Equal($"/api/definitions/fremtidens-kulturskole/versions/{next}", published.Headers.Location?.OriginalString);

        var row = await app.WithDbAsync(db => db.PublishedDefinitions.SingleAsync(p => p.Key == "fremtidens-kulturskole" && p.Version == next));
        Assert.Equal(PublishedDefinition.StudioFile, row.File);
        Assert.Equal("test-owner", row.PublishedBy);
        Assert.Equal(id, row.DraftId);
        Assert.Equal(DefinitionCatalog.ContentHash(Encoding.UTF8.GetBytes(row.Content!)), row.ContentHash);
        Assert.Equal(version.GetProperty("contentHash").GetString(), row.ContentHash);

        // Programmes start from it, and it is listed with the shipped versions.
        Assert.Equal(HttpStatusCode.Created, (await StartProgrammeAsync("fremtidens-kulturskole", next, "0301")).StatusCode);
        var list = await app.ClientAs(Roles.Steering).GetFromJsonAsync<JsonElement>("/api/definitions");
        var versions = list.EnumerateArray().Single(d => d.GetProperty("key").GetString() == "fremtidens-kulturskole").GetProperty("versions");
        Assert.Equal(Enumerable.Range(1, next), versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));

        // A published draft is the record of that version: it takes no more changes.
        Assert.Equal(HttpStatusCode.Conflict, (await Owner.PostAsync($"/api/definitions/drafts/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Owner.PutAsync($"/api/definitions/drafts/{id}", Json(json))).StatusCode);

        var journal = await TestProgrammes.JournalAsync(app, DraftStore.Target(id));
        Assert.Equal(["definition-draft-started", "definition-draft-saved", "definition-draft-saved"], journal.Select(j => j.Action));
        var publication = Assert.Single(await TestProgrammes.JournalAsync(app, "definition:fremtidens-kulturskole"));
        Assert.Equal("definition-published", publication.Action);
        Assert.Equal(next.ToString(System.Globalization.CultureInfo.InvariantCulture), TestProgrammes.JsonField(publication.After, "version"));
    }

    [Fact]
    public async Task ANewDefinition_StartsAsAValidSkeleton_AndPublishesAsVersion1_ButAKnownKeyNeedsABaseVersion()
    {
        var draft = await StartDraftAsync(new { key = "nytt-program", name = "Nytt program", owners = new[] { "KS" } });
        Assert.True(draft.GetProperty("valid").GetBoolean(), draft.GetProperty("problems").ToString());
        Assert.Equal(JsonValueKind.Null, draft.GetProperty("baseVersion").ValueKind);
        var id = draft.GetProperty("id").GetGuid();

        var diff = await Owner.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}/diff");
        Assert.Equal("ny programdefinisjon «Nytt program»", diff.GetProperty("changes")[0].GetProperty("text").GetString());

        var published = await (await Owner.PostAsync($"/api/definitions/drafts/{id}/publish", null)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, published.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await StartProgrammeAsync("nytt-program", 1, "1804")).StatusCode);

        var known = await Owner.PostAsJsonAsync("/api/definitions/drafts", new { key = "ks-utviklingsnettverk" });
        Assert.Equal(HttpStatusCode.Conflict, known.StatusCode);
        var badKey = await Owner.PostAsJsonAsync("/api/definitions/drafts", new { key = "Nytt Program" });
        Assert.False(string.IsNullOrEmpty(await badKey.FieldErrorAsync("key")));
        var unknownBase = await Owner.PostAsJsonAsync("/api/definitions/drafts", new { key = "ks-utviklingsnettverk", basedOnVersion = 9 });
        Assert.Equal(HttpStatusCode.NotFound, unknownBase.StatusCode);
    }

    [Fact]
    public async Task TwoDraftsOfOneVersion_PublishAsTheNextFreeVersions_WhateverTheirJsonSays()
    {
        var first = await StartDraftAsync(new { key = "to-utkast", name = "To utkast" });
        await (await Owner.PostAsync($"/api/definitions/drafts/{first.GetProperty("id").GetGuid()}/publish", null)).JsonAsync(HttpStatusCode.Created);

        var a = await StartDraftAsync(new { key = "to-utkast", basedOnVersion = 1 });
        var b = await StartDraftAsync(new { key = "to-utkast", basedOnVersion = 1 });
        Assert.Equal(2, b.GetProperty("definition").GetProperty("version").GetInt32());

        var publishedA = await (await Owner.PostAsync($"/api/definitions/drafts/{a.GetProperty("id").GetGuid()}/publish", null)).JsonAsync(HttpStatusCode.Created);
        var publishedB = await (await Owner.PostAsync($"/api/definitions/drafts/{b.GetProperty("id").GetGuid()}/publish", null)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, publishedA.GetProperty("version").GetInt32());
        Assert.Equal(3, publishedB.GetProperty("version").GetInt32());
        var v3 = await Owner.GetFromJsonAsync<JsonElement>("/api/definitions/to-utkast/versions/3");
        Assert.Equal(3, v3.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Download_Upload_PublishAsNextVersion_Download_IsIdenticalApartFromTheVersion()
    {
        // The newest shipped version, with its nynorsk ({ "nb", "nn" } texts) round-tripping too.
        var latest = NextVersion("ks-utviklingsnettverk") - 1;
        var download = await app.ClientAs(Roles.Steering).GetAsync($"/api/definitions/ks-utviklingsnettverk/versions/{latest}/file");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"ks-utviklingsnettverk-v{latest}.json", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        var before = await download.Content.ReadAsStringAsync();
        // Valid against workflows/programme-definition.schema.json (the validator runs it) and the same definition as shipped.
        var check = DefinitionValidator.Validate(before, "download");
        Assert.Empty(check.Problems);
        Assert.Empty(check.MissingNynorsk);
        var shipped = DefinitionValidator.Validate(await File.ReadAllTextAsync(Path.Combine(WorkflowsDirectory, "ks-utviklingsnettverk", $"v{latest}.json")), "shipped.json").Definition!;
        Assert.Empty(DefinitionDiff.Compare(shipped, check.Definition!));

        var upload = await Owner.PostAsync("/api/definitions/drafts/upload", new StringContent(before, Encoding.UTF8, "application/json"));
        var draft = await upload.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("ks-utviklingsnettverk", draft.GetProperty("baseKey").GetString());
        Assert.Equal(latest, draft.GetProperty("baseVersion").GetInt32());
        var id = draft.GetProperty("id").GetGuid();
        Assert.Empty((await Owner.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}/diff")).GetProperty("changes").EnumerateArray());

        var published = await (await Owner.PostAsync($"/api/definitions/drafts/{id}/publish", null)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(latest + 1, published.GetProperty("version").GetInt32());

        var after = await Owner.GetStringAsync($"/api/definitions/ks-utviklingsnettverk/versions/{latest + 1}/file");
        Assert.Equal(before.Replace($"\"version\": {latest},", $"\"version\": {latest + 1},", StringComparison.Ordinal), after);
        Assert.NotEqual(before, after);
        Assert.Contains("\"nn\": \"Førebuing\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVersionPublishedOnAnotherReplica_IsLoadedOnDemand_AndAtStartUp()
    {
        // Another replica published "annen-replika" v1: the row is in the database, this host's registry has never seen it.
        var definition = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(WorkflowsDirectory, "fremtidens-kulturskole", "v1.json")))!;
        definition["key"] = "annen-replika";
        var content = DefinitionJson.Write(DefinitionJson.Read(definition.ToJsonString()));
        await app.WithDbAsync(async db =>
        {
            db.PublishedDefinitions.Add(new PublishedDefinition
            {
                Key = "annen-replika", Version = 1, File = PublishedDefinition.StudioFile, Content = content,
                ContentHash = DefinitionCatalog.ContentHash(Encoding.UTF8.GetBytes(content)), PublishedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var registry = app.Services.GetRequiredService<DefinitionRegistry>();
        Assert.Null(registry.Find("annen-replika", 1));

        var started = await StartProgrammeAsync("annen-replika", 1, "4601");
        var programme = (await started.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.NotNull(registry.Find("annen-replika", 1));
        Assert.Equal(HttpStatusCode.OK, (await Owner.GetAsync($"/api/programmes/{programme}")).StatusCode);

        // A host starting up publishes workflows/ and loads the studio's versions beside them.
        await using var scope = app.Services.CreateAsyncScope();
        var fresh = new DefinitionRegistry();
        await fresh.PublishAsync(WorkflowsDirectory, scope.ServiceProvider.GetRequiredService<ProsessDb>(), TimeProvider.System, NullLogger.Instance);
        Assert.Equal(content, DefinitionJson.Write(fresh.Find("annen-replika", 1)!.Definition));
        Assert.NotNull(fresh.Find("fremtidens-kulturskole", 1));
    }

    [Fact]
    public async Task DraftsAreForOwners_AndAnErasedAuthorIsNamedNoMore()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Steering).GetAsync("/api/definitions/drafts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Coordinator, "0301").PostAsJsonAsync("/api/definitions/drafts", new { key = "x" })).StatusCode);

        var author = app.ClientFor("studio-forfatter", Roles.Owner);
        var response = await author.PostAsJsonAsync("/api/definitions/drafts", new { key = "forfatterens-program" });
        var id = (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Contains((await Owner.GetFromJsonAsync<JsonElement>("/api/definitions/drafts")).EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);

        Assert.Equal(HttpStatusCode.NoContent, (await Owner.DeleteAsync("/api/people/studio-forfatter")).StatusCode);
        var draft = await Owner.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}");
        Assert.Equal(EraseContactHandler.ErasedName, draft.GetProperty("createdByName").GetString());
        Assert.Equal(EraseContactHandler.ErasedName, draft.GetProperty("revisions")[0].GetProperty("savedByName").GetString());
        Assert.False(await app.WithDbAsync(db => db.DefinitionDraftRevisions.AnyAsync(r => r.SavedBy == "studio-forfatter")));
    }

    [Fact]
    public async Task Upload_WithoutAKey_OrNotAnObject_Is400()
    {
        var noKey = await Owner.PostAsync("/api/definitions/drafts/upload", new StringContent("{\"name\": \"Uten nøkkel\"}", Encoding.UTF8, "application/json"));
        Assert.False(string.IsNullOrEmpty(await noKey.FieldErrorAsync("key")));
        var array = await Owner.PostAsync("/api/definitions/drafts/upload", new StringContent("[]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
    }
}
