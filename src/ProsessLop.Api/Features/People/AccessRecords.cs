using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.People;

[JsonConverter(typeof(CamelCaseEnumConverter<TokenScope>))]
public enum TokenScope { Read, ReadWrite }

/// A personal access token for scripts and integrations: the person's own rights, limited to
/// reading when so scoped, until it expires or is revoked. Only its hash is kept.
public sealed class PersonalAccessToken
{
    public const string Prefix = "plpat_";

    public Guid Id { get; init; }
    public required string PersonId { get; init; }
    public required string Name { get; init; }
    public required string TokenHash { get; init; }
    public TokenScope Scope { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// An invitation to a role in a scope, sent by e-mail as a one-time link. The first sign-in
/// through the link links that identity to the person (created then, from the invitation's
/// name and address, if the address is new) and gives the membership.
public sealed class Invitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    public Guid Id { get; init; }
    public required string Email { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }
    public ScopeKind ScopeKind { get; init; }
    public required string ScopeId { get; init; }
    public required string TokenHash { get; init; }
    public required string InvitedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public string? AcceptedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public InvitationState StateAt(DateTimeOffset now) =>
        AcceptedAt is not null ? InvitationState.Accepted
        : RevokedAt is not null ? InvitationState.Revoked
        : ExpiresAt <= now ? InvitationState.Expired
        : InvitationState.Pending;
}

[JsonConverter(typeof(CamelCaseEnumConverter<InvitationState>))]
public enum InvitationState { Pending, Accepted, Revoked, Expired }

internal sealed class AccessRecordMaps : IEntityTypeConfiguration<PersonalAccessToken>, IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> e)
    {
        e.ToTable("personal_access_tokens");
        e.Property(t => t.PersonId).HasMaxLength(200);
        e.Property(t => t.Name).HasMaxLength(100);
        e.Property(t => t.TokenHash).HasMaxLength(64);
        e.Property(t => t.Scope).HasConversion<string>().HasMaxLength(20);
        e.HasIndex(t => t.TokenHash).IsUnique();
        e.HasIndex(t => t.PersonId);
        e.HasOne<Person>().WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Invitation> e)
    {
        e.ToTable("invitations");
        e.Property(i => i.Email).HasMaxLength(320);
        e.Property(i => i.Name).HasMaxLength(200);
        e.Property(i => i.Role).HasMaxLength(20);
        e.Property(i => i.ScopeKind).HasConversion<string>().HasMaxLength(20);
        e.Property(i => i.ScopeId).HasMaxLength(100);
        e.Property(i => i.TokenHash).HasMaxLength(64);
        e.Property(i => i.InvitedBy).HasMaxLength(200);
        e.Property(i => i.AcceptedBy).HasMaxLength(200);
        e.HasIndex(i => i.TokenHash).IsUnique();
        e.HasIndex(i => new { i.ScopeKind, i.ScopeId });
        e.HasIndex(i => i.Email);
    }
}
