using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Risks;

public sealed class RiskTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static object Body(string description = "Kulturskolerektor slutter", int probability = 2, int consequence = 4, string status = "open") => new
    {
        description,
        probability,
        consequence,
        mitigation = "Dokumenter arbeidet løpende",
        owner = "Kommunalsjef oppvekst",
        status,
    };

    [Fact]
    public async Task Coordinator_RecordsRisks_ListedByScore_AndClosesOne_WithJournal()
    {
        var programmeId = await app.StartAsync("1804", TestProgrammes.Start);
        var versionBefore = await TestProgrammes.VersionAsync(app, programmeId);
        var client = app.ClientAs(Roles.Coordinator, "1804");

        var low = await client.PostAsJsonAsync($"/api/programmes/{programmeId}/risks", Body("Lav deltakelse", 2, 2));
        var lowId = (await low.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/programmes/{programmeId}/risks/{lowId}", low.Headers.Location?.OriginalString);
        var high = await (await client.PostAsJsonAsync($"/api/programmes/{programmeId}/risks", Body("Budsjettkutt", 4, 5))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(20, high.GetProperty("score").GetInt32());
        Assert.NotEqual(versionBefore, await TestProgrammes.VersionAsync(app, programmeId));

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/programmes/{programmeId}/risks");
        Assert.Equal([20, 4], list.EnumerateArray().Select(r => r.GetProperty("score").GetInt32()));

        var closed = await (await client.PutAsJsonAsync(low.Headers.Location, Body("Lav deltakelse", 1, 2, "closed"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal(2, closed.GetProperty("score").GetInt32());
        var stored = await app.WithDbAsync(db => db.Risks.SingleAsync(r => r.Id == lowId));
        Assert.Equal(1, stored.Probability);

        var journal = await TestProgrammes.JournalAsync(app, $"risk:{lowId}");
        Assert.Equal(["risk-recorded", "risk-closed"], journal.Select(j => j.Action));
        Assert.Equal("2", TestProgrammes.JsonField(journal[1].Before, "probability"));
        Assert.Equal("1", TestProgrammes.JsonField(journal[1].After, "probability"));
    }

    [Theory]
    [InlineData(0, 3, "probability", "Sannsynlighet må være fra 1 til 5.")]
    [InlineData(3, 6, "consequence", "Konsekvens må være fra 1 til 5.")]
    public async Task OutOfRange_Gives400NamingTheField_AndStoresNothing(int probability, int consequence, string field, string message)
    {
        var programmeId = await app.StartAsync(field == "probability" ? "1833" : "1832", TestProgrammes.Start);
        var client = app.ClientAs(Roles.Owner);

        var response = await client.PostAsJsonAsync($"/api/programmes/{programmeId}/risks", Body(probability: probability, consequence: consequence));

        Assert.Equal(message, await response.FieldErrorAsync(field));
        Assert.False(await app.WithDbAsync(db => db.Risks.AnyAsync(r => r.ProgrammeId == programmeId)));
        Assert.False(await app.WithDbAsync(db => db.JournalEntries.AnyAsync(j => j.ProgrammeId == programmeId && j.Action != "programme-started")));
    }

    [Fact]
    public async Task CoordinatorOfAnotherMunicipality_Gets404_AndSteeringGets403OnWrites()
    {
        var programmeId = await app.StartAsync("1806", TestProgrammes.Start);
        var created = await app.ClientAs(Roles.Owner).PostAsJsonAsync($"/api/programmes/{programmeId}/risks", Body());
        var riskUrl = created.Headers.Location;
        var stranger = app.ClientAs(Roles.Coordinator, "0301");
        var steering = app.ClientAs(Roles.Steering);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/programmes/{programmeId}/risks")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/programmes/{programmeId}/risks", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync(riskUrl, Body(probability: 5))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steering.GetAsync(riskUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await steering.PostAsJsonAsync($"/api/programmes/{programmeId}/risks", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await steering.PutAsJsonAsync(riskUrl, Body(probability: 5))).StatusCode);

        var stored = Assert.Single(await app.WithDbAsync(db => db.Risks.Where(r => r.ProgrammeId == programmeId).ToListAsync()));
        Assert.Equal(2, stored.Probability);
        Assert.Equal(2, await app.WithDbAsync(db => db.JournalEntries.CountAsync(j => j.ProgrammeId == programmeId))); // programme-started, risk-recorded
    }
}
