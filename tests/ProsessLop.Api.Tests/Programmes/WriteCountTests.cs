using System.Net;
using System.Net.Http.Json;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Programmes;

/// What a command asks of PostgreSQL: the programme row written once, and its state document
/// only when the state changed (the benchmark's "rows written per command" in a test).
public sealed class WriteCountTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task CompletingATask_WritesTheProgrammeRowOnce_AndOneJournalEntry()
    {
        var id = await app.StartAsync("4601");
        // Every statement, not only EF's: the command writes through Npgsql directly.
        using var sql = await SqlLog.StartAsync(app.ConnectionString, everyStatement: true);

        var response = await app.ClientAs(Roles.Coordinator, "4601").PostAsync($"/api/programmes/{id}/tasks/utpeke-kontaktperson/complete", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, sql.Count("UPDATE programmes SET"));
        Assert.Contains(sql.Commands, c => c.Contains("UPDATE programmes SET", StringComparison.Ordinal) && c.Contains("state = ", StringComparison.Ordinal));
        Assert.Equal(1, sql.Count("INSERT INTO journal_entries"));
    }

    [Fact]
    public async Task RegisteringADeviation_TouchesTheProgramme_WithoutRewritingItsState()
    {
        var id = await app.StartAsync("4602");
        using var sql = await SqlLog.StartAsync(app.ConnectionString, everyStatement: true);

        var response = await app.ClientAs(Roles.Coordinator, "4602").PostAsJsonAsync($"/api/programmes/{id}/deviations", new
        {
            description = "Dialogmøtet ble avlyst",
            cause = "For få påmeldte",
            consequence = "Utviklingsplanen blir forsinket",
            action = "Nytt møte i uke 40",
            owner = "Kulturskolerektor",
            deadline = "2026-10-02",
            status = "open",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var update = Assert.Single(sql.Commands, c => c.Contains("UPDATE programmes SET", StringComparison.Ordinal));
        Assert.DoesNotContain("state = ", update, StringComparison.Ordinal);
    }
}
