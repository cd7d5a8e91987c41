using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;

namespace ProsessLop.Api.Infrastructure.Jobs;

public sealed class JobOptions
{
    public const string Section = "Hangfire";

    /// How often idle workers look for new jobs. Hangfire's own default (15 s) suits production;
    /// Development and tests want seconds or less.
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// How often scheduled and recurring jobs are checked.
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    public int WorkerCount { get; set; } = Math.Min(Environment.ProcessorCount * 5, 20);

    /// When a lock in Hangfire's `lock` table counts as left behind by a dead process. Hangfire.PostgreSql
    /// keeps its locks as rows; a job host killed while holding one (the recurring-job scheduler takes
    /// one for every enqueue) blocked every recurring job of every host until the row aged out —
    /// 10 minutes by default (bench/faults/jobs-kill.sh). Our locks are held for milliseconds
    /// (no job uses DisableConcurrentExecution), so one minute is safe.
    public TimeSpan DistributedLockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// Cron (Europe/Oslo) for the daily housekeeping job.
    public string HousekeepingCron { get; set; } = "0 3 * * *";

    /// Cron (Europe/Oslo) for the reminder sweep: every morning; it sends only on working days.
    public string RemindersCron { get; set; } = "0 7 * * *";

    /// Cron (Europe/Oslo) for the nightly refresh of the programmes' derived columns (health,
    /// next deadline) that move because the date passed.
    public string RefreshDerivedCron { get; set; } = "0 2 * * *";

    /// Cron for the e-mail relay (every minute).
    public string OutboxRelayCron { get; set; } = "* * * * *";
}

/// What this host process does: serve the API, run background jobs, or both (default). Jobs can
/// then be scaled separately on the same database: `Host__Role=web` and `Host__Role=jobs`.
public static class HostRoles
{
    public const string Section = "Host:Role";

    public static bool RunsJobs(IConfiguration configuration) => Role(configuration) is "all" or "jobs";

    public static bool ServesWeb(IConfiguration configuration) => Role(configuration) is "all" or "web";

    private static string Role(IConfiguration configuration)
    {
        var role = (configuration[Section] ?? "all").Trim().ToLowerInvariant();
        return role is "all" or "web" or "jobs"
            ? role
            : throw new StartupException($"Host__Role must be all, web or jobs, not '{role}'.");
    }
}

public static class HangfireSetup
{
    public const string Schema = "hangfire";

    public static IServiceCollection AddProsessJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var options = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        services.AddSingleton(options);
        // Our own storage instance in DI, not Hangfire's process-wide JobStorage.Current: two hosts
        // in one process (the tests) must never enqueue into each other's database.
        // The schema is installed in the start-up step (InstallSchema), under the start-up lock, not
        // here: two hosts starting on a new database would both run the install scripts at once.
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = Schema, QueuePollInterval = options.QueuePollInterval, PrepareSchemaIfNecessary = false,
            DistributedLockTimeout = options.DistributedLockTimeout,
        };
        var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, storageOptions, null), storageOptions);
        services.AddSingleton<JobStorage>(storage);
        // Likewise our own activator: AddHangfire would register the process-wide
        // JobActivator.Current, which the last host configured in the process owns — a test host's
        // worker then ran its jobs in another host's container, against that host's database.
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, cfg) => cfg
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (HostRoles.RunsJobs(configuration))
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = options.SchedulePollingInterval;
                // A span per job, on this server only: Hangfire's global filters are process-wide,
                // and two hosts in one process would each add theirs (two spans per job).
                server.FilterProvider = new JobFilterProviderCollection(JobFilterProviders.Providers, new JobFilterCollection { new Telemetry.JobTracingFilter() });
            });
        }

        services.AddRecurringJobs();
        return services;
    }

    /// Creates or upgrades Hangfire's tables (idempotent: each script checks the schema version).
    public static void InstallSchema(string connectionString)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        PostgreSqlObjectsInstaller.Install(connection, Schema);
    }
}

/// Hangfire's log provider is process-wide and set by the host configured last. When that host
/// stops (tests run several hosts in one process), the others must not fail creating loggers
/// from its disposed factory: they log nothing instead. One host per process logs as usual.
internal sealed class HostLogProvider(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
{
    private readonly Hangfire.AspNetCore.AspNetCoreLogProvider _inner = new(factory);

    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : Hangfire.Logging.ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
