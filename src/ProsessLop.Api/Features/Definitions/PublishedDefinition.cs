using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProsessLop.Api.Features.Definitions;

/// A programme definition version as first published: its content hash makes (key, version)
/// immutable, because a later file that differs is refused at start-up. A version published from
/// the studio has no file: its content (the definition's written form) is kept here, with who
/// published it.
public sealed class PublishedDefinition
{
    /// What <see cref="File"/> says for a version published in the studio.
    public const string StudioFile = "(programstudio)";

    public required string Key { get; init; }
    public int Version { get; init; }
    public required string ContentHash { get; init; }
    public required string File { get; init; }
    public DateTimeOffset PublishedAt { get; init; }

    /// The definition as published in the studio; null for a version shipped as a file.
    public string? Content { get; init; }

    /// Who published it in the studio (anonymised when the person is erased).
    public string? PublishedBy { get; set; }
    public string? PublishedByName { get; set; }

    /// The draft it was published from.
    public Guid? DraftId { get; init; }
}

internal sealed class PublishedDefinitionMap : IEntityTypeConfiguration<PublishedDefinition>
{
    public void Configure(EntityTypeBuilder<PublishedDefinition> e)
    {
        e.ToTable("published_definitions");
        e.HasKey(d => new { d.Key, d.Version });
        e.Property(d => d.Key).HasMaxLength(100);
        e.Property(d => d.ContentHash).HasMaxLength(64);
        e.Property(d => d.File).HasMaxLength(300);
        e.Property(d => d.PublishedBy).HasMaxLength(200);
        e.Property(d => d.PublishedByName).HasMaxLength(200);
    }
}
