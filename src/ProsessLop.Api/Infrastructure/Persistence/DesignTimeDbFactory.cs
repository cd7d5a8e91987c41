using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ProsessLop.Api.Infrastructure.Persistence;

/// Lets `dotnet ef migrations add` build the model without starting the host (which would
/// start a local PostgreSQL cluster). No connection is opened at design time.
public sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<ProsessDb>
{
    public ProsessDb CreateDbContext(string[] args) => new(ProsessDbOptions.For("Host=localhost;Database=design_time"));
}

public static class ProsessDbOptions
{
    public static DbContextOptionsBuilder UseProsessLop(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(Tuned(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            // Auto-prepared statements need this after PostgreSQL refuses a statement (an Npgsql defect).
            .AddInterceptors(PreparedStatementReset.Instance);

    // We keep no session state (no SET, no temp tables), so returning a connection to the pool
    // needs no DISCARD ALL: one round-trip and one transaction fewer per request. And the same
    // few statements run for every command, so they are prepared once per connection instead of
    // parsed and planned every time (unless the connection string says otherwise) — safe only with
    // PreparedStatementReset.
    private static string Tuned(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 50;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    /// Options outside dependency injection: tooling and the test template database.
    public static DbContextOptions<ProsessDb> For(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<ProsessDb>();
        builder.UseProsessLop(connectionString);
        return builder.Options;
    }
}
