using Npgsql;

namespace ProsessLop.Api.Infrastructure.Postgres;

/// The connection string the host resolved at start, for what talks to PostgreSQL outside EF Core
/// (the start-up lock, Hangfire's schema).
public sealed record ResolvedDatabase(string ConnectionString);

/// Decides which PostgreSQL the host talks to: the configured connection string, or — in
/// Development only — a cluster of its own under the repository, so that `dotnet run` needs
/// no database set up by hand.
public static class DatabaseConnection
{
    public const string Name = "ProsessLop";
    public const string LocalDatabase = "prosesslop";

    public static string Resolve(IConfiguration configuration, IHostEnvironment environment, ILogger logger)
    {
        var configured = configuration.GetConnectionString(Name);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (!environment.IsDevelopment())
        {
            throw new StartupException(
                $"No database configured. Set ConnectionStrings__{Name}=\"Host=...;Database=...;Username=...;Password=...\".");
        }

        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var bin = LocalPostgresCluster.FindBinDirectory(options.PostgresBinDirectory);
        if (bin is null)
        {
            throw new StartupException(
                "No database configured and no PostgreSQL binaries (initdb, pg_ctl) found. Either point the host at a server: " +
                $"ConnectionStrings__{Name}=\"Host=localhost;Port=5432;Database=prosesslop;Username=postgres;Password=...\", " +
                "or start one with `docker compose -f deploy/docker-compose.yml up -d db`, " +
                "or install PostgreSQL (Debian: apt-get install postgresql).");
        }

        var dataDirectory = Path.IsPathRooted(options.LocalClusterDirectory)
            ? options.LocalClusterDirectory
            : Path.Combine(RepositoryRoot.Find(environment.ContentRootPath), options.LocalClusterDirectory);
        logger.LogInformation("No connection string configured: starting the local PostgreSQL cluster in {DataDirectory} ({Bin})", dataDirectory, bin);
        var cluster = LocalPostgresCluster.StartAsync(bin, dataDirectory, durable: true).GetAwaiter().GetResult();
        EnsureDatabase(cluster, LocalDatabase);
        logger.LogInformation("Local PostgreSQL is listening on 127.0.0.1:{Port}, database {Database}; it stops with the host", cluster.Port, LocalDatabase);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster.ConnectionString(LocalDatabase);
    }

    public static void EnsureDatabase(LocalPostgresCluster cluster, string database)
    {
        using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            create.ExecuteNonQuery();
        }
    }
}
