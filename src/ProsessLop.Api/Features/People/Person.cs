using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.People;

/// Someone who may sign in. The identity provider says who a person is (their linked identities);
/// what they may do comes from their memberships here, never from the provider's token.
/// Only what access needs (GDPR): name, e-mail, when they last signed in.
public sealed class Person
{
    /// The id the rest of the system knows the person by: journal actor, contacts' `userSubject`,
    /// idempotency keys, calendar feeds. Text, so a locally issued token's subject is a person id.
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastSignInAt { get; set; }

    /// The written standard the person chose to read (one click on every page); null: not chosen,
    /// their participant's decision or their browser decides.
    public Infrastructure.Language.WrittenStandard? WrittenStandard { get; set; }
    public List<Membership> Memberships { get; init; } = [];
    public List<ExternalIdentity> Identities { get; init; } = [];

    public static string NewId() => Guid.CreateVersion7().ToString();
}

/// A sign-in at an identity provider linked to a person: the provider's name as configured
/// (`Auth__Providers__<name>`) and the value of the claim that provider identifies people by.
public sealed class ExternalIdentity
{
    public Guid Id { get; init; }
    public required string PersonId { get; init; }
    public required string Provider { get; init; }
    public required string Key { get; init; }
    public DateTimeOffset LinkedAt { get; init; }
}

[JsonConverter(typeof(CamelCaseEnumConverter<ScopeKind>))]
public enum ScopeKind { Organisation, Definition, Participant }

/// A person's role in one scope: owner of an organisation's programmes (KS, Kulturskolerådet),
/// steering group of a definition, or coordinator/participant of a participant.
public sealed class Membership
{
    public Guid Id { get; init; }
    public required string PersonId { get; init; }
    public required string Role { get; set; }
    public ScopeKind ScopeKind { get; init; }
    public required string ScopeId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }

    /// The scope each role belongs to: owners to an organisation, the steering group to a
    /// definition, coordinators and participants to a participant.
    public static ScopeKind ScopeOf(string role) => role switch
    {
        Roles.Owner => ScopeKind.Organisation,
        Roles.Steering => ScopeKind.Definition,
        _ => ScopeKind.Participant,
    };
}

/// A signed-in browser. The cookie carries the session's id; signing out, removing the person
/// or ending the session here makes the cookie worthless on the next request, not at its expiry.
public sealed class SignInSession
{
    public Guid Id { get; init; }
    public required string PersonId { get; init; }
    public required string Provider { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? EndedAt { get; set; }
}

internal sealed class PeopleMaps :
    IEntityTypeConfiguration<Person>, IEntityTypeConfiguration<ExternalIdentity>, IEntityTypeConfiguration<Membership>, IEntityTypeConfiguration<SignInSession>
{
    public void Configure(EntityTypeBuilder<Person> e)
    {
        e.ToTable("people");
        e.Property(p => p.Id).HasMaxLength(200);
        e.Property(p => p.Name).HasMaxLength(200);
        e.Property(p => p.Email).HasMaxLength(320);
        e.Property(p => p.WrittenStandard).HasConversion<string>().HasMaxLength(10);
        // One person per address (stored in lower case): an invitation to a known address goes to that person.
        e.HasIndex(p => p.Email).IsUnique();
        e.HasMany(p => p.Memberships).WithOne().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(p => p.Identities).WithOne().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ExternalIdentity> e)
    {
        e.ToTable("external_identities");
        e.Property(i => i.PersonId).HasMaxLength(200);
        e.Property(i => i.Provider).HasMaxLength(100);
        e.Property(i => i.Key).HasMaxLength(400);
        e.HasIndex(i => new { i.Provider, i.Key }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Membership> e)
    {
        e.ToTable("memberships", t => t.HasCheckConstraint("ck_memberships_role_scope",
            "(role = 'owner' AND scope_kind = 'Organisation') OR (role = 'steering' AND scope_kind = 'Definition') OR (role IN ('coordinator', 'participant') AND scope_kind = 'Participant')"));
        e.Property(m => m.PersonId).HasMaxLength(200);
        e.Property(m => m.Role).HasMaxLength(20);
        e.Property(m => m.ScopeKind).HasConversion<string>().HasMaxLength(20);
        e.Property(m => m.ScopeId).HasMaxLength(100);
        e.Property(m => m.CreatedBy).HasMaxLength(200);
        // One role per person and scope; the participant's list reads by scope.
        e.HasIndex(m => new { m.PersonId, m.ScopeKind, m.ScopeId }).IsUnique();
        e.HasIndex(m => new { m.ScopeKind, m.ScopeId });
    }

    public void Configure(EntityTypeBuilder<SignInSession> e)
    {
        e.ToTable("sign_in_sessions");
        e.Property(s => s.PersonId).HasMaxLength(200);
        e.Property(s => s.Provider).HasMaxLength(100);
        e.HasIndex(s => s.PersonId);
        e.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
