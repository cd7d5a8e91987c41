using System.Globalization;
using Hangfire;
using Mediator;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Jobs;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.StatusReports;

/// The scheduled compilation: the same command an owner sends, run as the system.
public sealed class StatusCompilationJob(IMediator mediator, ILogger<StatusCompilationJob> logger) : IRecurringJob
{
    public static string RecurringId(string definitionKey) => $"status-compilation:{definitionKey}";

    public async Task RunAsync(string definitionKey, CancellationToken ct)
    {
        var result = await mediator.Send(new CompileStatus(definitionKey), ct);
        if (!result.Succeeded)
        {
            // A definition removed since scheduling: nothing to compile, and retrying will not help.
            logger.LogWarning("Status compilation for {DefinitionKey} skipped: {Detail}", definitionKey, result.Error.Detail);
        }
    }

    /// Cron for a compilation policy (cron counts weekdays from Sunday = 0), in the policy's own time zone (Hangfire applies it).
    public static string Cron(StatusCompilationPolicy policy)
    {
        var time = TimeOnly.ParseExact(policy.Time, "HH:mm", CultureInfo.InvariantCulture);
        return policy.Frequency == CompilationFrequency.Weekly
            ? $"{time.Minute} {time.Hour} * * {((int)(policy.DayOfWeek ?? Weekday.Monday) + 1) % 7}"
            : $"{time.Minute} {time.Hour} {policy.DayOfMonth ?? 1} * *";
    }

    /// One recurring job per definition with a compilation policy (its newest version decides).
    public static void Schedule(IRecurringJobManager jobs, IServiceProvider services)
    {
        foreach (var definition in services.GetRequiredService<DefinitionRegistry>().LatestOfEach())
        {
            ScheduleFor(jobs, definition);
        }
    }

    /// The recurring job for a definition's newest version: added, moved to its policy, or removed when it has none.
    public static void ScheduleFor(IRecurringJobManager jobs, ProgrammeDefinition definition)
    {
        if (definition.StatusCompilation is not { } policy)
        {
            jobs.RemoveIfExists(RecurringId(definition.Key));
            return;
        }

        var key = definition.Key;
        jobs.AddOrUpdate<StatusCompilationJob>(RecurringId(key), job => job.RunAsync(key, CancellationToken.None), Cron(policy),
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(policy.TimeZone) });
    }
}
