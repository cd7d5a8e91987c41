using FluentValidation;
using Microsoft.EntityFrameworkCore;
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
        RuleFor(c => c.Name).RequiredText("Navn", 200);
        RuleFor(c => c.Email).RequiredText("E-postadresse", 320)
            .EmailAddress().WithMessage("E-postadressen er ikke gyldig.");
        RuleFor(c => c.Phone).OptionalText("Telefonnummer", 40)
            .Matches(@"^\+?[0-9 ]*$").WithMessage("Telefonnummer kan bare ha sifre, mellomrom og + først.");
        RuleFor(c => c.GroupRole).RequiredText("Rolle i kommunegruppen", 100);
        RuleFor(c => c.UserSubject).OptionalText("Brukerident", 200);
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

public static class ParticipantAccess
{
    public static Error NotFound(string participantId) => Error.NotFound($"Fant ikke deltakeren {participantId}.");

    public static string ContactTarget(Guid contactId) => $"contact:{contactId}";

    /// Why the caller may not change a participant's contacts: 404 outside the participant (ids
    /// reveal nothing), 403 for those who may only read; null when they may.
    public static Error? WhyNotChange(this ICurrentUser user, string participantId, Func<Error> notFound) =>
        !user.CanRead(participantId) ? notFound()
        : !user.CanChange(participantId) ? Error.Forbidden("Du kan se kontaktpersonene, men ikke endre dem.")
        : null;

    /// A participant is a municipality (its four-digit number) or a region (its id).
    public static async Task<bool> IsKnownParticipantAsync(this ProsessDb db, string participantId, CancellationToken ct) =>
        await db.Municipalities.AnyAsync(m => m.Number == participantId, ct)
        || (Guid.TryParse(participantId, out var regionId) && await db.Regions.AnyAsync(r => r.Id == regionId, ct));
}
