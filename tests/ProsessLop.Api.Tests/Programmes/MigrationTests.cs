using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Programmes;

/// The host with a v2 of the default definition published beside v1: one task renamed, one
/// optional task removed, one task added.
public sealed class ProsessAppWithV2 : ProsessApp
{
    private readonly string _workflows = CreateWorkflows();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Workflows:Directory", _workflows);
    }

    private static string CreateWorkflows() => TestWorkflows.WithV2(v2 =>
    {
        var forankring = v2["stages"]![0]!;
        var tasks = forankring["tasks"]!.AsArray();
        var politisk = tasks.Single(t => t!["key"]!.GetValue<string>() == "forankre-politisk")!;
        politisk["key"] = "forankre-i-kommunestyret";
        politisk["renamedFrom"] = "forankre-politisk";
        var gate = forankring["gate"]!["requiredTasks"]!.AsArray();
        gate.Remove(gate.Single(k => k!.GetValue<string>() == "forankre-politisk"));
        gate.Add("forankre-i-kommunestyret");
        tasks.Add(new JsonObject
        {
            ["key"] = "avklare-budsjett",
            ["name"] = "Avklare budsjett for deltakelsen",
            ["required"] = false,
            ["responsibleRole"] = "coordinator",
            ["deadline"] = new JsonObject { ["from"] = "programmeStart", ["weeks"] = -2 },
        });
        var kartlegging = v2["stages"]![1]!["tasks"]!.AsArray();
        kartlegging.Remove(kartlegging.Single(t => t!["key"]!.GetValue<string>() == "lage-interessentkart"));
    });
}

public sealed class MigrationTests(ProsessAppWithV2 app) : IClassFixture<ProsessAppWithV2>
{
    [Fact]
    public async Task DryRun_ShowsThePlan_AndChangesNothing_ThenApply_KeepsCompletedWork()
    {
        var id = await app.StartAsync("3201");
        var coordinator = app.ClientAs(Roles.Coordinator, "3201");
        var owner = app.ClientAs(Roles.Owner);
        var ola = await app.AddContactAsync("3201", "Ola Planlegger");
        await coordinator.PutAsJsonAsync($"/api/programmes/{id}/tasks/forankre-politisk/assignee", new { contactPersonId = ola });
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"/api/programmes/{id}/tasks/forankre-politisk/complete", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsJsonAsync($"/api/programmes/{id}/migration", new { targetVersion = 2, apply = false })).StatusCode);

        var dryRun = await owner.PostAsJsonAsync($"/api/programmes/{id}/migration", new { targetVersion = 2, apply = false });
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        var plan = (await dryRun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("plan").GetProperty("steps").EnumerateArray()
            .Select(s => (s.GetProperty("change").GetString(), s.GetProperty("key").GetString())).ToList();
        Assert.Contains(("renamed", "forankre-i-kommunestyret"), plan);
        Assert.Contains(("added", "avklare-budsjett"), plan);
        Assert.Contains(("removed", "lage-interessentkart"), plan);
        Assert.Equal(1, await app.WithDbAsync(db => db.Programmes.Where(p => p.Id == id).Select(p => p.DefinitionVersion).SingleAsync()));

        var applied = await owner.PostAsJsonAsync($"/api/programmes/{id}/migration", new { targetVersion = 2, apply = true });
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);

        var detail = await coordinator.DetailAsync(id);
        Assert.Equal(2, detail.GetProperty("definition").GetProperty("version").GetInt32());
        var renamed = detail.Task("forankre-i-kommunestyret");
        Assert.Equal("done", renamed.GetProperty("status").GetString());
        Assert.Equal("Ola Planlegger", renamed.GetProperty("assignee").GetProperty("name").GetString());
        await app.AssertAssignmentCopyInStepAsync(id);
        var removed = detail.Task("lage-interessentkart");
        Assert.True(removed.GetProperty("retired").GetBoolean());
        Assert.Equal("open", detail.Task("avklare-budsjett").GetProperty("status").GetString());

        var journal = await app.WithDbAsync(db => db.JournalEntries.Where(j => j.ProgrammeId == id).Select(j => j.Action).ToListAsync());
        Assert.Contains("programme-migrated", journal);

        var again = await owner.PostAsJsonAsync($"/api/programmes/{id}/migration", new { targetVersion = 2, apply = true });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }
}
