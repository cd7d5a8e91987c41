using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Programmes;

/// The journal says what an entry concerns in words: item names, descriptions, people's names —
/// never `risk:{id}` or a task key (the key stays in `target` for programs).
public sealed class JournalNamesTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task Journal_NamesItemsRisksDeviationsAndPeople()
    {
        var programme = await app.StartAsync("1804", TestProgrammes.Start);
        var owner = app.ClientAs(Roles.Owner);
        var coordinator = app.ClientAs(Roles.Coordinator, "1804");
        var kari = await app.AddContactAsync("1804", "Kari Nordmann");
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/programmes/{programme}/tasks/forankre-politisk/assignee", new { contactPersonId = kari })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"/api/programmes/{programme}/tasks/utpeke-kontaktperson/complete", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"/api/programmes/{programme}/reports/forankringsnotat/sections/forankring", new { text = "Vedtatt i kommunestyret." })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/programmes/{programme}/risks", new
        {
            description = "Kommunestyret\nprioriterer andre tiltak", probability = 3, consequence = 4, mitigation = "Følge opp", owner = "Kommunalsjef", status = "open",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/programmes/{programme}/deviations", new
        {
            description = "Samling avlyst", cause = "Sykdom", consequence = "Forsinkelse", action = "Ny dato", owner = "Rektor",
            deadline = TestProgrammes.Start.AddDays(30).ToString("yyyy-MM-dd"),
        })).StatusCode);

        var journal = await (await owner.GetAsync($"/api/programmes/{programme}/journal")).JsonAsync(HttpStatusCode.OK);
        var named = journal.GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("action").GetString()!, e => (Target: e.GetProperty("target").GetString()!, Name: e.GetProperty("targetName").GetString()!));

        Assert.Equal("Fremtidens kulturskole", named["programme-started"].Name);
        Assert.Equal(("forankre-politisk", "Forankre deltakelsen politisk"), named["task-assigned"]);
        Assert.Equal(("utpeke-kontaktperson", "Utpeke kontaktperson for programmet"), named["CompleteTask"]);
        Assert.Equal("Forankringsnotat og deltakeravtale: Administrativ og politisk forankring", named["report-section-saved"].Name);
        Assert.StartsWith("risk:", named["risk-recorded"].Target, StringComparison.Ordinal);
        Assert.Equal("Risiko: Kommunestyret prioriterer andre tiltak", named["risk-recorded"].Name);
        Assert.Equal("Avvik: Samling avlyst", named["deviation-recorded"].Name);
        Assert.All(named.Values, v => Assert.DoesNotMatch("^(risk|deviation|contact):|^[a-z-]+$", v.Name));
    }

    [Fact]
    public async Task StatusReport_NamesWhoCompiledIt()
    {
        var response = await app.ClientFor("demo-owner", Roles.Owner).PostAsync($"/api/status-reports/{ProgrammeSteps.DefaultDefinition}", null);
        var report = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("demo-owner", report.GetProperty("compiledBy").GetString());
        Assert.Equal("Test owner", report.GetProperty("compiledByName").GetString());
        var listed = await (await app.ClientAs(Roles.Steering).GetAsync($"/api/status-reports?definition={ProgrammeSteps.DefaultDefinition}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Test owner", listed.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == report.GetProperty("id").GetGuid()).GetProperty("compiledByName").GetString());
    }
}
