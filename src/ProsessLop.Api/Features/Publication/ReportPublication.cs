using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.Publication;

[JsonConverter(typeof(CamelCaseEnumConverter<PublicationStatus>))]
public enum PublicationStatus { Published, KeptBack, Unpublished }

/// The public copy of one delivered report occurrence (offentleglova): published, kept back with
/// its legal basis, or taken down again. What is published is a copy of the sections and
/// attachments as they were approved, with the participant's public name and nothing about
/// people; the public pages read only these rows, never the programme's own tables.
public sealed class ReportPublication
{
    public Guid Id { get; init; }
    public Guid ProgrammeId { get; init; }

    /// The occurrence key ("statusrapport#2" for a recurring report).
    public required string ReportKey { get; init; }
    public required string DefinitionKey { get; init; }
    public required string ParticipantId { get; init; }
    public required string ParticipantName { get; set; }
    public required string StageKey { get; set; }
    public required string Title { get; set; }
    public PublicationStatus Status { get; set; }

    /// Offentleglova's section for keeping it back, e.g. «offentleglova § 14».
    public string? ExemptionBasis { get; set; }
    public List<PublishedSection> Sections { get; set; } = [];
    public List<Attachment> Attachments { get; set; } = [];
    public DateOnly? ApprovedOn { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
}

public sealed record PublishedSection(string Title, string Text);

/// One counter per definition that moves with every publication decision: the public pages'
/// ETag and Last-Modified, answered from this one row without touching the programme tables.
public sealed class PublicationVersion
{
    public required string DefinitionKey { get; init; }
    public long Version { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
}

internal sealed class ReportPublicationMap : IEntityTypeConfiguration<ReportPublication>
{
    public void Configure(EntityTypeBuilder<ReportPublication> e)
    {
        e.ToTable("report_publications");
        e.Property(p => p.ReportKey).HasMaxLength(120);
        e.Property(p => p.DefinitionKey).HasMaxLength(100);
        e.Property(p => p.ParticipantId).HasMaxLength(64);
        e.Property(p => p.ParticipantName).HasMaxLength(200);
        e.Property(p => p.StageKey).HasMaxLength(100);
        e.Property(p => p.Title).HasMaxLength(300);
        e.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(p => p.ExemptionBasis).HasMaxLength(200);
        e.Property(p => p.Sections).IsJson();
        e.Property(p => p.Attachments).IsJson();
        e.HasIndex(p => new { p.ProgrammeId, p.ReportKey }).IsUnique();
        e.HasIndex(p => new { p.DefinitionKey, p.Status, p.PublishedAt });
        e.HasOne<Programme>().WithMany().HasForeignKey(p => p.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PublicationVersionMap : IEntityTypeConfiguration<PublicationVersion>
{
    public void Configure(EntityTypeBuilder<PublicationVersion> e)
    {
        e.ToTable("publication_versions");
        e.HasKey(v => v.DefinitionKey);
        e.Property(v => v.DefinitionKey).HasMaxLength(100);
    }
}
