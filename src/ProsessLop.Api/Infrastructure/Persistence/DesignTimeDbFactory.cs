using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ProsessLop.Api.Infrastructure.Persistence;

/// Lets `dotnet ef migrations add` build the model without starting the host (which would
/// start a local PostgreSQL cluster). No connection is opened at design time.
public sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<ProsessDb>
{
    public ProsessDb CreateDbContext(string[] args) =>
        new(Options("Host=localhost;Database=design_time"));

    private static DbContextOptions<ProsessDb> Options(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<ProsessDb>();
        builder.UseProsessLop(connectionString);
        return builder.Options;
    }
}

public static class ProsessDbOptions
{
    public static DbContextOptionsBuilder UseProsessLop(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
