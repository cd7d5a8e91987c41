using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProsessLop.Api.Features.Definitions;

/// A programme definition an owner is writing: the current JSON (which may be incomplete or
/// invalid until it is published), the published version it started from, and every saved
/// revision. Publishing makes an immutable <see cref="PublishedDefinition"/>; the draft then
/// stays as the record of how that version came about and takes no more changes.
public sealed class DefinitionDraft
{
    public Guid Id { get; init; }

    /// The definition key and name the JSON gives (kept as the JSON changes, for lists).
    public required string Key { get; set; }
    public required string Name { get; set; }

    /// The published version the draft started from (what its diff compares with); null for a
    /// new definition.
    public string? BaseKey { get; init; }
    public int? BaseVersion { get; init; }

    /// The JSON as last saved, exactly as sent (text, not jsonb: key order and spacing are the author's).
    public required string Json { get; set; }

    /// The number of the last saved revision (the first is 1).
    public int Revision { get; set; }

    public required string CreatedBy { get; set; }
    public required string CreatedByName { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public int? PublishedVersion { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    public List<DefinitionDraftRevision> Revisions { get; init; } = [];
}

/// One save of a draft: who, when, and the whole JSON as saved.
public sealed class DefinitionDraftRevision
{
    public Guid DraftId { get; init; }
    public int Number { get; init; }
    public required string Json { get; init; }
    public required string SavedBy { get; set; }
    public required string SavedByName { get; set; }
    public DateTimeOffset SavedAt { get; init; }
}

internal sealed class DefinitionDraftMap : IEntityTypeConfiguration<DefinitionDraft>
{
    public void Configure(EntityTypeBuilder<DefinitionDraft> e)
    {
        e.ToTable("definition_drafts");
        e.Property(d => d.Key).HasMaxLength(100);
        e.Property(d => d.Name).HasMaxLength(200);
        e.Property(d => d.BaseKey).HasMaxLength(100);
        e.Property(d => d.CreatedBy).HasMaxLength(200);
        e.Property(d => d.CreatedByName).HasMaxLength(200);
        e.HasMany(d => d.Revisions).WithOne().HasForeignKey(r => r.DraftId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(d => d.UpdatedAt);
    }
}

internal sealed class DefinitionDraftRevisionMap : IEntityTypeConfiguration<DefinitionDraftRevision>
{
    public void Configure(EntityTypeBuilder<DefinitionDraftRevision> e)
    {
        e.ToTable("definition_draft_revisions");
        // Two owners saving the same draft at once both claim the next number: one gets a 409.
        e.HasKey(r => new { r.DraftId, r.Number });
        e.Property(r => r.SavedBy).HasMaxLength(200);
        e.Property(r => r.SavedByName).HasMaxLength(200);
    }
}
