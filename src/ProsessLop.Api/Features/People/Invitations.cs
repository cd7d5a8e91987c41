using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Workflow.Engine;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.People;

/// Invite someone to a role by e-mail: owners invite anyone to anything; a coordinator invites
/// colleagues to their own participant (as participants, or as coordinators where the
/// programme's definition allows it). The mail holds a one-time link, valid 14 days.
public sealed record Invite(string Email, string Name, string Role, string? ParticipantId, string? Organisation, string? DefinitionKey)
    : ICommand<Result<SentInvitation>>;

/// <param name="Link">The one-time link: in the e-mail only (and printed by `bootstrap-owner`), never in an answer.</param>
public sealed record SentInvitation(Guid Id, string Email, string Name, string Role, ScopeKind ScopeKind, string ScopeId, DateTimeOffset ExpiresAt,
    [property: JsonIgnore] string Link);

public sealed class InviteValidator : AbstractValidator<Invite>
{
    public InviteValidator()
    {
        RuleFor(c => c.Email).NotEmpty().MaximumLength(320).EmailAddress().WithMessage(_ => PeopleTexts.Invite_Email);
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200).WithMessage(_ => PeopleTexts.Invite_Name);
        RuleFor(c => c.Role).Must(r => Roles.All.Contains(r)).WithMessage(_ => Vocabulary.Format(PeopleTexts.Invite_Role, string.Join(", ", Roles.All)));
        RuleFor(c => c.ParticipantId).NotEmpty().MaximumLength(64).When(c => c.Role is Roles.Coordinator or Roles.Participant)
            .WithMessage(_ => PeopleTexts.Invite_Participant);
        RuleFor(c => c.Organisation).NotEmpty().MaximumLength(100).When(c => c.Role == Roles.Owner)
            .WithMessage(_ => PeopleTexts.Invite_Organisation);
        RuleFor(c => c.DefinitionKey).NotEmpty().MaximumLength(100).When(c => c.Role == Roles.Steering)
            .WithMessage(_ => PeopleTexts.Invite_Definition);
    }
}

