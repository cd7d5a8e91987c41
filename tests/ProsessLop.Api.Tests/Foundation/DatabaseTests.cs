using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

public sealed class DatabaseTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task Migrations_AreApplied_AndNothingIsPending()
    {
        _ = app.Services; // starts the host, which migrates at start-up
        await app.WithDbAsync(async db =>
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            // The committed migrations describe the model exactly: nobody forgot `migrations add`.
            Assert.False(db.Database.HasPendingModelChanges());
            return 0;
        });
    }

    [Fact]
    public async Task Municipalities_AreSeeded_WithAllOf2024()
    {
        var (count, oslo, counties) = await app.WithDbAsync(async db => (
            await db.Municipalities.CountAsync(),
            await db.Municipalities.SingleAsync(m => m.Number == "0301"),
            await db.Municipalities.Select(m => m.CountyNumber).Distinct().CountAsync()));
        Assert.Equal(357, count);
        Assert.Equal("Oslo", oslo.Name);
        Assert.Equal(15, counties);
    }

    [Fact]
    public async Task TablesAndColumns_AreSnakeCase()
    {
        var columns = await app.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT column_name AS \"Value\" FROM information_schema.columns WHERE table_name = 'region_members'")
            .ToListAsync());
        Assert.Contains("municipality_number", columns);
        Assert.Contains("region_id", columns);
    }
}
