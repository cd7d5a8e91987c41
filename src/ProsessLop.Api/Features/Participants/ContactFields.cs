using FluentValidation;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Journal;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Pipeline;

namespace ProsessLop.Api.Features.Participants;

/// What is stored about a member of a kommunegruppe, shared by adding and updating one.
public interface IContactFields
{
    string Name { get; }
    string Email { get; }
    string? Phone { get; }
    string GroupRole { get; }
    string? UserSubject { get; }
}

public abstract class ContactFieldsValidator<T> : AbstractValidator<T> where T : IContactFields
{
    protected ContactFieldsValidator()
    {
        RuleFor(c => c.Name).RequiredText(() => Texts.Field_Name, 200);
        RuleFor(c => c.Email).RequiredText(() => Texts.Field_Email, 320)
            .EmailAddress().WithMessage(_ => Texts.Form_EmailInvalid);
        RuleFor(c => c.Phone).OptionalText(() => Texts.Field_Phone, 40)
            .Matches(@"^\+?[0-9 ]*$").WithMessage(_ => Texts.Form_PhoneChars);
        RuleFor(c => c.GroupRole).RequiredText(() => Texts.Field_GroupRole, 100);
        RuleFor(c => c.UserSubject).OptionalText(() => Texts.Field_UserSubject, 200);
    }
}

public sealed record ContactView(
    Guid Id, string ParticipantId, string Name, string Email, string? Phone, string GroupRole, bool IsCoordinator, string? UserSubject,
    DateTimeOffset CreatedAt, DateTimeOffset? ErasedAt, uint Version)
{
    public static ContactView From(ContactPerson c) =>
        new(c.Id, c.ParticipantId, c.Name, c.Email, c.Phone, c.GroupRole, c.IsCoordinator, c.UserSubject, c.CreatedAt, c.ErasedAt, c.Version);
}

/// What the journal keeps of a contact before and after a change (scrubbed on erasure).
public sealed record ContactSnapshot(string Name, string Email, string? Phone, string GroupRole, bool IsCoordinator, string? UserSubject)
{
    public static ContactSnapshot From(ContactPerson c) => new(c.Name, c.Email, c.Phone, c.GroupRole, c.IsCoordinator, c.UserSubject);
}

/// The sign-in a contact person is linked to decides whose tasks and deadlines that sign-in
/// sees, and what export and erasure of the contact cover. Linking someone else's sign-in would
/// hand them (or their work) to another participant, so only owners set or clear it, and one
/// sign-in is one contact per participant (a unique index backs this).
public static class ContactLink
{
    public static string? Normalise(string? subject) => string.IsNullOrWhiteSpace(subject) ? null : subject.Trim();

    /// Null when <paramref name="requested"/> may become the contact's link (it is unchanged, or
    /// an owner sets a sign-in not yet linked to another of the participant's contacts).
    public static async Task<Error?> WhyNotLinkAsync(this ProsessDb db, ICurrentUser user, string participantId, Guid contactId,
        string? current, string? requested, CancellationToken ct)
    {
        if (requested == current)
        {
            return null;
        }

        if (!user.IsOwner)
        {
            return Error.ForbiddenField("userSubject",
                ProgrammeTexts.Contact_OnlyOwnersLink);
        }

        return requested is not null
            && await db.ContactPersons.AnyAsync(c => c.ParticipantId == participantId && c.UserSubject == requested && c.Id != contactId, ct)
            ? Error.Conflict(ProgrammeTexts.Contact_SignInTaken)
            : null;
    }

    /// What the contact's sign-in did for the contact's own participant: the same sign-in may be
    /// a contact elsewhere, and that work is not this contact's to export or erase.
    public static IQueryable<JournalEntry> JournalOf(this ProsessDb db, ContactPerson contact) =>
        db.JournalEntries.Where(j => contact.UserSubject != null && j.ActorId == contact.UserSubject && j.ParticipantId == contact.ParticipantId);
}

public static class ParticipantAccess
{
    public static Error NotFound(string participantId) => Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Contact_ParticipantNotFound, participantId));

    public static string ContactTarget(Guid contactId) => $"contact:{contactId}";

    /// Why the caller may not change a participant's contacts: 404 outside the participant (ids
    /// reveal nothing), 403 for those who may only read; null when they may.
    public static Error? WhyNotChange(this ICurrentUser user, string participantId, Func<Error> notFound) =>
        !user.CanRead(participantId) ? notFound()
        : !user.CanChange(participantId) ? Error.Forbidden(ProgrammeTexts.Contact_ReadOnly)
        : null;

    /// A participant is a municipality (its four-digit number) or a region (its id).
    public static async Task<bool> IsKnownParticipantAsync(this ProsessDb db, string participantId, CancellationToken ct) =>
        await db.Municipalities.AnyAsync(m => m.Number == participantId, ct)
        || (Guid.TryParse(participantId, out var regionId) && await db.Regions.AnyAsync(r => r.Id == regionId, ct));
}