public sealed class InviteHandler(
    ProsessDb db, ICurrentUser user, Journal.Journal journal, TimeProvider clock, EmailOutbox outbox, IOptions<EmailOptions> email, DefinitionRegistry definitions)
    : ICommandHandler<Invite, Result<SentInvitation>>
{
    public async ValueTask<Result<SentInvitation>> Handle(Invite command, CancellationToken ct)
    {
        var scopeKind = Membership.ScopeOf(command.Role);
        var scopeId = (scopeKind switch
        {
            ScopeKind.Organisation => command.Organisation,
            ScopeKind.Definition => command.DefinitionKey,
            _ => command.ParticipantId,
        })!.Trim();
        if (await MembershipRules.WhyNotGrantAsync(db, user, definitions, command.Role, scopeKind, scopeId, ct) is { } denied)
        {
            return denied;
        }

        var address = command.Email.Trim().ToLowerInvariant();
        var already = await db.Memberships.AnyAsync(m => m.ScopeKind == scopeKind && m.ScopeId == scopeId && db.People.Any(p => p.Id == m.PersonId && p.Email == address), ct);
        if (already)
        {
            return Error.Conflict(Vocabulary.Format(PeopleTexts.Invite_AlreadyMember, address));
        }

        // Re-inviting replaces what is pending for the same address and scope: one link works.
        var now = clock.GetUtcNow();
        var replaced = await db.Invitations
            .Where(i => i.Email == address && i.ScopeKind == scopeKind && i.ScopeId == scopeId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ToListAsync(ct);
        foreach (var old in replaced)
        {
            old.RevokedAt = now;
        }

        var token = Secrets.New();
        var invitation = new Invitation
        {
            Id = Guid.CreateVersion7(), Email = address, Name = command.Name.Trim(), Role = command.Role, ScopeKind = scopeKind, ScopeId = scopeId,
            TokenHash = Secrets.Hash(token), InvitedBy = user.Id, CreatedAt = now, ExpiresAt = now + Invitation.Lifetime,
        };
        db.Invitations.Add(invitation);

        var link = $"{email.Value.BaseUrl.TrimEnd('/')}/invitasjon/{token}";
        var scopeName = await ScopeNames.OfAsync(db, definitions, scopeKind, scopeId, ct);
        // In the invitee's standard, never the sender's: their own choice if the address is a
        // person here, else the decision of the participant they are invited to, else bokmål.
        var readers = await Readers.LoadAsync(db,
            scopeKind == ScopeKind.Participant ? [new Readers.Contact(address, null, scopeId)] : [], new Dictionary<Guid, string>(), [address], ct);
        outbox.Enqueue(InvitationMail.For(invitation, scopeName, user.Name, link, readers.Of(address, null, null)), carriesSecret: true);
        journal.Record(MembershipRules.JournalParticipant(scopeKind, scopeId), null, replaced.Count > 0 ? "invitation-renewed" : "invitation-sent",
            InvitationTarget(invitation.Id), null, new { invitation.Name, invitation.Email, invitation.Role, scope = scopeName });
        return new SentInvitation(invitation.Id, invitation.Email, invitation.Name, invitation.Role, scopeKind, scopeId, invitation.ExpiresAt, link);
    }

    public static string InvitationTarget(Guid id) => $"invitation:{id}";
}

public static class InvitationMail
{
    /// The mail in the recipient's standard (<paramref name="reader"/>: nb-NO or nn-NO), whatever the sender reads.
    public static EmailMessage For(Invitation invitation, string scopeName, string invitedBy, string link, CultureInfo reader)
    {
        using var _ = WrittenStandards.Use(reader);
        var role = RoleNames.Of(invitation.Role);
        var until = ShownTime.Date(invitation.ExpiresAt);
        var subject = Vocabulary.Format(PeopleTexts.InvitationMail_Subject, role, scopeName);
        var greeting = Vocabulary.Format(PeopleTexts.InvitationMail_Greeting, invitation.Name);
        var invited = Vocabulary.Format(PeopleTexts.InvitationMail_Invited, invitedBy, role, scopeName);
        var validity = Vocabulary.Format(PeopleTexts.InvitationMail_Validity, until);
        var text = $"""
            {greeting}

            {invited}

            {PeopleTexts.InvitationMail_OpenLink}
            {link}

            {validity}

            {EmailMessage.SentAutomaticallyIn(reader)}
            """;
        string H(string s) => WebUtility.HtmlEncode(s);
        var html = $"""
            <p>{H(greeting)}</p>
            <p>{H(invited)}</p>
            <p><a href="{H(link)}">{H(PeopleTexts.InvitationMail_LinkText)}</a></p>
            <p>{H(validity)}</p>
            """;
        return new EmailMessage([invitation.Email], subject, EmailMessage.Document(subject, html, reader), text);
    }
}

/// An owner or the participant's coordinator withdraws a pending invitation: its link stops working.
public sealed record RevokeInvitation(Guid InvitationId) : ICommand<Result<bool>>;

public sealed class RevokeInvitationHandler(ProsessDb db, ICurrentUser user, Journal.Journal journal, TimeProvider clock, DefinitionRegistry definitions)
    : ICommandHandler<RevokeInvitation, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(RevokeInvitation command, CancellationToken ct)
    {
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == command.InvitationId, ct);
        var notFound = Error.NotFound(Vocabulary.Format(PeopleTexts.Invitation_NotFound, command.InvitationId));
        if (invitation is null || (invitation.ScopeKind == ScopeKind.Participant ? !user.CanRead(invitation.ScopeId) : !user.IsOwner))
        {
            return notFound;
        }

        if (await MembershipRules.WhyNotGrantAsync(db, user, definitions, invitation.Role, invitation.ScopeKind, invitation.ScopeId, ct) is { } denied)
        {
            return denied;
        }

        var state = invitation.StateAt(clock.GetUtcNow());
        if (state == InvitationState.Accepted)
        {
            return Error.Conflict(PeopleTexts.Invitation_AcceptedRemoveRole);
        }

        if (state == InvitationState.Pending)
        {
            invitation.RevokedAt = clock.GetUtcNow();
            journal.Record(MembershipRules.JournalParticipant(invitation.ScopeKind, invitation.ScopeId), null, "invitation-revoked",
                InviteHandler.InvitationTarget(invitation.Id), new { invitation.Email, invitation.Role }, null);
        }

        return true;
    }
}

/// What the invitation page shows before and after signing in.
public sealed record GetInvitation(string Token) : IQuery<InvitationView?>;

public sealed record InvitationView(Guid Id, string Name, string Email, string Role, string RoleName, ScopeKind ScopeKind, string ScopeId, string ScopeName,
    InvitationState State, DateTimeOffset ExpiresAt, string? AcceptedBy);

