using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.People;

/// The people of a participant with their roles, and the invitations still open: for owners and
/// the participant's coordinators (who administer it); 403 for those who only read it.
public sealed record ListMembers(string ParticipantId) : IQuery<Result<ParticipantMembers>>;

public sealed record MemberView(Guid MembershipId, string PersonId, string Name, string Email, string Role, DateTimeOffset? LastSignInAt, DateTimeOffset Since);

public sealed record PendingInvitationView(Guid Id, string Name, string Email, string Role, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, InvitationState State);

public sealed record ParticipantMembers(string ParticipantId, string ParticipantName, IReadOnlyList<MemberView> Members, IReadOnlyList<PendingInvitationView> Invitations,
    bool CoordinatorsMayAppointCoordinators);

public sealed class ListMembersHandler(ProsessDb db, ICurrentUser user, DefinitionRegistry definitions, TimeProvider clock)
    : IQueryHandler<ListMembers, Result<ParticipantMembers>>
{
    public async ValueTask<Result<ParticipantMembers>> Handle(ListMembers query, CancellationToken ct)
    {
        var id = query.ParticipantId;
        if (await MembershipRules.WhyNotGrantAsync(db, user, definitions, Roles.Participant, ScopeKind.Participant, id, ct) is { } denied)
        {
            return denied;
        }

        var members = await db.Memberships.AsNoTracking()
            .Where(m => m.ScopeKind == ScopeKind.Participant && m.ScopeId == id)
            .Join(db.People, m => m.PersonId, p => p.Id, (m, p) => new { m, p })
            .OrderBy(x => x.p.Name).ThenBy(x => x.p.Id)
            .Select(x => new MemberView(x.m.Id, x.p.Id, x.p.Name, x.p.Email, x.m.Role, x.p.LastSignInAt, x.m.CreatedAt))
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        var invitations = (await db.Invitations.AsNoTracking()
                .Where(i => i.ScopeKind == ScopeKind.Participant && i.ScopeId == id && i.AcceptedAt == null && i.RevokedAt == null)
                .OrderByDescending(i => i.CreatedAt)
                .ToListAsync(ct))
            .Select(i => new PendingInvitationView(i.Id, i.Name, i.Email, i.Role, i.CreatedAt, i.ExpiresAt, i.StateAt(now)))
            .ToList();
        var appoint = user.IsOwner || await MembershipRules.WhyNotGrantAsync(db, user, definitions, Roles.Coordinator, ScopeKind.Participant, id, ct) is null;
        return new ParticipantMembers(id, await ScopeNames.OfAsync(db, definitions, ScopeKind.Participant, id, ct), members, invitations, appoint);
    }
}

/// Change a person's role in a participant (coordinator ↔ participant).
public sealed record ChangeMembership(Guid MembershipId, string Role) : ICommand<Result<MemberView>>;

public sealed class ChangeMembershipHandler(ProsessDb db, ICurrentUser user, Journal.Journal journal, DefinitionRegistry definitions)
    : ICommandHandler<ChangeMembership, Result<MemberView>>
{
    public async ValueTask<Result<MemberView>> Handle(ChangeMembership command, CancellationToken ct)
    {
        var found = await MembershipLookup.AdministrableAsync(db, user, definitions, command.MembershipId, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var membership = found.Value;
        if (Membership.ScopeOf(command.Role) != membership.ScopeKind || !Roles.All.Contains(command.Role))
        {
            return Error.Invalid("role", membership.ScopeKind == ScopeKind.Participant
                ? PeopleTexts.Membership_ParticipantRoles
                : PeopleTexts.Membership_OwnerRoleUnchanged);
        }

        // The caller must be allowed the role it gives as well as the one the person has.
        if (await MembershipRules.WhyNotGrantAsync(db, user, definitions, command.Role, membership.ScopeKind, membership.ScopeId, ct) is { } denied)
        {
            return denied;
        }

        var before = membership.Role;
        membership.Role = command.Role;
        journal.Record(MembershipRules.JournalParticipant(membership.ScopeKind, membership.ScopeId), null, "membership-changed",
            MembershipLookup.Target(membership.PersonId), new { role = before }, new { role = command.Role });
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == membership.PersonId, ct);
        return new MemberView(membership.Id, person.Id, person.Name, person.Email, membership.Role, person.LastSignInAt, membership.CreatedAt);
    }
}

/// Take a role away: it counts from the person's next request.
public sealed record RemoveMembership(Guid MembershipId) : ICommand<Result<bool>>;

public sealed class RemoveMembershipHandler(ProsessDb db, ICurrentUser user, Journal.Journal journal, DefinitionRegistry definitions)
    : ICommandHandler<RemoveMembership, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(RemoveMembership command, CancellationToken ct)
    {
        var found = await MembershipLookup.AdministrableAsync(db, user, definitions, command.MembershipId, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var membership = found.Value;
        if (membership.Role == Roles.Owner && await db.Memberships.CountAsync(m => m.Role == Roles.Owner, ct) == 1)
        {
            return Error.Conflict(PeopleTexts.Membership_LastOwner);
        }

        db.Memberships.Remove(membership);
        journal.Record(MembershipRules.JournalParticipant(membership.ScopeKind, membership.ScopeId), null, "membership-removed",
            MembershipLookup.Target(membership.PersonId), new { membership.Role, membership.ScopeKind, membership.ScopeId }, null);
        return true;
    }
}

internal static class MembershipLookup
{
    public static Error NotFound(Guid id) => Error.NotFound(Workflow.Engine.Vocabulary.Format(PeopleTexts.Membership_NotFound, id));

    public static string Target(string personId) => $"person:{personId}";

    /// A membership the caller may change or remove. One they cannot see at all — owners see every
    /// one, others those of participants they may read — answers 404 as if it did not exist; one
    /// they see but may not administer answers as MembershipRules says (403).
    public static async Task<Result<Membership>> AdministrableAsync(ProsessDb db, ICurrentUser user, DefinitionRegistry definitions, Guid id, CancellationToken ct)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (membership is null || !(user.IsOwner || (membership.ScopeKind == ScopeKind.Participant && user.CanRead(membership.ScopeId))))
        {
            return NotFound(id);
        }

        return await MembershipRules.WhyNotGrantAsync(db, user, definitions, membership.Role, membership.ScopeKind, membership.ScopeId, ct) is { } denied
            ? denied
            : membership;
    }
}
