using Microsoft.EntityFrameworkCore;
using Hangfire.PostgreSql;
using Npgsql;
using ProsessLop.Api.Infrastructure.Jobs;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Postgres;
using Testcontainers.PostgreSql;

namespace ProsessLop.Api.Tests.Infrastructure;

/// One PostgreSQL server per test run, found in this order: a connection string from
/// PROSESSLOP_TEST_POSTGRES; a Testcontainers container where a Docker engine answers; a
/// throwaway cluster from the installed binaries (the same code the Development host uses).
/// Migrations run once into a template database; each test class gets a copy of it.
public static class TestPostgres
{
    public const string EnvironmentVariable = "PROSESSLOP_TEST_POSTGRES";
    private const string Template = "prosesslop_template";

    private static readonly Lazy<Task<string>> Server = new(StartServerAsync);
    private static readonly SemaphoreSlim CreateLock = new(1, 1);

    /// Where the server came from, for the test log.
    public static string Source { get; private set; } = "not started";

    public static Task<string> CreateDatabaseAsync(string prefix) => CreateAsync(prefix, Template);

    /// A database with nothing in it, not even Hangfire's schema: what a new installation meets.
    public static Task<string> CreateEmptyDatabaseAsync(string prefix) => CreateAsync(prefix, "template0");

    private static async Task<string> CreateAsync(string prefix, string template)
    {
        var server = await Server.Value;
        // At most 40 characters, and a short prefix (a test class called "App") must not throw.
        var name = $"{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, 40)];
        await CreateLock.WaitAsync();
        try
        {
            await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        }
        finally
        {
            CreateLock.Release();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartServerAsync()
    {
        var server = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(server))
        {
            Source = $"${EnvironmentVariable}";
        }
        else
        {
            server = await TryContainerAsync() ?? await StartLocalClusterAsync();
        }

        await CreateTemplateAsync(server);
        return server;
    }

    private static async Task<string?> TryContainerAsync()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Source = "Testcontainers";
            return new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = "postgres" }.ConnectionString;
        }
        catch (Exception e) when (e is DotNet.Testcontainers.Builders.DockerUnavailableException or InvalidOperationException or AggregateException or TimeoutException)
        {
            return null;
        }
    }

    private static async Task<string> StartLocalClusterAsync()
    {
        var bin = LocalPostgresCluster.FindBinDirectory()
            ?? throw new InvalidOperationException(
                $"No PostgreSQL for the tests: set {EnvironmentVariable}, run a Docker engine, or install PostgreSQL (apt-get install postgresql).");
        RemoveAbandonedClusters();
        var directory = Path.Combine(Path.GetTempPath(), $"prosesslop-tests-{Guid.NewGuid():N}");
        // Throwaway data: fsync off is fine here (and only here).
        var cluster = await LocalPostgresCluster.StartAsync(bin, directory, durable: false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.Stop();
            Directory.Delete(directory, recursive: true);
        };
        Source = $"local cluster on port {cluster.Port}";
        return cluster.ConnectionString("postgres");
    }

    /// A run whose test host was killed (a timeout, Ctrl+C) never reaches its ProcessExit handler
    /// and leaves its cluster (about 1 GB) behind; on a developer's machine hundreds of them
    /// filled the disk. Removed here: a cluster folder older than an hour whose server is not
    /// running (no postmaster.pid, or one naming a process that is gone). A run in progress keeps its own.
    private static void RemoveAbandonedClusters()
    {
        foreach (var folder in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories("prosesslop-tests-*"))
        {
            try
            {
                if (folder.LastWriteTimeUtc > DateTime.UtcNow.AddHours(-1) || ServerRuns(folder.FullName))
                {
                    continue;
                }

                folder.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another run may be removing it too, or it belongs to someone else: not ours to insist.
            }
        }
    }

    private static bool ServerRuns(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task CreateTemplateAsync(string server)
    {
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{Template}\"");
        await ExecuteAsync(server, $"CREATE DATABASE \"{Template}\"");
        // No pooling: CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template.
        var template = new NpgsqlConnectionStringBuilder(server) { Database = Template, Pooling = false }.ConnectionString;
        await using (var db = new ProsessDb(ProsessDbOptions.For(template)))
        {
            await db.Database.MigrateAsync();
        }

        await using var connection = new NpgsqlConnection(template);
        await connection.OpenAsync();
        PostgreSqlObjectsInstaller.Install(connection, HangfireSetup.Schema);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