public sealed class GetInvitationHandler(ProsessDb db, TimeProvider clock, DefinitionRegistry definitions) : IQueryHandler<GetInvitation, InvitationView?>
{
    public async ValueTask<InvitationView?> Handle(GetInvitation query, CancellationToken ct)
    {
        var hash = Secrets.Hash(query.Token);
        var i = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(x => x.TokenHash == hash, ct);
        return i is null ? null : new InvitationView(i.Id, i.Name, i.Email, i.Role, RoleNames.Of(i.Role), i.ScopeKind, i.ScopeId,
            await ScopeNames.OfAsync(db, definitions, i.ScopeKind, i.ScopeId, ct), i.StateAt(clock.GetUtcNow()), i.ExpiresAt, i.AcceptedBy);
    }
}

/// The first sign-in through the link: links the identity to the person (the one with the
/// invitation's address, or a new one) and gives the membership. Once only.
public sealed record AcceptInvitation(string Token, string Provider, string Key) : ICommand<Result<AcceptedInvitation>>;

public sealed record AcceptedInvitation(string PersonId, string Role, ScopeKind ScopeKind, string ScopeId);

public sealed class AcceptInvitationHandler(ProsessDb db, Journal.Journal journal, TimeProvider clock) : ICommandHandler<AcceptInvitation, Result<AcceptedInvitation>>
{
    public async ValueTask<Result<AcceptedInvitation>> Handle(AcceptInvitation command, CancellationToken ct)
    {
        var hash = Secrets.Hash(command.Token);
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null)
        {
            return Error.NotFound(PeopleTexts.Invitation_LinkNotFound);
        }

        var linked = await db.ExternalIdentities.Where(i => i.Provider == command.Provider && i.Key == command.Key).Select(i => i.PersonId).SingleOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        switch (invitation.StateAt(now))
        {
            case InvitationState.Accepted when linked is not null && invitation.AcceptedBy == linked:
                return new AcceptedInvitation(linked, invitation.Role, invitation.ScopeKind, invitation.ScopeId);
            case InvitationState.Accepted:
                return Error.Conflict(PeopleTexts.Invitation_AlreadyAccepted);
            case InvitationState.Revoked:
                return Error.Conflict(PeopleTexts.Invitation_Revoked);
            case InvitationState.Expired:
                return Error.Conflict(Vocabulary.Format(PeopleTexts.Invitation_Expired, ShownTime.Date(invitation.ExpiresAt)));
        }

        var person = linked is not null
            ? await db.People.Include(p => p.Memberships).SingleAsync(p => p.Id == linked, ct)
            : await db.People.Include(p => p.Memberships).SingleOrDefaultAsync(p => p.Email == invitation.Email, ct);
        if (person is null)
        {
            person = new Person { Id = Person.NewId(), Name = invitation.Name, Email = invitation.Email, CreatedAt = now };
            db.People.Add(person);
        }

        // Added through their sets, not the person's collections: EF would take a new row with a
        // key already set, found on a tracked person, for an existing one.
        if (linked is null)
        {
            db.ExternalIdentities.Add(new ExternalIdentity { Id = Guid.CreateVersion7(), PersonId = person.Id, Provider = command.Provider, Key = command.Key, LinkedAt = now });
        }

        var membership = person.Memberships.SingleOrDefault(m => m.ScopeKind == invitation.ScopeKind && m.ScopeId == invitation.ScopeId);
        if (membership is null)
        {
            db.Memberships.Add(new Membership
            {
                Id = Guid.CreateVersion7(), PersonId = person.Id, Role = invitation.Role, ScopeKind = invitation.ScopeKind, ScopeId = invitation.ScopeId,
                CreatedAt = now, CreatedBy = invitation.InvitedBy,
            });
        }
        else
        {
            membership.Role = invitation.Role;
        }

        invitation.AcceptedAt = now;
        invitation.AcceptedBy = person.Id;

        // The participant's contact record with this address is this person: their tasks and calendar follow.
        if (invitation.ScopeKind == ScopeKind.Participant)
        {
            await db.ContactPersons
                .Where(c => c.ParticipantId == invitation.ScopeId && c.UserSubject == null && c.ErasedAt == null && c.Email.ToLower() == invitation.Email)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.UserSubject, person.Id), ct);
        }

        journal.RecordAs(person.Id, person.Name, MembershipRules.JournalParticipant(invitation.ScopeKind, invitation.ScopeId), null, "invitation-accepted",
            InviteHandler.InvitationTarget(invitation.Id), null, new { invitation.Role, provider = command.Provider });
        return new AcceptedInvitation(person.Id, invitation.Role, invitation.ScopeKind, invitation.ScopeId);
    }
}
