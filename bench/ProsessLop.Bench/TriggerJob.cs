using Hangfire;
using Hangfire.PostgreSql;
using ProsessLop.Api.Infrastructure.Jobs;

namespace ProsessLop.Bench;

/// `trigger-job --connection CS --id reminders`: runs a recurring job once, now, on whichever
/// job host polls the database (Hangfire's RecurringJobManager.TriggerJob enqueues it), so
/// bench/growth.sh no longer depends on a cron minute the job host may start after under load
/// (the ×200 sweep of session 7 never ran for that reason). Waits up to `--wait` seconds
/// (default 120) for the host to have registered the job; prints the enqueued job's id.
internal static class TriggerJob
{
    public static async Task<int> Run(BenchOptions options)
    {
        var connection = options.Required("connection");
        var id = options.Required("id");
        // The host's serializer settings, so the job it dequeues is written as it writes its own.
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
        var storageOptions = new PostgreSqlStorageOptions { SchemaName = HangfireSetup.Schema, PrepareSchemaIfNecessary = false };
        var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connection, storageOptions, null), storageOptions);
        var manager = new RecurringJobManager(storage);
        for (var waited = 0; waited <= options.Int("wait", 120); waited++)
        {
            using (var storageConnection = storage.GetConnection())
            {
                if (storageConnection.GetAllEntriesFromHash($"recurring-job:{id}") is { Count: > 0 })
                {
                    Console.WriteLine($"trigger-job: {id} enqueued as job {manager.TriggerJob(id)}");
                    return 0;
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Console.Error.WriteLine($"trigger-job: no recurring job '{id}' registered");
        return 1;
    }
}
