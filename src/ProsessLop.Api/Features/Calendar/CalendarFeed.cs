using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.Calendar;

[JsonConverter(typeof(CamelCaseEnumConverter<CalendarFeedKind>))]
public enum CalendarFeedKind { Participant, Person }

/// A subscription URL for a calendar app. The token in the URL is the only credential (calendar
/// apps cannot send bearer tokens), so only its SHA-256 is stored: a database leak does not
/// hand out working feed URLs.
public sealed class CalendarFeed
{
    public Guid Id { get; init; }
    public required string TokenHash { get; init; }
    public CalendarFeedKind Kind { get; init; }
    public string? ParticipantId { get; init; }
    public string? Subject { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }

    public static string NewToken() => Secrets.New();

    public static string Hash(string token) => Secrets.Hash(token);
}

internal sealed class CalendarFeedMap : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> e)
    {
        e.ToTable("calendar_feeds", t => t.HasCheckConstraint("ck_calendar_feeds_target",
            "(kind = 'Participant' AND participant_id IS NOT NULL) OR (kind = 'Person' AND subject IS NOT NULL)"));
        e.Property(f => f.TokenHash).HasMaxLength(64);
        e.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(f => f.ParticipantId).HasMaxLength(64);
        e.Property(f => f.Subject).HasMaxLength(200);
        e.Property(f => f.CreatedBy).HasMaxLength(200);
        e.HasIndex(f => f.TokenHash).IsUnique();
        e.HasIndex(f => f.CreatedBy);
    }
}
