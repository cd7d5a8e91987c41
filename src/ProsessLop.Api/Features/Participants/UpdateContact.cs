using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Participants;

/// Corrects what is stored about a contact person.
public sealed record UpdateContact([property: JsonIgnore] Guid ContactId, string Name, string Email, string? Phone, string GroupRole, bool IsCoordinator, string? UserSubject)
    : ICommand<Result<ContactPerson>>, IContactFields;

public sealed class UpdateContactValidator : ContactFieldsValidator<UpdateContact>;

public sealed class UpdateContactHandler(ProsessDb db, ICurrentUser user, Journal.Journal journal)
    : ICommandHandler<UpdateContact, Result<ContactPerson>>
{
    public async ValueTask<Result<ContactPerson>> Handle(UpdateContact command, CancellationToken ct)
    {
        var contact = await db.ContactPersons.SingleOrDefaultAsync(c => c.Id == command.ContactId, ct);
        var notFound = () => Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Contact_NotFound, command.ContactId));
        if (contact is null)
        {
            return notFound();
        }

        if (user.WhyNotChange(contact.ParticipantId, notFound) is { } denied)
        {
            return denied;
        }

        if (contact.ErasedAt is not null)
        {
            return Error.Conflict(ProgrammeTexts.Contact_Erased);
        }

        var subject = ContactLink.Normalise(command.UserSubject);
        if (await db.WhyNotLinkAsync(user, contact.ParticipantId, contact.Id, contact.UserSubject, subject, ct) is { } refused)
        {
            return refused;
        }

        var before = ContactSnapshot.From(contact);
        contact.Name = command.Name.Trim();
        contact.Email = command.Email.Trim();
        contact.Phone = string.IsNullOrWhiteSpace(command.Phone) ? null : command.Phone.Trim();
        contact.GroupRole = command.GroupRole.Trim();
        contact.IsCoordinator = command.IsCoordinator;
        contact.UserSubject = subject;
        journal.Record(contact.ParticipantId, null, "contact-updated", ParticipantAccess.ContactTarget(contact.Id), before, ContactSnapshot.From(contact));
        return contact;
    }
}

public static partial class ContactEndpoints
{
    public static async Task<Results<Ok<ContactView>, ProblemHttpResult>> UpdateContact(
        Guid contactId, UpdateContact command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command with { ContactId = contactId }, ct)).Match(c => TypedResults.Ok(ContactView.From(c)));
}
