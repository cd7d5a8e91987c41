using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProsessLop.Api.Features.Definitions;

/// A programme definition version as first published: its content hash makes (key, version)
/// immutable, because a later file that differs is refused at start-up.
public sealed class PublishedDefinition
{
    public required string Key { get; init; }
    public int Version { get; init; }
    public required string ContentHash { get; init; }
    public required string File { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
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
    }
}
