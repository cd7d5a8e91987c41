using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProsessLop.Api.Features.Participants;

/// A named group of municipalities that runs a programme together (e.g. after the pilot
/// continued regionally).
public sealed class Region
{
    public Guid Id { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// The region's written standard, as a municipality's (owners set it).
    public Infrastructure.Language.WrittenStandard WrittenStandard { get; set; }
    public List<RegionMember> Members { get; init; } = [];

    /// PostgreSQL's xmin: optimistic concurrency without a column of our own.
    public uint Version { get; init; }
}

public sealed class RegionMember
{
    public Guid RegionId { get; init; }
    public required string MunicipalityNumber { get; init; }
}

internal sealed class RegionMap : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> e)
    {
        e.ToTable("regions");
        e.Property(r => r.Name).HasMaxLength(200);
        e.Property(r => r.WrittenStandard).HasConversion<string>().HasMaxLength(10).HasDefaultValue(Infrastructure.Language.WrittenStandard.Neutral).HasSentinel(Infrastructure.Language.WrittenStandard.Neutral);
        e.HasIndex(r => r.Name).IsUnique();
        e.Property(r => r.Version).IsRowVersion();
        e.HasMany(r => r.Members).WithOne().HasForeignKey(m => m.RegionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RegionMemberMap : IEntityTypeConfiguration<RegionMember>
{
    public void Configure(EntityTypeBuilder<RegionMember> e)
    {
        e.ToTable("region_members");
        e.HasKey(m => new { m.RegionId, m.MunicipalityNumber });
        e.Property(m => m.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
        e.HasOne<Municipality>().WithMany().HasForeignKey(m => m.MunicipalityNumber).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(m => m.MunicipalityNumber);
    }
}
