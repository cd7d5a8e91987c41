using System.Diagnostics;
using Npgsql;

namespace ProsessLop.Api.Infrastructure.Persistence;

/// Start-up work that must run once however many hosts start together against one database:
/// migrations, the Hangfire schema, publishing the workflow definitions, the demo data, the first
/// Data Protection key. It runs under a PostgreSQL session advisory lock, so a second host waits
/// for the first and then finds the work done. EF Core's own migration lock (Npgsql: LOCK TABLE
/// on the history table, in the migration's transaction) covers only the migrations, not what
/// comes around them; this lock is the one that makes the whole step safe.
public static class StartupLock
{
    /// Any fixed number, the same in every version of the host ("ProsLøp" in ASCII).
    public const long Key = 0x50726F734C6F70;

    public static async Task RunExclusiveAsync(string connectionString, ILogger logger, Func<Task> work, CancellationToken ct = default)
    {
        // A connection of its own, outside the pool: the lock belongs to this session, and a host
        // that dies holding it releases it with its connection.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        if (!await LockAsync(connection, "pg_try_advisory_lock", ct))
        {
            logger.LogInformation("Another host is migrating or starting up on this database: waiting for it to finish");
            var waited = Stopwatch.StartNew();
            await LockAsync(connection, "pg_advisory_lock", ct);
            logger.LogInformation("Waited {Seconds:0.0} s for another host to finish starting up", waited.Elapsed.TotalSeconds);
        }

        try
        {
            await work();
        }
        finally
        {
            await LockAsync(connection, "pg_advisory_unlock", CancellationToken.None);
        }
    }

    private static async Task<bool> LockAsync(NpgsqlConnection connection, string function, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(@key)::text", connection);
        command.Parameters.AddWithValue("key", Key);
        // Waiting for the lock takes as long as the other host's migrations: no 30 s command
        // timeout (a waiting migrate command crashed when a loaded machine took longer).
        command.CommandTimeout = function == "pg_advisory_lock" ? 0 : command.CommandTimeout;
        // pg_advisory_lock returns void (read as ""), the others a boolean.
        return await command.ExecuteScalarAsync(ct) is not "false";
    }
}
