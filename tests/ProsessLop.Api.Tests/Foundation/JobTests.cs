using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using ProsessLop.Api.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Housekeeping;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

public sealed class JobTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task HousekeepingJob_EnqueuedInHangfire_RunsAgainstPostgres()
    {
        var now = DateTimeOffset.UtcNow;
        await app.WithDbAsync(async db =>
        {
            db.IdempotencyKeys.AddRange(
                new IdempotencyKey { UserId = "u1", Key = "expired", RequestHash = "h", StatusCode = 201, CreatedAt = now.AddDays(-2), ExpiresAt = now.AddDays(-1) },
                new IdempotencyKey { UserId = "u1", Key = "fresh", RequestHash = "h", StatusCode = 201, CreatedAt = now, ExpiresAt = now.AddDays(1) });
            return await db.SaveChangesAsync();
        });

        var jobId = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<HousekeepingJob>(j => j.RunAsync(CancellationToken.None));

        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? state = null;
        while (DateTime.UtcNow < deadline)
        {
            state = monitor.JobDetails(jobId)?.History.FirstOrDefault()?.StateName;
            if (state is "Succeeded" or "Failed")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("Succeeded", state);
        var keys = await app.WithDbAsync(db => db.IdempotencyKeys.Select(k => k.Key).ToListAsync());
        Assert.Equal(["fresh"], keys);
    }

    [Fact]
    public void HousekeepingJob_IsScheduled_DailyInOsloTime()
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == HousekeepingJob.RecurringId);
        Assert.Equal("0 3 * * *", job.Cron);
        Assert.Equal("Europe/Oslo", job.TimeZoneId);
    }

    [Fact]
    public async Task ALockLeftByAKilledJobHost_IsTakenOver_WithinAMinute()
    {
        // A host killed with `kill -9` leaves its lock row behind (bench/faults/jobs-kill.sh: the
        // recurring-job scheduler's lock stopped every recurring job for Hangfire.PostgreSql's
        // default 10 minutes). Here the row of a holder that died 2 minutes ago.
        var storage = app.Services.GetRequiredService<JobStorage>();
        var resource = $"fault-test:{Guid.NewGuid():N}";
        using (var dead = storage.GetConnection())
        {
            dead.AcquireDistributedLock(resource, TimeSpan.FromSeconds(5)); // never released, as in a crash
            await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE hangfire.lock SET acquired = now() - interval '2 minutes' WHERE resource LIKE {"%" + resource}"));

            using var next = storage.GetConnection();
            using var taken = next.AcquireDistributedLock(resource, TimeSpan.FromSeconds(5));
            Assert.NotNull(taken);
        }
    }

    [Fact]
    public void EveryRecurringJobClass_IsFound_AndScheduled()
    {
        Assert.Contains(typeof(HousekeepingJob), RecurringJobs.All);
        Assert.Contains(typeof(ProsessLop.Api.Features.Reminders.ReminderJob), RecurringJobs.All);
        Assert.Contains(typeof(ProsessLop.Api.Features.Notifications.OutboxRelayJob), RecurringJobs.All);
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var ids = connection.GetRecurringJobs().Select(j => j.Id).ToList();
        Assert.Contains(HousekeepingJob.RecurringId, ids);
        Assert.Contains(ProsessLop.Api.Features.Reminders.ReminderJob.RecurringId, ids);
        Assert.Contains(ProsessLop.Api.Features.Notifications.OutboxRelayJob.RecurringId, ids);
    }
}

/// Hangfire keeps a process-wide activator; two hosts in one process (the tests, or any
/// in-process composition) must each activate jobs in their own container.
public sealed class JobActivatorTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public void EachHost_ActivatesJobs_InItsOwnContainer_EvenWhenAnotherHostConfiguresHangfireLater()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Host:Role"] = "web" }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddProsessJobs(configuration, app.ConnectionString);
        var marker = new Marker();
        services.AddSingleton(marker);
        var previous = JobActivator.Current;
        using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<IGlobalConfiguration>(); // what every host does at start
            try
            {
                JobActivator.Current = new JobActivator(); // another host in the process configures Hangfire after us
                using var scope = provider.GetRequiredService<JobActivator>().BeginScope((JobActivatorContext)null!);
                Assert.Same(marker, scope.Resolve(typeof(Marker)));
            }
            finally
            {
                JobActivator.Current = previous;
            }
        }

        // That host has stopped; Hangfire's process-wide log provider still points at it. Other
        // hosts creating Hangfire components (and loggers) must not fail because of it.
        var exception = Record.Exception(() => Hangfire.Logging.LogProvider.GetLogger("after-dispose").Log(Hangfire.Logging.LogLevel.Info, () => "x"));
        Assert.Null(exception);
    }

    private sealed class Marker;
}
