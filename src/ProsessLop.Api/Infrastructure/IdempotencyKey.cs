using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProsessLop.Api.Infrastructure;

/// The first response to a POST sent with an `Idempotency-Key` header, kept so that a retry
/// gets the same answer and changes nothing twice. Kept for a day, then purged.
public sealed class IdempotencyKey
{
    public required string UserId { get; init; }
    public required string Key { get; init; }
    public required string RequestHash { get; init; }
    /// 0 while the first request is still running; -1 once its command has committed and the
    /// answer is not stored yet; then the answer's status.
    public int StatusCode { get; set; }

    public const int InProgress = 0;
    public const int CarriedOut = -1;
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ResponseBody { get; set; }
    /// The first response carried a secret (e.g. a calendar feed URL): only its status is kept,
    /// and a retry is told that it was shown once instead of getting the secret again.
    public bool ResponseWithheld { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

internal sealed class IdempotencyKeyMap : IEntityTypeConfiguration<IdempotencyKey>
{
    public void Configure(EntityTypeBuilder<IdempotencyKey> e)
    {
        e.ToTable("idempotency_keys");
        e.HasKey(k => new { k.UserId, k.Key });
        e.Property(k => k.UserId).HasMaxLength(200);
        e.Property(k => k.Key).HasMaxLength(200);
        e.Property(k => k.RequestHash).HasMaxLength(64);
        e.Property(k => k.ContentType).HasMaxLength(200);
        e.Property(k => k.Location).HasMaxLength(500);
        // The purge deletes by expiry: an index, not a scan.
        e.HasIndex(k => k.ExpiresAt);
    }
}
