using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProsessLop.Api.Features.Reminders;

/// One reminder occurrence that has been sent: (programme, item, rule, deadline) is its stable
/// key. Inserted before the mails are queued, in the same transaction, so a retried job, a crash
/// mid-run or two job servers can never send it twice.
public sealed class ReminderDelivery
{
    public Guid ProgrammeId { get; init; }
    public required string ItemKey { get; init; }
    public required string RuleKey { get; init; }
    public DateOnly Due { get; init; }
    public DateOnly SendOn { get; init; }
    public DateTimeOffset SentAt { get; init; }
    /// People of the participant it went to (owners not counted): 0 is "nobody to send to".
    public int Recipients { get; init; }
}

internal sealed class ReminderDeliveryMap : IEntityTypeConfiguration<ReminderDelivery>
{
    public void Configure(EntityTypeBuilder<ReminderDelivery> e)
    {
        e.ToTable("reminder_deliveries");
        e.HasKey(d => new { d.ProgrammeId, d.ItemKey, d.RuleKey, d.Due });
        e.Property(d => d.ItemKey).HasMaxLength(120);
        e.Property(d => d.RuleKey).HasMaxLength(40);
        e.HasIndex(d => d.SentAt).HasFilter("recipients = 0");
        e.HasOne<Programmes.Programme>().WithMany().HasForeignKey(d => d.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}
