using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Programmes;

/// Health moves with the date alone (a deadline passes without any command); the nightly job
/// brings the derived columns the overview filters on up to date.
public sealed class DerivedRefreshTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task AfterADeadlinePasses_TheNightlyRefresh_MakesTheLateFilterFindTheProgramme()
    {
        // Far enough ahead that no work planned before the start is due yet.
        var programme = await app.StartAsync("1804", DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(300));
        var owner = app.ClientAs(Roles.Owner);
        var before = await app.WithDbAsync(db => db.Programmes.AsNoTracking().SingleAsync(p => p.Id == programme));
        Assert.NotEqual(Workflow.Engine.Health.Late, before.Health);

        app.Clock.Advance(TimeSpan.FromDays(500));
        Assert.DoesNotContain(programme, await LateAsync(owner));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RefreshDerivedColumnsJob>().RunAsync(CancellationToken.None);
        }

        Assert.Contains(programme, await LateAsync(owner));
        var after = await app.WithDbAsync(db => db.Programmes.AsNoTracking().SingleAsync(p => p.Id == programme));
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.NotEqual(before.Version, after.Version);

        // Nothing moved since: the next run writes no row.
        var again = await app.SendAsync<RefreshedBatch>(new RefreshDerivedColumns(null));
        Assert.Equal(0, again.Changed);
        Assert.Equal(after.Version, await TestProgrammes.VersionAsync(app, programme));
    }

    [Fact]
    public void TheRefresh_IsScheduled_Nightly_InOsloTime_ByDefault()
    {
        Assert.Equal("0 2 * * *", new Api.Infrastructure.Jobs.JobOptions().RefreshDerivedCron);
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == RefreshDerivedColumnsJob.RecurringId);
        Assert.Equal("Europe/Oslo", job.TimeZoneId);
    }

    private static async Task<List<Guid>> LateAsync(HttpClient owner) =>
        (await owner.GetFromJsonAsync<JsonElement>("/api/programmes?health=late&pageSize=500")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid()).ToList();
}
