using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Deviations;

public sealed class DeviationTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static object Body(string description = "Dialogmøtet ble avlyst", string status = "open") => new
    {
        description,
        cause = "For få påmeldte",
        consequence = "Utviklingsplanen blir forsinket",
        action = "Nytt møte i uke 40",
        owner = "Kulturskolerektor",
        deadline = "2026-10-02",
        status,
    };

    [Fact]
    public async Task Coordinator_RecordsAndClosesADeviation_WithJournalAndNewProgrammeVersion()
    {
        var programmeId = await app.StartAsync("1804", TestProgrammes.Start);
        var versionBefore = await TestProgrammes.VersionAsync(app, programmeId);
        var client = app.ClientAs(Roles.Coordinator, "1804");

        var created = await client.PostAsJsonAsync($"/api/programmes/{programmeId}/deviations", Body());
        var deviation = await created.JsonAsync(HttpStatusCode.Created);
        var id = deviation.GetProperty("id").GetGuid();
        Assert.Equal($"/api/programmes/{programmeId}/deviations/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("open", deviation.GetProperty("status").GetString());
        Assert.NotEqual(0u, deviation.GetProperty("version").GetUInt32());
        Assert.NotEqual(versionBefore, await TestProgrammes.VersionAsync(app, programmeId));

        var closed = await (await client.PutAsJsonAsync(created.Headers.Location, Body(status: "closed"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKindString, closed.GetProperty("closedAt").ValueKind);

        var list = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/programmes/{programmeId}/deviations");
        Assert.Equal("closed", Assert.Single(list.EnumerateArray()).GetProperty("status").GetString());
        var stored = await app.WithDbAsync(db => db.Deviations.SingleAsync(d => d.Id == id));
        Assert.Equal("Kulturskolerektor", stored.Owner);
        Assert.Equal(new DateOnly(2026, 10, 2), stored.Deadline);

        var journal = await TestProgrammes.JournalAsync(app, $"deviation:{id}");
        Assert.Equal(["deviation-recorded", "deviation-closed"], journal.Select(j => j.Action));
        Assert.All(journal, j => Assert.Equal(programmeId, j.ProgrammeId));
        Assert.Null(journal[0].Before);
        Assert.Equal("open", TestProgrammes.JsonField(journal[1].Before, "status"));
        Assert.Equal("closed", TestProgrammes.JsonField(journal[1].After, "status"));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindString = System.Text.Json.JsonValueKind.String;

    [Fact]
    public async Task InvalidDeviation_Gives400NamingTheField_AndStoresNothing()
    {
        var programmeId = await app.StartAsync("1833", TestProgrammes.Start);
        var client = app.ClientAs(Roles.Coordinator, "1833");

        var response = await client.PostAsJsonAsync($"/api/programmes/{programmeId}/deviations", Body(description: ""));

        Assert.Equal("Beskrivelse må fylles ut.", await response.FieldErrorAsync("description"));
        Assert.False(await app.WithDbAsync(db => db.Deviations.AnyAsync(d => d.ProgrammeId == programmeId)));
        Assert.False(await app.WithDbAsync(db => db.JournalEntries.AnyAsync(j => j.ProgrammeId == programmeId && j.Action != "programme-started")));
    }

    [Fact]
    public async Task CoordinatorOfAnotherMunicipality_Gets404_AndNothingChanges()
    {
        var programmeId = await app.StartAsync("1806", TestProgrammes.Start);
        var deviationId = await RecordAsOwnerAsync(programmeId);
        var stranger = app.ClientAs(Roles.Coordinator, "0301");

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/programmes/{programmeId}/deviations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/programmes/{programmeId}/deviations", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync($"/api/programmes/{programmeId}/deviations/{deviationId}", Body("Endret"))).StatusCode);

        var stored = await app.WithDbAsync(db => db.Deviations.Where(d => d.ProgrammeId == programmeId).ToListAsync());
        Assert.Equal("Dialogmøtet ble avlyst", Assert.Single(stored).Description);
        Assert.Single(await TestProgrammes.JournalAsync(app, $"deviation:{deviationId}"));
    }

    [Fact]
    public async Task Steering_Reads_ButGets403OnWrites()
    {
        var programmeId = await app.StartAsync("1841", TestProgrammes.Start);
        var deviationId = await RecordAsOwnerAsync(programmeId);
        var steering = app.ClientAs(Roles.Steering);

        Assert.Equal(HttpStatusCode.OK, (await steering.GetAsync($"/api/programmes/{programmeId}/deviations/{deviationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await steering.PostAsJsonAsync($"/api/programmes/{programmeId}/deviations", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await steering.PutAsJsonAsync($"/api/programmes/{programmeId}/deviations/{deviationId}", Body(status: "closed"))).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Deviations.CountAsync(d => d.ProgrammeId == programmeId && d.Status == Api.Features.Programmes.TrackingStatus.Open)));
    }

    [Fact]
    public async Task Owner_CanRecordAndUpdate_AndAnUnknownDeviationIs404()
    {
        var programmeId = await app.StartAsync("1820", TestProgrammes.Start);
        var deviationId = await RecordAsOwnerAsync(programmeId);
        var owner = app.ClientAs(Roles.Owner);

        var updated = await (await owner.PutAsJsonAsync($"/api/programmes/{programmeId}/deviations/{deviationId}", Body("Samlingen ble flyttet"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Samlingen ble flyttet", updated.GetProperty("description").GetString());
        Assert.Equal("deviation-updated", (await TestProgrammes.JournalAsync(app, $"deviation:{deviationId}"))[^1].Action);

        var missing = await owner.PutAsJsonAsync($"/api/programmes/{programmeId}/deviations/{Guid.NewGuid()}", Body());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<Guid> RecordAsOwnerAsync(Guid programmeId)
    {
        var created = await app.ClientAs(Roles.Owner).PostAsJsonAsync($"/api/programmes/{programmeId}/deviations", Body());
        return (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }
    [Fact]
    public async Task StaleIfMatch_OnADeviationUpdate_Gives409_AndChangesNothing()
    {
        var programmeId = await app.StartAsync("1845", TestProgrammes.Start);
        var client = app.ClientAs(Roles.Coordinator, "1845");
        var created = await client.PostAsJsonAsync($"/api/programmes/{programmeId}/deviations", Body());
        var etag = (await client.GetAsync($"/api/programmes/{programmeId}")).Headers.ETag!.Tag;
        // Someone else changes the programme in between.
        await client.PostAsync($"/api/programmes/{programmeId}/tasks/forankre-politisk/start", null);

        var stale = new HttpRequestMessage(HttpMethod.Put, created.Headers.Location) { Content = JsonContent.Create(Body(description: "Endret")) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(stale)).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Deviations.CountAsync(d => d.Description == "Endret")));

        var fresh = new HttpRequestMessage(HttpMethod.Put, created.Headers.Location) { Content = JsonContent.Create(Body(description: "Endret")) };
        fresh.Headers.TryAddWithoutValidation("If-Match", (await client.GetAsync($"/api/programmes/{programmeId}")).Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(fresh)).StatusCode);
    }
}
