using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Participants;

/// GDPR art. 17: an owner erases a contact person. The row stays (so ids in programmes still
/// resolve) but holds nothing personal; their task assignments go, and the journal keeps that
/// changes happened but no longer what they said about the person.
public sealed record EraseContact(Guid ContactId) : ICommand<Result<bool>>;

public sealed class EraseContactHandler(ProsessDb db, Journal.Journal journal, TimeProvider clock)
    : ICommandHandler<EraseContact, Result<bool>>
{
    public const string ErasedName = "Slettet person";

    public async ValueTask<Result<bool>> Handle(EraseContact command, CancellationToken ct)
    {
        var contact = await db.ContactPersons.SingleOrDefaultAsync(c => c.Id == command.ContactId, ct);
        if (contact is null)
        {
            return Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Contact_NotFound, command.ContactId));
        }

        await EraseAsync(db, journal, clock, contact, ct);
        return true;
    }

    /// Also used when a person is erased: each contact record linked to them goes the same way.
    public static async Task EraseAsync(ProsessDb db, Journal.Journal journal, TimeProvider clock, ContactPerson contact, CancellationToken ct)
    {
        if (contact.ErasedAt is not null)
        {
            return;
        }

        var subject = contact.UserSubject;
        if (subject is not null)
        {
            // What the person did stays in the journal, comments and learning (the record of the
            // programme), but no longer says who: the sign-in subject and the name go. Only what
            // they did for this participant: the same sign-in may be someone's contact elsewhere.
            var pseudonym = $"slettet-{contact.Id:N}";
            var programmes = db.Programmes.Where(p => p.ParticipantId == contact.ParticipantId).Select(p => p.Id);
            await db.JournalOf(contact)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.ActorId, pseudonym).SetProperty(j => j.ActorName, ErasedName), ct);
            await db.Comments.Where(c => c.AuthorId == subject && programmes.Contains(c.ProgrammeId))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.AuthorId, pseudonym).SetProperty(c => c.AuthorName, ErasedName), ct);
            await db.LearningEntries.Where(l => l.AuthorId == subject && programmes.Contains(l.ProgrammeId))
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.AuthorId, pseudonym).SetProperty(l => l.AuthorName, ErasedName), ct);
            await db.Notifications.Where(n => n.RecipientSubject == subject && n.ProgrammeId != null && programmes.Contains(n.ProgrammeId.Value))
                .ExecuteDeleteAsync(ct);
        }

        contact.Name = ErasedName;
        contact.Email = $"slettet-{contact.Id:N}@slettet.invalid";
        contact.Phone = null;
        contact.UserSubject = null;
        contact.ErasedAt = clock.GetUtcNow();

        await db.TaskAssignments.Where(a => a.ContactPersonId == contact.Id).ExecuteDeleteAsync(ct);
        // The copies on the programmes' rows go with them (Programme.AssignedTaskKeys).
        foreach (var programme in await db.Programmes.Where(p => p.ParticipantId == contact.ParticipantId && p.AssignedContactIds.Contains(contact.Id)).ToListAsync(ct))
        {
            programme.CopyUnassignment(contact.Id);
        }
        var target = ParticipantAccess.ContactTarget(contact.Id);
        await db.JournalEntries.Where(j => j.Target == target)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Before, (string?)null).SetProperty(j => j.After, (string?)null), ct);
        journal.Record(contact.ParticipantId, null, "contact-erased", target, null, null);
    }
}

public static partial class ContactEndpoints
{
    public static async Task<Results<NoContent, ProblemHttpResult>> EraseContact(Guid contactId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new EraseContact(contactId), ct)).Match(_ => TypedResults.NoContent());
}
