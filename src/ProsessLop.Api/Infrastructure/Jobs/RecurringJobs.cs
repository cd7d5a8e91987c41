using System.Linq.Expressions;
using System.Reflection;
using Hangfire;
using ProsessLop.Workflow.Calendar;

namespace ProsessLop.Api.Infrastructure.Jobs;

/// A job that runs on a schedule. The class declares its own schedule, and the host finds every
/// such class in this assembly: adding a recurring job means adding one class.
public interface IRecurringJob
{
    /// Registers (or updates, or removes) the job's recurring schedule. Idempotent: every host
    /// calls it at start. The services are the root provider (options, the definition registry).
    static abstract void Schedule(IRecurringJobManager jobs, IServiceProvider services);
}

public static class RecurringJobs
{
    /// Every recurring job class in this assembly.
    public static IReadOnlyList<Type> All { get; } = typeof(RecurringJobs).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRecurringJob).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    /// The common schedule: one job id, a cron read in Oslo time.
    public static void AddOrUpdateInOslo<TJob>(this IRecurringJobManager jobs, string id, Expression<Func<TJob, Task>> run, string cron) =>
        jobs.AddOrUpdate(id, run, cron, new RecurringJobOptions { TimeZone = OsloTime.Zone });

    /// Each job activated in a scope of its own (Hangfire's activator resolves it from DI).
    public static IServiceCollection AddRecurringJobs(this IServiceCollection services)
    {
        foreach (var type in All)
        {
            services.AddScoped(type);
        }

        return services;
    }

    /// Registers (or updates) every recurring job; idempotent, so every host may call it at start.
    public static void ScheduleRecurringJobs(this IServiceProvider services)
    {
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        var schedule = typeof(RecurringJobs).GetMethod(nameof(ScheduleOne), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in All)
        {
            schedule.MakeGenericMethod(type).Invoke(null, [jobs, services]);
        }
    }

    private static void ScheduleOne<TJob>(IRecurringJobManager jobs, IServiceProvider services) where TJob : IRecurringJob =>
        TJob.Schedule(jobs, services);
}
