using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Journal;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Participants;

/// The kommunegruppe of a participant (erased people left out).
public sealed record ListContacts(string ParticipantId) : IQuery<Result<IReadOnlyList<ContactView>>>;

public sealed class ListContactsHandler(ProsessDb db, ICurrentUser user) : IQueryHandler<ListContacts, Result<IReadOnlyList<ContactView>>>
{
    public async ValueTask<Result<IReadOnlyList<ContactView>>> Handle(ListContacts query, CancellationToken ct)
    {
        if (!user.CanRead(query.ParticipantId) || !await db.IsKnownParticipantAsync(query.ParticipantId, ct))
        {
            return ParticipantAccess.NotFound(query.ParticipantId);
        }

        var contacts = await db.ContactPersons.AsNoTracking()
            .Where(c => c.ParticipantId == query.ParticipantId && c.ErasedAt == null)
            .OrderBy(c => c.Name)
            .ToListAsync(ct);
        return contacts.Select(ContactView.From).ToList();
    }
}

/// GDPR art. 15: everything stored about one contact person, for an owner to hand over.
public sealed record ExportContact(Guid ContactId) : IQuery<Result<ContactExport>>;

public sealed record ContactExport(ContactView Contact, IReadOnlyList<ContactTaskAssignment> TaskAssignments, IReadOnlyList<JournalEntryView> JournalEntries, DateTimeOffset ExportedAt);

public sealed record ContactTaskAssignment(Guid ProgrammeId, string TaskKey, DateTimeOffset AssignedAt);

public sealed class ExportContactHandler(ProsessDb db, ICurrentUser user, TimeProvider clock) : IQueryHandler<ExportContact, Result<ContactExport>>
{
    public async ValueTask<Result<ContactExport>> Handle(ExportContact query, CancellationToken ct)
    {
        var contact = await db.ContactPersons.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.ContactId, ct);
        if (contact is null || !user.IsOwner)
        {
            return Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Contact_NotFound, query.ContactId));
        }

        var assignments = await db.TaskAssignments.AsNoTracking().Where(a => a.ContactPersonId == contact.Id)
            .OrderBy(a => a.AssignedAt)
            .Select(a => new ContactTaskAssignment(a.ProgrammeId, a.TaskKey, a.AssignedAt))
            .ToListAsync(ct);
        // Entries about the person, and entries of changes they made themselves for this participant.
        var target = ParticipantAccess.ContactTarget(contact.Id);
        var journal = await db.JournalEntries.Where(j => j.Target == target).Union(db.JournalOf(contact))
            .AsNoTracking()
            .OrderBy(j => j.Id)
            .ToListAsync(ct);
        return new ContactExport(ContactView.From(contact), assignments, journal.Select(JournalEntryView.From).ToList(), clock.GetUtcNow());
    }
}

public static partial class ContactEndpoints
{
    public static async Task<Results<Ok<IReadOnlyList<ContactView>>, ProblemHttpResult>> ListContacts(
        string participantId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListContacts(participantId), ct)).Match(list => TypedResults.Ok(list));

    public static async Task<Results<Ok<ContactExport>, ProblemHttpResult>> ExportContact(
        Guid contactId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ExportContact(contactId), ct)).Match(export => TypedResults.Ok(export));
}
