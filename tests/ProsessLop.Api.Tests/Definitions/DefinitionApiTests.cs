using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Definitions;

public sealed class DefinitionApiTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static string WorkflowsDirectory =>
        Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "workflows");

    private static string DefaultDefinitionJson =>
        File.ReadAllText(Path.Combine(WorkflowsDirectory, "fremtidens-kulturskole", "v1.json"));

    [Fact]
    public async Task List_ShowsEveryShippedDefinition_WithItsPublishedVersions()
    {
        var list = await app.ClientAs(Roles.Steering).GetFromJsonAsync<JsonElement>("/api/definitions");
        var keys = list.EnumerateArray().Select(d => d.GetProperty("key").GetString()).ToList();
        Assert.Contains("fremtidens-kulturskole", keys);
        Assert.Contains("ks-utviklingsnettverk", keys);

        var fk = list.EnumerateArray().Single(d => d.GetProperty("key").GetString() == "fremtidens-kulturskole");
        Assert.Equal(["KS", "Norsk kulturskoleråd"], fk.GetProperty("owners").EnumerateArray().Select(o => o.GetString()));
        var v1 = fk.GetProperty("versions")[0];
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.String, v1.GetProperty("publishedAt").ValueKind);

        var stored = await app.WithDbAsync(db => db.PublishedDefinitions.SingleAsync(p => p.Key == "fremtidens-kulturskole" && p.Version == 1));
        Assert.Equal(v1.GetProperty("contentHash").GetString(), stored.ContentHash);
        Assert.Equal(64, stored.ContentHash.Length);
    }

    [Fact]
    public async Task Get_ReturnsTheFullDefinition_And404ForAnUnknownVersion()
    {
        var client = app.ClientAs(Roles.Coordinator, "1804");
        var definition = await client.GetFromJsonAsync<JsonElement>("/api/definitions/fremtidens-kulturskole/versions/1");
        Assert.Equal("Forankring", definition.GetProperty("stages")[0].GetProperty("name").GetString());
        Assert.Equal(6, definition.GetProperty("stages").GetArrayLength());

        var missing = await client.GetAsync("/api/definitions/fremtidens-kulturskole/versions/99");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Diagram_IsMermaidText()
    {
        var response = await app.ClientAs(Roles.Steering).GetAsync("/api/definitions/ks-utviklingsnettverk/versions/1/diagram");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/vnd.mermaid", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("flowchart", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Validate_AcceptsAShippedDefinition()
    {
        var response = await app.ClientAs(Roles.Owner).PostAsync("/api/definitions/validate", new StringContent(DefaultDefinitionJson, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(report.GetProperty("valid").GetBoolean());
        // What the July pause does to it is for the owner to see, without making it invalid.
        var warnings = report.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("message").GetString()!).ToList();
        Assert.Contains(warnings, w => w.StartsWith("Pile-up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_ListsEveryProblem_WithItsPointer()
    {
        var definition = JsonNode.Parse(DefaultDefinitionJson)!;
        var firstStage = definition["stages"]![0]!;
        // Two problems at once: a duplicate task key and a gate naming a task that does not exist.
        firstStage["tasks"]![1]!["key"] = firstStage["tasks"]![0]!["key"]!.GetValue<string>();
        firstStage["gate"]!["requiredTasks"] = new JsonArray("finnes-ikke");

        var response = await app.ClientAs(Roles.Owner).PostAsync("/api/definitions/validate",
            new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problems = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray()
            .Select(p => p.GetProperty("pointer").GetString()).ToList();
        Assert.Contains("/stages/0/tasks/1/key", problems);
        Assert.Contains("/stages/0/gate/requiredTasks/0", problems);
    }

    [Fact]
    public async Task Validate_BadJson_Gives400_AndTooLarge_Gives413()
    {
        var owner = app.ClientAs(Roles.Owner);
        var bad = await owner.PostAsync("/api/definitions/validate", new StringContent("{\"key\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("Ugyldig JSON", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var huge = new StringContent("{\"description\": \"" + new string('x', 300 * 1024) + "\"}", Encoding.UTF8, "application/json");
        var tooLarge = await owner.PostAsync("/api/definitions/validate", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task Validate_IsForOwners()
    {
        var response = await app.ClientAs(Roles.Coordinator, "1804").PostAsync("/api/definitions/validate", new StringContent(DefaultDefinitionJson, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PublishedVersion_ThatChanges_StopsTheHost_AndAHigherVersionPublishes()
    {
        var directory = Directory.CreateTempSubdirectory("workflows-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "fremtidens-kulturskole"));
        var file = Path.Combine(directory, "fremtidens-kulturskole", "v1.json");
        var definition = JsonNode.Parse(DefaultDefinitionJson)!;
        definition["name"] = "Fremtidens kulturskole (endret)";
        await File.WriteAllTextAsync(file, definition.ToJsonString());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Api.Infrastructure.Persistence.ProsessDb>();
        var registry = new DefinitionRegistry();
        // The next free version: after the shipped ones, which the app published at start-up.
        var next = app.Services.GetRequiredService<DefinitionRegistry>().Latest("fremtidens-kulturskole")!.Version + 1;

        var e = await Assert.ThrowsAsync<StartupException>(() => registry.PublishAsync(directory, db, TimeProvider.System, NullLogger.Instance));
        Assert.Contains("fremtidens-kulturskole/v1.json", e.Message);
        Assert.Contains($"version {next}", e.Message);

        // The author does as told: v1 restored, the change as the next version.
        await File.WriteAllTextAsync(file, DefaultDefinitionJson);
        definition["version"] = next;
        await File.WriteAllTextAsync(Path.Combine(directory, "fremtidens-kulturskole", $"v{next}.json"), definition.ToJsonString());
        await registry.PublishAsync(directory, db, TimeProvider.System, NullLogger.Instance);

        Assert.NotNull(registry.Find("fremtidens-kulturskole", next));
        Assert.NotNull(registry.Find("fremtidens-kulturskole", 1));
        Assert.True(await db.PublishedDefinitions.AnyAsync(p => p.Key == "fremtidens-kulturskole" && p.Version == next));
    }
}
