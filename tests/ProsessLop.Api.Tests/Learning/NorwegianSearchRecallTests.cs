using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ProsessLop.Api.Tests.Learning;

/// /laering promises that a word finds its inflected forms. Measured on a small set of Norwegian
/// word forms: every form of a word, searched, must find the entries holding any form of it,
/// and nothing else.
public sealed class NorwegianSearchRecallTests(ProsessApp app, ITestOutputHelper output) : IClassFixture<ProsessApp>
{
    private static readonly string[][] Words =
    [
        // Agent nouns in -er: PostgreSQL's Norwegian stemmer alone splits these.
        ["politiker", "politikere", "politikerne", "politikeren"],
        ["lærer", "lærere", "lærerne", "læreren"],
        ["leder", "ledere", "lederne", "lederen"],
        ["deltaker", "deltakere", "deltakerne", "deltakeren"],
        ["skoleeier", "skoleeiere", "skoleeierne"],
        // Words the stemmer already handled: they must keep working.
        ["samarbeid", "samarbeidet", "samarbeidene"],
        ["elev", "elever", "elevene", "eleven"],
        ["kulturskole", "kulturskolen", "kulturskoler", "kulturskolene"],
        ["erfaring", "erfaringer", "erfaringene"],
    ];

    [Fact]
    public async Task EveryFormOfAWord_FindsEveryEntryWithAnyFormOfIt_AndNoOther()
    {
        var programme = await app.StartAsync("1804", TestProgrammes.Start);
        var owner = app.ClientAs(Roles.Owner);
        var entryOf = new Dictionary<string, Guid>();
        foreach (var form in Words.SelectMany(w => w))
        {
            var created = await (await owner.PostAsJsonAsync($"/api/programmes/{programme}/learning",
                new { stageKey = "forankring", whatWeTried = $"Møte med {form} i høst", whatWeLearned = "Vi fikk et godt inntrykk." })).JsonAsync(HttpStatusCode.Created);
            entryOf[form] = created.GetProperty("id").GetGuid();
        }

        var searcher = app.ClientAs(Roles.Coordinator, "4601");
        int expected = 0, found = 0, foundByStemsAlone = 0, wrong = 0;
        foreach (var word in Words)
        {
            var should = word.Select(f => entryOf[f]).ToHashSet();
            foreach (var query in word)
            {
                var page = await searcher.GetFromJsonAsync<JsonElement>($"/api/learning?q={Uri.EscapeDataString(query)}&pageSize=100");
                // The class's other test adds entries too: only this programme's count.
                var hits = page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("programmeId").GetGuid() == programme)
                    .Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
                var stems = await StemsAloneAsync(query, should);
                expected += should.Count;
                found += should.Count(hits.Contains);
                foundByStemsAlone += stems;
                wrong += hits.Count(h => !should.Contains(h));
                Assert.True(should.SetEquals(hits), $"«{query}» found {hits.Count(should.Contains)} of {should.Count}, and {hits.Count(h => !should.Contains(h))} others");
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Recall over {expected} (query form, entry form) pairs: {found / (double)expected:P0} (stems alone: {foundByStemsAlone / (double)expected:P0}); wrong hits: {wrong}."));
        Assert.Equal(expected, found);
        Assert.Equal(0, wrong);
    }

    [Fact]
    public async Task Eller_MeansEitherOr_AndUnrelatedWordsStayApart()
    {
        var programme = await app.StartAsync("1806", TestProgrammes.Start);
        var owner = app.ClientAs(Roles.Owner);
        foreach (var (tried, learned) in new[] { ("Samtale med politikerne", "Godt møte"), ("Kurs for lærerne", "Nyttig dag"), ("Læring i stille timer", "Fint") })
        {
            await (await owner.PostAsJsonAsync($"/api/programmes/{programme}/learning", new { stageKey = "forankring", whatWeTried = tried, whatWeLearned = learned })).JsonAsync(HttpStatusCode.Created);
        }

        var searcher = app.ClientAs(Roles.Steering);
        async Task<string[]> Tried(string q) => [.. (await searcher.GetFromJsonAsync<JsonElement>($"/api/learning?q={Uri.EscapeDataString(q)}"))
            .GetProperty("items").EnumerateArray().Where(i => i.GetProperty("programmeId").GetGuid() == programme)
            .Select(i => i.GetProperty("whatWeTried").GetString()!).Order()];

        Assert.Equal(["Kurs for lærerne", "Samtale med politikerne"], await Tried("politiker eller lærer"));
        Assert.Equal(["Kurs for lærerne", "Samtale med politikerne"], await Tried("Politiker ELLER lærer"));
        Assert.Equal(["Samtale med politikerne"], await Tried("politiker -lærer"));
        Assert.Empty(await Tried("\"politiker eller lærer\""));
        Assert.Equal(["Kurs for lærerne"], await Tried("lærer"));
        Assert.Equal(["Læring i stille timer"], await Tried("læring"));
        Assert.Empty(await Tried("leder"));
    }

    /// What PostgreSQL's Norwegian stems alone find, for the measurement.
    private Task<int> StemsAloneAsync(string query, IReadOnlyCollection<Guid> among) =>
        app.WithDbAsync(db => db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM learning_entries WHERE id = ANY({among.ToArray()}) AND to_tsvector('norwegian', what_we_tried || ' ' || what_we_learned) @@ websearch_to_tsquery('norwegian', {query})").SingleAsync());
}
