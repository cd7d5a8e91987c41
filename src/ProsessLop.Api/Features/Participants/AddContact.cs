using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Participants;

/// An owner or the participant's coordinator adds a member of the kommunegruppe.
public sealed record AddContact([property: JsonIgnore] string ParticipantId, string Name, string Email, string? Phone, string GroupRole, bool IsCoordinator, string? UserSubject)
    : ICommand<Result<ContactPerson>>, IContactFields;

public sealed class AddContactValidator : ContactFieldsValidator<AddContact>;

public sealed class AddContactHandler(ProsessDb db, ICurrentUser user, Journal.Journal journal, TimeProvider clock)
    : ICommandHandler<AddContact, Result<ContactPerson>>
{
    public async ValueTask<Result<ContactPerson>> Handle(AddContact command, CancellationToken ct)
    {
        var participantId = command.ParticipantId;
        if (user.WhyNotChange(participantId, () => ParticipantAccess.NotFound(participantId)) is { } denied)
        {
            return denied;
        }

        if (!await db.IsKnownParticipantAsync(participantId, ct))
        {
            return ParticipantAccess.NotFound(participantId);
        }

        var subject = ContactLink.Normalise(command.UserSubject);
        if (await db.WhyNotLinkAsync(user, participantId, Guid.Empty, null, subject, ct) is { } refused)
        {
            return refused;
        }

        var contact = new ContactPerson
        {
            Id = Guid.CreateVersion7(),
            ParticipantId = participantId,
            Name = command.Name.Trim(),
            Email = command.Email.Trim(),
            Phone = string.IsNullOrWhiteSpace(command.Phone) ? null : command.Phone.Trim(),
            GroupRole = command.GroupRole.Trim(),
            IsCoordinator = command.IsCoordinator,
            UserSubject = subject,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ContactPersons.Add(contact);
        journal.Record(participantId, null, "contact-added", ParticipantAccess.ContactTarget(contact.Id), null, ContactSnapshot.From(contact));
        return contact;
    }
}

public static partial class ContactEndpoints
{
    public static async Task<Results<Created<ContactView>, ProblemHttpResult>> AddContact(
        string participantId, AddContact command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command with { ParticipantId = participantId }, ct)).Match(c =>
            TypedResults.Created($"/api/contacts/{c.Id}", ContactView.From(c)));
}
