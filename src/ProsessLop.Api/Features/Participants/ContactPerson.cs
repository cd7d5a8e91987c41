using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProsessLop.Api.Features.Participants;

/// A member of a participant's kommunegruppe. Only what the work needs (GDPR): name, e-mail,
/// phone, role in the group, and the sign-in subject that links the person to their tasks.
/// Never pupil data.
public sealed class ContactPerson
{
    public Guid Id { get; init; }
    public required string ParticipantId { get; init; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public string? Phone { get; set; }
    public required string GroupRole { get; set; }
    public bool IsCoordinator { get; set; }
    public string? UserSubject { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ErasedAt { get; set; }
    public uint Version { get; init; }
}

internal sealed class ContactPersonMap : IEntityTypeConfiguration<ContactPerson>
{
    public void Configure(EntityTypeBuilder<ContactPerson> e)
    {
        e.ToTable("contact_persons");
        e.Property(c => c.ParticipantId).HasMaxLength(64);
        e.Property(c => c.Name).HasMaxLength(200);
        e.Property(c => c.Email).HasMaxLength(320);
        e.Property(c => c.Phone).HasMaxLength(40);
        e.Property(c => c.GroupRole).HasMaxLength(100);
        e.Property(c => c.UserSubject).HasMaxLength(200);
        e.Property(c => c.Version).IsRowVersion();
        e.HasIndex(c => c.ParticipantId);
        e.HasIndex(c => c.UserSubject);
        e.HasIndex(c => new { c.ParticipantId, c.UserSubject }).IsUnique().HasFilter("user_subject IS NOT NULL");
    }
}
