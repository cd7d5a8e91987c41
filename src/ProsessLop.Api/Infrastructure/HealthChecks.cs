using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Infrastructure;

/// Ready means: PostgreSQL answers and the schema is the one this build expects.
public sealed class DatabaseReadyCheck(ProsessDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("PostgreSQL answers and all migrations are applied.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied; run the host with `migrate`.");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.");
        }
    }
}
