using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.People;

/// Who may give, change and take away which role, in one place (least privilege): owners
/// administer everything; a participant's coordinators administer their own participant's
/// participants, and its coordinators too where a definition of its programmes allows it.
/// Everyone else: 404 outside the participant (ids reveal nothing), 403 inside it.
public static class MembershipRules
{
    public static async Task<Error?> WhyNotGrantAsync(ProsessDb db, ICurrentUser user, DefinitionRegistry definitions, string role, ScopeKind scope, string scopeId, CancellationToken ct)
    {
        if (scope != ScopeKind.Participant)
        {
            if (!user.IsOwner)
            {
                return Error.Forbidden(PeopleTexts.Membership_OnlyOwnersGiveOwner);
            }

            var known = scope == ScopeKind.Organisation
                ? definitions.All.Any(d => d.Definition.Owners.Contains(scopeId, StringComparer.Ordinal))
                : definitions.All.Any(d => d.Definition.Key == scopeId);
            return known ? null : Error.Invalid(scope == ScopeKind.Organisation ? "organisation" : "definitionKey",
                Workflow.Engine.Vocabulary.Format(scope == ScopeKind.Organisation ? PeopleTexts.Membership_NoDefinitionOwnedBy : PeopleTexts.Membership_ProgrammeNotFound, scopeId));
        }

        if (!user.CanRead(scopeId) || !await db.IsKnownParticipantAsync(scopeId, ct))
        {
            return ParticipantAccess.NotFound(scopeId);
        }

        if (user.IsOwner)
        {
            return null;
        }

        if (!user.CanChange(scopeId))
        {
            return Error.Forbidden(PeopleTexts.Membership_OnlyOwnersAndCoordinators);
        }

        return role == Roles.Coordinator && !await CoordinatorsMayAppointCoordinatorsAsync(db, definitions, scopeId, ct)
            ? Error.Forbidden(PeopleTexts.Membership_NoCoordinatorAppointing)
            : null;
    }

    private static async Task<bool> CoordinatorsMayAppointCoordinatorsAsync(ProsessDb db, DefinitionRegistry definitions, string participantId, CancellationToken ct)
    {
        var used = await db.Programmes.AsNoTracking().Where(p => p.ParticipantId == participantId)
            .Select(p => new { p.DefinitionKey, p.DefinitionVersion }).Distinct().ToListAsync(ct);
        return used.Any(u => definitions.Find(u.DefinitionKey, u.DefinitionVersion)?.Definition.CoordinatorsMayAppointCoordinators == true);
    }

    /// The journal is kept per participant; changes of owners and steering groups are the programme's own.
    public static string JournalParticipant(ScopeKind scope, string scopeId) => scope == ScopeKind.Participant ? scopeId : "";
}

public static class RoleNames
{
    public static string Of(string role) => role switch
    {
        Roles.Owner => PeopleTexts.Role_Owner,
        Roles.Steering => PeopleTexts.Role_Steering,
        Roles.Coordinator => PeopleTexts.Role_Coordinator,
        Roles.Participant => PeopleTexts.Role_Participant,
        _ => role,
    };
}

public static class ScopeNames
{
    /// What a scope is called for people: «Asker», «Region Innherred», «KS», the programme's name.
    public static async Task<string> OfAsync(ProsessDb db, DefinitionRegistry definitions, ScopeKind kind, string id, CancellationToken ct) => kind switch
    {
        ScopeKind.Organisation => id,
        ScopeKind.Definition => definitions.Latest(id)?.Name ?? id,
        _ => await db.Municipalities.Where(m => m.Number == id).Select(m => m.Name).SingleOrDefaultAsync(ct)
            ?? (Guid.TryParse(id, out var region) ? await db.Regions.Where(r => r.Id == region).Select(r => r.Name).SingleOrDefaultAsync(ct) : null)
            ?? id,
    };
}
