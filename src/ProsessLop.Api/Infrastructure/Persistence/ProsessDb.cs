using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Housekeeping;
using ProsessLop.Api.Features.Participants;

namespace ProsessLop.Api.Infrastructure.Persistence;

public sealed class ProsessDb(DbContextOptions<ProsessDb> options) : DbContext(options)
{
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<IdempotencyKey> IdempotencyKeys => Set<IdempotencyKey>();
    public DbSet<PublishedDefinition> PublishedDefinitions => Set<PublishedDefinition>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        // Each feature maps its own tables (IEntityTypeConfiguration beside the entity).
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ProsessDb).Assembly);
}
