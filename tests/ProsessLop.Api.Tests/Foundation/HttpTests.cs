using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

public sealed class HttpTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body); // no stack trace
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    [Fact]
    public async Task CreateRegion_RoundTrips_ThroughHttpMediatorAndPostgres()
    {
        var owner = app.ClientAs(Roles.Owner);
        var created = await owner.PostAsJsonAsync("/api/regions", new { name = "Kulturskoleregion Vest", municipalityNumbers = new[] { "4601", "4627" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var region = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = region.GetProperty("id").GetGuid();
        Assert.Equal($"/api/regions/{id}", created.Headers.Location?.OriginalString);

        var read = await app.ClientAs(Roles.Steering).GetFromJsonAsync<JsonElement>($"/api/regions/{id}");
        Assert.Equal("Kulturskoleregion Vest", read.GetProperty("name").GetString());
        Assert.Equal(["Bergen", "Askøy"], read.GetProperty("municipalities").EnumerateArray().Select(m => m.GetProperty("name").GetString()));

        var stored = await app.WithDbAsync(db => db.Regions.Include(r => r.Members).SingleAsync(r => r.Id == id));
        Assert.Equal(["4601", "4627"], stored.Members.Select(m => m.MunicipalityNumber).Order());
        var journal = await app.WithDbAsync(db => db.JournalEntries.SingleAsync(j => j.ParticipantId == id.ToString()));
        Assert.Equal(("region-created", "test-owner"), (journal.Action, journal.ActorId));
    }

    [Fact]
    public async Task ValidationFailure_Gives400_NamingTheFields_AndWritesNothing()
    {
        var response = await app.ClientAs(Roles.Owner).PostAsJsonAsync("/api/regions", new { name = "", municipalityNumbers = new[] { "4601", "12" } });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal("Navn må fylles ut.", errors.GetProperty("name")[0].GetString());
        Assert.Equal("Kommunenummer har fire sifre.", errors.GetProperty("municipalityNumbers[1]")[0].GetString());
        Assert.Equal(0, await app.WithDbAsync(db => db.Regions.CountAsync(r => r.Name == "")));
    }

    [Fact]
    public async Task UnknownMunicipality_Gives400_AndWritesNothing()
    {
        var response = await app.ClientAs(Roles.Owner).PostAsJsonAsync("/api/regions", new { name = "Fantasiregion", municipalityNumbers = new[] { "4601", "9999" } });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("9999", problem.GetProperty("errors").GetProperty("municipalityNumbers")[0].GetString());
        Assert.False(await app.WithDbAsync(db => db.Regions.AnyAsync(r => r.Name == "Fantasiregion")));
    }

    [Fact]
    public async Task DuplicateRegionName_Gives409()
    {
        var owner = app.ClientAs(Roles.Owner);
        var body = new { name = "Duplikatregionen", municipalityNumbers = new[] { "1101", "1103" } };
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/regions", body)).StatusCode);
        await ProblemAsync(await owner.PostAsJsonAsync("/api/regions", body), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task MalformedJson_Gives400_SayingWhatIsWrong()
    {
        var content = new StringContent("{\"name\": \"Vest\", \"municipalityNumbers\": [\"4601\",", Encoding.UTF8, "application/json");
        var response = await app.ClientAs(Roles.Owner).PostAsync("/api/regions", content);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("Ugyldig JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OversizedBody_Gives413()
    {
        var huge = new string('x', 2 * 1024 * 1024);
        var content = new StringContent($"{{\"name\": \"{huge}\", \"municipalityNumbers\": []}}", Encoding.UTF8, "application/json");
        var response = await app.ClientAs(Roles.Owner).PostAsync("/api/regions", content);
        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task UnknownRoute_Gives404ProblemDocument()
    {
        var response = await app.ClientAs(Roles.Owner).GetAsync("/api/finnes-ikke");
        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownRegion_Gives404ProblemDocument()
    {
        var response = await app.ClientAs(Roles.Owner).GetAsync($"/api/regions/{Guid.NewGuid()}");
        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Anonymous_Gets401_AndCoordinator_CannotCreateRegions()
    {
        var body = new { name = "Uautorisert", municipalityNumbers = new[] { "4601", "4627" } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/api/regions", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Coordinator, "4601").PostAsJsonAsync("/api/regions", body)).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Regions.AnyAsync(r => r.Name == "Uautorisert")));
    }

    [Fact]
    public async Task HealthEndpoints_AnswerWithoutSignIn()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocument_IsValidJson_AndListsTheEndpoints()
    {
        var client = app.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/regions", out var regions));
        Assert.Equal("CreateRegion", regions.GetProperty("post").GetProperty("operationId").GetString());
        Assert.True(paths.TryGetProperty("/api/regions/{id}", out _));
        Assert.True(paths.TryGetProperty("/api/municipalities", out _));
        Assert.True(paths.TryGetProperty("/api/definitions/validate", out _));
        Assert.True(paths.TryGetProperty("/api/definitions/{key}/versions/{version}/diagram", out _));

        var scalar = await client.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Contains("text/html", scalar.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Municipalities_FilterByCounty()
    {
        var list = await app.ClientAs(Roles.Participant, "1101").GetFromJsonAsync<JsonElement>("/api/municipalities?county=03");
        Assert.Equal("Oslo", Assert.Single(list.EnumerateArray()).GetProperty("name").GetString());
    }
}
