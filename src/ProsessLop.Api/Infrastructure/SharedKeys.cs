using Microsoft.AspNetCore.DataProtection;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Infrastructure;

/// ASP.NET Core Data Protection signs and encrypts the sign-in cookie, antiforgery tokens,
/// TempData and OpenID Connect state. Its keys live in PostgreSQL (table data_protection_keys)
/// under one application name, so a cookie issued by one replica is read by every other, and
/// survives restarts and new pods. The keys are as secret as the database that holds them.
public static class SharedKeys
{
    public const string ApplicationName = "ProsessLop";

    public static IServiceCollection AddSharedKeys(this IServiceCollection services)
    {
        // The key ring is read lazily (on first use, or by the framework's hosted service when the
        // host starts), never while services are registered: after the start-up step migrated.
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<ProsessDb>();
        return services;
    }

    /// Loads the key ring, creating the first key if the database has none. Called inside the
    /// start-up lock, so hosts starting together on a new database share one key instead of
    /// each making its own (each would then refuse the others' cookies until its next refresh).
    public static void EnsureKey(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("ProsessLop.Startup").Protect([0]);
}
