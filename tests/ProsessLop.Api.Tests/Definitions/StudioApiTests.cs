using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Definitions;

/// What the studio's pages rely on in the API, on real PostgreSQL and Hangfire's real storage:
/// only owners for a definition's organisations publish it, a draft can be deleted until it is
/// published, and a published definition gets its status compilation scheduled.
public sealed class StudioApiTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private HttpClient Owner => app.ClientAs(Roles.Owner);

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> StartAsync(HttpClient client, object body) =>
        await (await client.PostAsJsonAsync("/api/definitions/drafts", body)).JsonAsync(HttpStatusCode.Created);

    /// An owner for another organisation than KS (the test owners' organisation).
    private HttpClient OwnerFor(string person, string organisation)
    {
        TestPeople.EnsureOwner(app.ConnectionString, person, $"Eier i {organisation}", organisation);
        return app.ClientForPerson(person);
    }

    [Fact]
    public async Task Publishing_IsForOwnersOfTheDefinitionsOrganisations()
    {
        // A new version of KS's network programme, started and published by an owner for another organisation: 403.
        var other = OwnerFor("eier-fylket", "Fylkesnettverket");
        var draft = await StartAsync(other, new { key = "ks-utviklingsnettverk", basedOnVersion = 1 });
        var id = draft.GetProperty("id").GetGuid();
        var refused = await other.PostAsync($"/api/definitions/drafts/{id}/publish", null);
        var problem = await refused.JsonAsync(HttpStatusCode.Forbidden);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("eies av KS", problem.GetProperty("detail").GetString());
        Assert.Contains("Du er programeier for Fylkesnettverket", problem.GetProperty("detail").GetString());
        var version = draft.GetProperty("definition").GetProperty("version").GetInt32();
        Assert.False(await app.WithDbAsync(db => db.PublishedDefinitions.AnyAsync(p => p.Key == "ks-utviklingsnettverk" && p.Version == version)));

        // Nor can it be handed over: the new version naming only the other organisation is still refused.
        var json = JsonNode.Parse(draft.GetProperty("definition").GetRawText())!;
        json["owners"] = new JsonArray("Fylkesnettverket");
        await (await other.PutAsync($"/api/definitions/drafts/{id}", Json(json))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"/api/definitions/drafts/{id}/publish", null)).StatusCode);

        // An owner for KS publishes it; the draft said where it came from all along.
        json["owners"] = new JsonArray("KS");
        await (await Owner.PutAsync($"/api/definitions/drafts/{id}", Json(json))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Created, (await Owner.PostAsync($"/api/definitions/drafts/{id}/publish", null)).StatusCode);

        // A new programme started by the other organisation's owner is theirs (its owners are their
        // organisations), so they publish it; a KS owner may not.
        var own = (await StartAsync(other, new { key = "fylkets-program", name = "Fylkets program" })).GetProperty("id").GetGuid();
        var mine = await Owner.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{own}");
        Assert.Equal(["Fylkesnettverket"], mine.GetProperty("definition").GetProperty("owners").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await Owner.PostAsync($"/api/definitions/drafts/{own}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsync($"/api/definitions/drafts/{own}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task ADraft_IsDeleted_WithItsRevisions_UntilItIsPublished()
    {
        var id = (await StartAsync(Owner, new { key = "slettes-program" })).GetProperty("id").GetGuid();
        var json = JsonNode.Parse((await Owner.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}")).GetProperty("definition").GetRawText())!;
        json["name"] = "Endret navn";
        await (await Owner.PutAsync($"/api/definitions/drafts/{id}", Json(json))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Steering).DeleteAsync($"/api/definitions/drafts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Owner.DeleteAsync($"/api/definitions/drafts/{id}")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.DefinitionDrafts.AnyAsync(d => d.Id == id)));
        Assert.False(await app.WithDbAsync(db => db.DefinitionDraftRevisions.AnyAsync(r => r.DraftId == id)));
        Assert.Equal(HttpStatusCode.NotFound, (await Owner.DeleteAsync($"/api/definitions/drafts/{id}")).StatusCode);
        Assert.Equal(["definition-draft-started", "definition-draft-saved", "definition-draft-deleted"],
            (await TestProgrammes.JournalAsync(app, DraftStore.Target(id))).Select(j => j.Action));

        // Published: the record of its version, kept.
        var published = (await StartAsync(Owner, new { key = "publisert-program" })).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await Owner.PostAsync($"/api/definitions/drafts/{published}/publish", null)).StatusCode);
        var conflict = await Owner.DeleteAsync($"/api/definitions/drafts/{published}");
        var problem = await conflict.JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        Assert.Contains("publisert som versjon 1", problem.GetProperty("detail").GetString());
        Assert.True(await app.WithDbAsync(db => db.DefinitionDrafts.AnyAsync(d => d.Id == published)));
    }

    [Fact]
    public async Task PublishingADefinitionWithAStatusCompilationPolicy_SchedulesItsRecurringCompilation()
    {
        var id = (await StartAsync(Owner, new { key = "status-program", name = "Program med status" })).GetProperty("id").GetGuid();
        var json = JsonNode.Parse((await Owner.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}")).GetProperty("definition").GetRawText())!;
        json["statusCompilation"] = new JsonObject
        {
            ["frequency"] = "weekly", ["dayOfWeek"] = "wednesday", ["time"] = "08:30", ["timeZone"] = "Europe/Oslo", ["recipients"] = new JsonArray("KS"),
        };
        await (await Owner.PutAsync($"/api/definitions/drafts/{id}", Json(json))).JsonAsync(HttpStatusCode.OK);
        Assert.Null(RecurringJob("status-program"));

        Assert.Equal(HttpStatusCode.Created, (await Owner.PostAsync($"/api/definitions/drafts/{id}/publish", null)).StatusCode);
        var job = RecurringJob("status-program");
        Assert.NotNull(job);
        Assert.Equal("30 8 * * 3", job.Cron);
        Assert.Equal("Europe/Oslo", job.TimeZoneId);
        Assert.Equal(nameof(StatusCompilationJob.RunAsync), job.Job.Method.Name);
        Assert.Equal("status-program", job.Job.Args[0]);

        // A next version without a policy takes the job away again.
        var next = await StartAsync(Owner, new { key = "status-program", basedOnVersion = 1 });
        var without = JsonNode.Parse(next.GetProperty("definition").GetRawText())!.AsObject();
        without.Remove("statusCompilation");
        var nextId = next.GetProperty("id").GetGuid();
        await (await Owner.PutAsync($"/api/definitions/drafts/{nextId}", Json(without))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Created, (await Owner.PostAsync($"/api/definitions/drafts/{nextId}/publish", null)).StatusCode);
        Assert.Null(RecurringJob("status-program"));
    }

    private RecurringJobDto? RecurringJob(string key)
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().SingleOrDefault(j => j.Id == StatusCompilationJob.RecurringId(key));
    }
}
