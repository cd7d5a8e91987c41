using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Definitions;

/// The impact of a new version on running programmes before it is published, and moving them
/// after, over HTTP on real PostgreSQL.
public sealed class DraftImpactTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private const string Key = ProgrammeSteps.DefaultDefinition;
    private static readonly DateOnly Start = new(2027, 2, 1);

    private HttpClient Owner => app.ClientAs(Roles.Owner);

    private static JsonObject Stage(JsonNode definition, string key) =>
        definition["stages"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string)s["key"]! == key);

    private static JsonObject Task(JsonObject stage, string key) =>
        stage["tasks"]!.AsArray().Select(t => t!.AsObject()).Single(t => (string)t["key"]! == key);

    private static void ReplaceInGate(JsonObject stage, string key, string? with)
    {
        var gate = stage["gate"]!["requiredTasks"]!.AsArray();
        gate.Remove(gate.Single(k => (string)k! == key));
        if (with is not null)
        {
            gate.Add(with);
        }
    }

    private async Task ActAsync(Guid programme, string task, string action) =>
        Assert.Equal(HttpStatusCode.OK, (await Owner.PostAsync($"/api/programmes/{programme}/tasks/{task}/{action}", null)).StatusCode);

    private static IEnumerable<string?> Texts(JsonElement list) => list.EnumerateArray().Select(e => e.GetProperty("text").GetString());

    [Fact]
    public async Task Impact_OfANewVersion_OnRunningProgrammes_ThenBulkMigration_MovesSome_AndRefusesOne()
    {
        // Three running programmes on v1: one has finished the work the new version renames and
        // removes, one has started the task it removes, one has done nothing yet.
        var finished = await app.StartAsync("1103", Start);
        var started = await app.StartAsync("1106", Start);
        var untouched = await app.StartAsync("1108", Start);
        var withdrawn = await app.StartAsync("1111", Start);
        var other = await app.StartAsync("1114", Start, "ks-utviklingsnettverk");
        await ActAsync(finished, "forankre-politisk", "complete");
        await ActAsync(finished, "signere-deltakeravtale", "complete");
        await ActAsync(started, "signere-deltakeravtale", "start");
        Assert.Equal(HttpStatusCode.OK, (await Owner.PostAsJsonAsync($"/api/programmes/{withdrawn}/withdraw", new { note = "Trekker oss" })).StatusCode);

        // v2 renames a task, moves one to the next stage, removes one, and gives one two more weeks.
        var draft = await (await Owner.PostAsJsonAsync("/api/definitions/drafts", new { key = Key, basedOnVersion = 1 })).JsonAsync(HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetGuid();
        var next = app.Services.GetRequiredService<DefinitionRegistry>().Latest(Key)!.Version + 1; // after the shipped versions
        var json = JsonNode.Parse(draft.GetProperty("definition").GetRawText())!;
        var forankring = Stage(json, "forankring");
        var politisk = Task(forankring, "forankre-politisk");
        politisk["key"] = "forankre-i-kommunestyret";
        politisk["name"] = "Forankre i kommunestyret";
        politisk["renamedFrom"] = "forankre-politisk";
        ReplaceInGate(forankring, "forankre-politisk", "forankre-i-kommunestyret");
        forankring["tasks"]!.AsArray().Remove(Task(forankring, "signere-deltakeravtale"));
        ReplaceInGate(forankring, "signere-deltakeravtale", null);
        var kartlegging = Stage(json, "kartlegging");
        var interessentkart = Task(kartlegging, "lage-interessentkart");
        kartlegging["tasks"]!.AsArray().Remove(interessentkart);
        interessentkart["deadline"]!["weeks"] = 14;
        Stage(json, "samskaping")["tasks"]!.AsArray().Add(interessentkart);
        Task(kartlegging, "beskrive-nasituasjon")["deadline"]!["weeks"] = 6;
        var saved = await (await Owner.PutAsync($"/api/definitions/drafts/{id}", new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"))).JsonAsync(HttpStatusCode.OK);
        Assert.True(saved.GetProperty("valid").GetBoolean(), saved.GetProperty("problems").ToString());

        var impact = await (await Owner.GetAsync($"/api/definitions/drafts/{id}/impact")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(next, impact.GetProperty("version").GetInt32());
        Assert.Equal(3, impact.GetProperty("programmes").GetInt32());
        Assert.Equal(2, impact.GetProperty("moveCleanly").GetInt32());
        Assert.Equal(1, impact.GetProperty("withProblems").GetInt32());

        var changes = Texts(impact.GetProperty("changes")).ToList();
        Assert.Contains("oppgave «Forankre deltakelsen politisk» heter nå «Forankre i kommunestyret»", changes);
        Assert.Contains("oppgave «Lage interessentkart» flyttes fra Kartlegging til Samskaping og dialogsamlinger", changes);
        Assert.Contains("oppgave «Signere deltakeravtalen» fjernes", changes);
        Assert.All(impact.GetProperty("changes").EnumerateArray(), c => Assert.Equal(3, c.GetProperty("programmes").GetInt32()));

        var deadlines = impact.GetProperty("deadlines").EnumerateArray().ToDictionary(d => d.GetProperty("key").GetString()!);
        Assert.Equal(14, deadlines["beskrive-nasituasjon"].GetProperty("minDays").GetInt32());
        Assert.Equal("oppgave «Beskrive nåsituasjonen»: frist flyttes 14 dager senere", deadlines["beskrive-nasituasjon"].GetProperty("text").GetString());
        Assert.Equal("oppgave «Lage interessentkart»: frist flyttes 56 dager senere", deadlines["lage-interessentkart"].GetProperty("text").GetString());
        Assert.Equal(3, deadlines["beskrive-nasituasjon"].GetProperty("programmes").GetInt32());

        // A nynorsk reader gets the same impact in nynorsk around the definition's own names
        // (this draft is based on v1, whose names are bokmål only).
        using var asNynorsk = new HttpRequestMessage(HttpMethod.Get, $"/api/definitions/drafts/{id}/impact");
        asNynorsk.Headers.AcceptLanguage.ParseAdd("nn-NO");
        var nynorsk = await (await Owner.SendAsync(asNynorsk)).JsonAsync(HttpStatusCode.OK);
        var nynorskChanges = Texts(nynorsk.GetProperty("changes")).ToList();
        Assert.Contains("oppgåve «Forankre deltakelsen politisk» heiter no «Forankre i kommunestyret»", nynorskChanges);
        Assert.Contains("oppgåve «Lage interessentkart» blir flytta frå Kartlegging til Samskaping og dialogsamlinger", nynorskChanges);
        Assert.Contains("oppgåve «Signere deltakeravtalen» blir fjerna", nynorskChanges);
        Assert.Contains("oppgåve «Beskrive nåsituasjonen»: frist blir flytta 14 dagar seinare",
            nynorsk.GetProperty("deadlines").EnumerateArray().Select(d => d.GetProperty("text").GetString()));

        Assert.Equal(
        [
            "oppgave «Forankre deltakelsen politisk» er fullført i 1 program og beholdes som «Forankre i kommunestyret»",
            "oppgave «Signere deltakeravtalen» er fullført i 1 program og beholdes (fjernet fra ny versjon, står i historikken)",
        ], Texts(impact.GetProperty("keptWork")).Order());

        var perProgramme = impact.GetProperty("perProgramme").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetGuid());
        Assert.Equal(3, perProgramme.Count);
        Assert.DoesNotContain(withdrawn, perProgramme.Keys);
        var problem = Assert.Single(perProgramme[started].GetProperty("problems").EnumerateArray()).GetString();
        Assert.Equal("Oppgave «Signere deltakeravtalen» er startet, men fjernes og lukkes som ikke aktuell.", problem);
        Assert.False(perProgramme[started].GetProperty("clean").GetBoolean());
        Assert.True(perProgramme[finished].GetProperty("clean").GetBoolean());
        Assert.Equal(2, perProgramme[finished].GetProperty("finishedWorkKept").GetInt32());
        Assert.Contains("oppgave «Beskrive nåsituasjonen»: frist flyttes 14 dager senere (fra 01.03.2027 til 15.03.2027)",
            perProgramme[untouched].GetProperty("changes").EnumerateArray().Select(c => c.GetString()));

        // Nothing was published or moved by looking.
        Assert.False(await app.WithDbAsync(db => db.PublishedDefinitions.AnyAsync(p => p.Key == Key && p.Version == next)));
        Assert.Equal(HttpStatusCode.NotFound, (await Owner.PostAsJsonAsync($"/api/definitions/{Key}/versions/{next}/migrate", new { all = true, apply = false })).StatusCode);

        await (await Owner.PostAsync($"/api/definitions/drafts/{id}/publish", null)).JsonAsync(HttpStatusCode.Created);

        // Some: the finished one moves; a withdrawn one, one of another definition and an unknown id are refused with reasons.
        var unknown = Guid.NewGuid();
        var some = await (await Owner.PostAsJsonAsync($"/api/definitions/{Key}/versions/{next}/migrate",
            new { programmeIds = new[] { finished, withdrawn, other, unknown }, apply = true })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, some.GetProperty("migrated").GetInt32());
        Assert.Equal(3, some.GetProperty("refused").GetInt32());
        var outcomes = some.GetProperty("programmes").EnumerateArray().ToDictionary(p => p.GetProperty("programmeId").GetGuid());
        Assert.Equal("migrated", outcomes[finished].GetProperty("outcome").GetString());
        Assert.Equal("refused", outcomes[withdrawn].GetProperty("outcome").GetString());
        Assert.StartsWith("Programmet ble trukket", outcomes[withdrawn].GetProperty("reason").GetString());
        Assert.Equal("Programmet følger «ks-utviklingsnettverk», ikke «fremtidens-kulturskole».", outcomes[other].GetProperty("reason").GetString());
        Assert.Equal($"Fant ikke programmet {unknown}.", outcomes[unknown].GetProperty("reason").GetString());

        var detail = await Owner.DetailAsync(finished);
        Assert.Equal(next, detail.GetProperty("definition").GetProperty("version").GetInt32());
        Assert.Equal("done", detail.Task("forankre-i-kommunestyret").GetProperty("status").GetString());
        Assert.Equal(1, await app.WithDbAsync(db => db.Programmes.Where(p => p.Id == other).Select(p => p.DefinitionVersion).SingleAsync()));

        // All, as a dry run first: the two left on v1 are planned, nothing moves; then they move.
        var dryRun = await (await Owner.PostAsJsonAsync($"/api/definitions/{Key}/versions/{next}/migrate", new { all = true, apply = false })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([started, untouched], dryRun.GetProperty("programmes").EnumerateArray().Select(p => p.GetProperty("programmeId").GetGuid()).Order());
        Assert.All(dryRun.GetProperty("programmes").EnumerateArray(), p => Assert.Equal("planned", p.GetProperty("outcome").GetString()));
        Assert.Equal(2, await app.WithDbAsync(db => db.Programmes.CountAsync(p => p.DefinitionKey == Key && p.DefinitionVersion == 1 && p.Status == Workflow.Engine.ProgrammeStatus.Active)));

        var all = await (await Owner.PostAsJsonAsync($"/api/definitions/{Key}/versions/{next}/migrate", new { all = true, apply = true })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, all.GetProperty("migrated").GetInt32());
        Assert.Equal(0, all.GetProperty("refused").GetInt32());
        Assert.Equal("notApplicable", (await Owner.DetailAsync(started)).Task("signere-deltakeravtale").GetProperty("status").GetString());
        foreach (var moved in new[] { finished, started, untouched })
        {
            var journal = await app.WithDbAsync(db => db.JournalEntries.Where(j => j.ProgrammeId == moved).Select(j => j.Action).ToListAsync());
            Assert.Single(journal, a => a == "programme-migrated");
        }

        var afterwards = await (await Owner.GetAsync($"/api/definitions/drafts/{id}/impact")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, afterwards.GetProperty("programmes").GetInt32());
    }

    [Fact]
    public async Task BulkMigration_NeedsEitherSomeProgrammesOrAll_AndImpactOfAnInvalidDraftListsItsProblems()
    {
        var both = await Owner.PostAsJsonAsync($"/api/definitions/{Key}/versions/1/migrate", new { all = true, programmeIds = new[] { Guid.NewGuid() }, apply = false });
        Assert.False(string.IsNullOrEmpty(await both.FieldErrorAsync("programmeIds")));
        var neither = await Owner.PostAsJsonAsync($"/api/definitions/{Key}/versions/1/migrate", new { apply = true });
        Assert.False(string.IsNullOrEmpty(await neither.FieldErrorAsync("programmeIds")));

        var draft = await (await Owner.PostAsJsonAsync("/api/definitions/drafts", new { key = "ugyldig-virkning" })).JsonAsync(HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetGuid();
        var json = JsonNode.Parse(draft.GetProperty("definition").GetRawText())!;
        json["stages"]![0]!["gate"]!["requiredTasks"]!.AsArray().Add("finnes-ikke");
        await (await Owner.PutAsync($"/api/definitions/drafts/{id}", new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"))).JsonAsync(HttpStatusCode.OK);
        var refused = await Owner.GetAsync($"/api/definitions/drafts/{id}/impact");
        var problem = await refused.JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Owner.GetAsync($"/api/definitions/drafts/{Guid.NewGuid()}/impact")).StatusCode);
    }

    [Fact]
    public async Task AVersionThatNoLongerTakesTheParticipantsKind_IsAProblemInTheImpact_AndRefusedOnMigration()
    {
        var first = await (await Owner.PostAsJsonAsync("/api/definitions/drafts", new { key = "kun-regioner", owners = new[] { "KS" } })).JsonAsync(HttpStatusCode.Created);
        await (await Owner.PostAsync($"/api/definitions/drafts/{first.GetProperty("id").GetGuid()}/publish", null)).JsonAsync(HttpStatusCode.Created);
        var programme = await app.StartAsync("1119", Start, "kun-regioner");

        var draft = await (await Owner.PostAsJsonAsync("/api/definitions/drafts", new { key = "kun-regioner", basedOnVersion = 1 })).JsonAsync(HttpStatusCode.Created);
        var id = draft.GetProperty("id").GetGuid();
        var json = JsonNode.Parse(draft.GetProperty("definition").GetRawText())!;
        json["participantKinds"] = new JsonArray("region");
        await (await Owner.PutAsync($"/api/definitions/drafts/{id}", new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"))).JsonAsync(HttpStatusCode.OK);

        var impact = await (await Owner.GetAsync($"/api/definitions/drafts/{id}/impact")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, impact.GetProperty("withProblems").GetInt32());
        var only = Assert.Single(impact.GetProperty("perProgramme").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, only.GetProperty("plan").ValueKind);
        const string Reason = "Versjon 2 av «Nytt utviklingsprogram» tar ikke imot deltakere av denne typen (kommuner).";
        Assert.Equal(Reason, Assert.Single(only.GetProperty("problems").EnumerateArray()).GetString());

        await (await Owner.PostAsync($"/api/definitions/drafts/{id}/publish", null)).JsonAsync(HttpStatusCode.Created);
        var all = await (await Owner.PostAsJsonAsync("/api/definitions/kun-regioner/versions/2/migrate", new { all = true, apply = true })).JsonAsync(HttpStatusCode.OK);
        var refused = Assert.Single(all.GetProperty("programmes").EnumerateArray());
        Assert.Equal(programme, refused.GetProperty("programmeId").GetGuid());
        Assert.Equal(Reason, refused.GetProperty("reason").GetString());
        var single = await Owner.PostAsJsonAsync($"/api/programmes/{programme}/migration", new { targetVersion = 2, apply = false });
        Assert.Equal(HttpStatusCode.Conflict, single.StatusCode);
    }
}
