using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Learning;

public sealed class LearningTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private const string FirstStage = "forankring";

    private static object Body(string tried, string learned, string stageKey = FirstStage, string? advice = null) =>
        new { stageKey, whatWeTried = tried, whatWeLearned = learned, adviceToOthers = advice };

    [Fact]
    public async Task Coordinator_RecordsLearning_ForAStage_WithAuthorAndJournal()
    {
        var programmeId = await app.StartAsync("1804", TestProgrammes.Start);
        var stage = await FirstStageKeyAsync(programmeId);
        var client = app.ClientAs(Roles.Coordinator, "1804");

        var created = await client.PostAsJsonAsync($"/api/programmes/{programmeId}/learning",
            Body("Felles planleggingsdag med skolene", "Rektorene ble med når de fikk tid", stage, "Sett av tid tidlig"));
        var entry = await created.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Test coordinator", entry.GetProperty("authorName").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/programmes/{programmeId}/learning");
        Assert.Equal(stage, Assert.Single(list.EnumerateArray()).GetProperty("stageKey").GetString());
        var journal = await TestProgrammes.JournalAsync(app, $"learning:{entry.GetProperty("id").GetGuid()}");
        Assert.Equal("learning-recorded", Assert.Single(journal).Action);
    }

    [Fact]
    public async Task UnknownStage_AndMissingText_Give400NamingTheField()
    {
        var programmeId = await app.StartAsync("1833", TestProgrammes.Start);
        var client = app.ClientAs(Roles.Owner);

        var unknownStage = await client.PostAsJsonAsync($"/api/programmes/{programmeId}/learning", Body("a", "b", "finnes-ikke"));
        Assert.Contains("finnes-ikke", await unknownStage.FieldErrorAsync("stageKey"));
        var missing = await client.PostAsJsonAsync($"/api/programmes/{programmeId}/learning", Body("a", "", await FirstStageKeyAsync(programmeId)));
        Assert.Equal("Hva vi lærte må fylles ut.", await missing.FieldErrorAsync("whatWeLearned"));
        Assert.False(await app.WithDbAsync(db => db.LearningEntries.AnyAsync(l => l.ProgrammeId == programmeId)));
        Assert.False(await app.WithDbAsync(db => db.JournalEntries.AnyAsync(j => j.ProgrammeId == programmeId && j.Action != "programme-started")));
    }

    [Fact]
    public async Task ForeignCoordinator_Gets404_SteeringGets403_OnAProgrammesLearning()
    {
        var programmeId = await app.StartAsync("1806", TestProgrammes.Start);
        var stage = await FirstStageKeyAsync(programmeId);
        var stranger = app.ClientAs(Roles.Coordinator, "0301");
        var steering = app.ClientAs(Roles.Steering);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/programmes/{programmeId}/learning")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/programmes/{programmeId}/learning", Body("a", "b", stage))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await steering.GetAsync($"/api/programmes/{programmeId}/learning")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await steering.PostAsJsonAsync($"/api/programmes/{programmeId}/learning", Body("a", "b", stage))).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.LearningEntries.AnyAsync(l => l.ProgrammeId == programmeId)));
    }

    [Fact]
    public async Task Search_FindsInflectedNorwegianWords_AcrossProgrammes_Ranked()
    {
        var bodo = await app.StartAsync("1870", TestProgrammes.Start);
        var oslo = await app.StartAsync("0301", TestProgrammes.Start);
        var owner = app.ClientAs(Roles.Owner);
        var stage = await FirstStageKeyAsync(bodo);
        await (await owner.PostAsJsonAsync($"/api/programmes/{bodo}/learning",
            Body("Samarbeid med barnehagene om musikk", "Samarbeid krever faste møter", stage))).JsonAsync(HttpStatusCode.Created);
        await (await owner.PostAsJsonAsync($"/api/programmes/{oslo}/learning",
            Body("Nye undervisningsformer i dans", "Elevene likte korte kurs, og samarbeid ble nevnt én gang", stage))).JsonAsync(HttpStatusCode.Created);
        await (await owner.PostAsJsonAsync($"/api/programmes/{oslo}/learning",
            Body("Åpen dag på kulturskolen", "Foreldrene kom", stage))).JsonAsync(HttpStatusCode.Created);

        // Any signed-in role searches everyone's learning — here a coordinator from elsewhere.
        var searcher = app.ClientAs(Roles.Coordinator, "4601");
        var found = await searcher.GetFromJsonAsync<JsonElement>("/api/learning?q=samarbeidet");
        var items = found.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, found.GetProperty("total").GetInt32());
        Assert.Equal(["Sortland - Suortá", "Oslo"], items.Select(i => i.GetProperty("participantName").GetString()));
        Assert.True(items[0].GetProperty("rank").GetSingle() > items[1].GetProperty("rank").GetSingle());
        Assert.Contains("«", items[0].GetProperty("snippet").GetString());

        var filtered = await searcher.GetFromJsonAsync<JsonElement>("/api/learning?q=foreldre&definition=fremtidens-kulturskole&page=1&pageSize=5");
        Assert.Equal("Oslo", Assert.Single(filtered.GetProperty("items").EnumerateArray()).GetProperty("participantName").GetString());
        var otherDefinition = await searcher.GetFromJsonAsync<JsonElement>("/api/learning?q=foreldre&definition=ks-utviklingsnettverk");
        Assert.Empty(otherDefinition.GetProperty("items").EnumerateArray());

        var none = await searcher.GetFromJsonAsync<JsonElement>("/api/learning?q=fotballbane");
        Assert.Empty(none.GetProperty("items").EnumerateArray());
        Assert.Equal(0, none.GetProperty("total").GetInt32());

        foreach (var bad in new[] { "\"&|!('", "samarbeid & | !", ")(", "'", "-", "\"samarbeid" })
        {
            var response = await searcher.GetAsync($"/api/learning?q={Uri.EscapeDataString(bad)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var all = await searcher.GetFromJsonAsync<JsonElement>("/api/learning?pageSize=2");
        Assert.True(all.GetProperty("total").GetInt32() >= 3); // other tests in this class add entries too
        Assert.Equal(2, all.GetProperty("items").GetArrayLength());
    }

    private Task<string> FirstStageKeyAsync(Guid programmeId) =>
        app.WithDbAsync(db => db.Programmes.Where(p => p.Id == programmeId).Select(p => p.CurrentStageKey).SingleAsync());
}
