using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Api.Features.Programmes;

namespace ProsessLop.Api.Features.Deviations;

/// An avvik: something in a programme that did not go as planned, why, what it leads to, what
/// is done about it, who is responsible and by when.
public sealed class Deviation
{
    public Guid Id { get; init; }
    public Guid ProgrammeId { get; init; }
    public required string Description { get; set; }
    public string? Cause { get; set; }
    public string? Consequence { get; set; }
    public string? Action { get; set; }
    public required string Owner { get; set; }
    public DateOnly Deadline { get; set; }
    public TrackingStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// PostgreSQL's xmin: optimistic concurrency for edits of the same deviation.
    public uint Version { get; init; }
}

internal sealed class DeviationMap : IEntityTypeConfiguration<Deviation>
{
    public void Configure(EntityTypeBuilder<Deviation> e)
    {
        e.ToTable("deviations");
        e.Property(d => d.Description).HasMaxLength(DeviationLimits.Text);
        e.Property(d => d.Cause).HasMaxLength(DeviationLimits.Text);
        e.Property(d => d.Consequence).HasMaxLength(DeviationLimits.Text);
        e.Property(d => d.Action).HasMaxLength(DeviationLimits.Text);
        e.Property(d => d.Owner).HasMaxLength(DeviationLimits.Owner);
        e.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(d => d.Version).IsRowVersion();
        e.HasOne<Programme>().WithMany().HasForeignKey(d => d.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(d => new { d.ProgrammeId, d.Status });
    }
}

public static class DeviationLimits
{
    public const int Text = 4000;
    public const int Owner = 200;
}
