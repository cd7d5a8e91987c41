using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Programmes;

/// Who works a task. Kept beside the engine state because "my tasks" must find a person's
/// tasks across all programmes with an index.
public sealed class TaskAssignment
{
    public Guid ProgrammeId { get; init; }
    public required string TaskKey { get; init; }
    public Guid ContactPersonId { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
}

/// The text of a report occurrence, section by section, and its attachments (links to films
/// and documents). The engine holds only the report's status.
public sealed class ReportDraft
{
    public Guid ProgrammeId { get; init; }
    public required string ReportKey { get; init; }
    public Dictionary<string, string> Sections { get; set; } = [];
    public List<Attachment> Attachments { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed record Attachment(string Title, string Url);

public sealed class Comment
{
    public Guid Id { get; init; }
    public Guid ProgrammeId { get; init; }
    public required string Target { get; init; }
    public required string AuthorId { get; init; }
    public required string AuthorName { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset At { get; init; }
}

internal sealed class TaskAssignmentMap : IEntityTypeConfiguration<TaskAssignment>
{
    public void Configure(EntityTypeBuilder<TaskAssignment> e)
    {
        e.ToTable("task_assignments");
        e.HasKey(a => new { a.ProgrammeId, a.TaskKey });
        e.Property(a => a.TaskKey).HasMaxLength(100);
        e.HasOne<Programme>().WithMany().HasForeignKey(a => a.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Participants.ContactPerson>().WithMany().HasForeignKey(a => a.ContactPersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(a => a.ContactPersonId);
    }
}

internal sealed class ReportDraftMap : IEntityTypeConfiguration<ReportDraft>
{
    public void Configure(EntityTypeBuilder<ReportDraft> e)
    {
        e.ToTable("report_drafts");
        e.HasKey(d => new { d.ProgrammeId, d.ReportKey });
        e.Property(d => d.ReportKey).HasMaxLength(120);
        e.Property(d => d.Sections).IsJson();
        e.Property(d => d.Attachments).IsJson();
        e.HasOne<Programme>().WithMany().HasForeignKey(d => d.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommentMap : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> e)
    {
        e.ToTable("comments");
        e.Property(c => c.Target).HasMaxLength(120);
        e.Property(c => c.AuthorId).HasMaxLength(200);
        e.Property(c => c.AuthorName).HasMaxLength(200);
        e.Property(c => c.Text).HasMaxLength(4000);
        e.HasOne<Programme>().WithMany().HasForeignKey(c => c.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(c => new { c.ProgrammeId, c.Target });
    }
}
