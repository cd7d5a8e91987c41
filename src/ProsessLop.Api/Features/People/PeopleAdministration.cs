using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.People;

/// Owners find people by name or address, with their roles and last sign-in.
public sealed record SearchPeople(string? Q, Infrastructure.Paging Paging) : IQuery<IReadOnlyList<PersonView>>;

public sealed record PersonView(string Id, string Name, string Email, DateTimeOffset? LastSignInAt, IReadOnlyList<PersonMembership> Memberships, int Identities);

public sealed record PersonMembership(Guid Id, string Role, ScopeKind ScopeKind, string ScopeId);

public sealed class SearchPeopleHandler(ProsessDb db) : IQueryHandler<SearchPeople, IReadOnlyList<PersonView>>
{
    public async ValueTask<IReadOnlyList<PersonView>> Handle(SearchPeople query, CancellationToken ct)
    {
        var people = db.People.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var pattern = $"%{query.Q.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            people = people.Where(p => EF.Functions.ILike(p.Name, pattern) || EF.Functions.ILike(p.Email, pattern));
        }

        return await people.OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip(query.Paging.Offset).Take(query.Paging.PageSize)
            .Select(p => new PersonView(p.Id, p.Name, p.Email, p.LastSignInAt,
                p.Memberships.OrderBy(m => m.ScopeKind).ThenBy(m => m.ScopeId).Select(m => new PersonMembership(m.Id, m.Role, m.ScopeKind, m.ScopeId)).ToList(),
                p.Identities.Count))
            .ToListAsync(ct);
    }
}

/// GDPR art. 17 for a person: memberships, linked identities, access tokens, sessions and open
/// invitations go; their contact records are erased as contacts are; the journal keeps what was
/// done under an anonymised actor. Counts from the person's next request.
public sealed record ErasePerson(string PersonId) : ICommand<Result<bool>>;

public sealed class ErasePersonHandler(ProsessDb db, Journal.Journal journal, TimeProvider clock) : ICommandHandler<ErasePerson, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(ErasePerson command, CancellationToken ct)
    {
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == command.PersonId, ct);
        if (person is null)
        {
            return Error.NotFound(Workflow.Engine.Vocabulary.Format(PeopleTexts.Person_NotFound, command.PersonId));
        }

        if (await db.Memberships.AnyAsync(m => m.PersonId == person.Id && m.Role == Infrastructure.Auth.Roles.Owner, ct)
            && await db.Memberships.CountAsync(m => m.Role == Infrastructure.Auth.Roles.Owner, ct) == 1)
        {
            return Error.Conflict(PeopleTexts.Person_LastOwner);
        }

        foreach (var contact in await db.ContactPersons.Where(c => c.UserSubject == person.Id && c.ErasedAt == null).ToListAsync(ct))
        {
            await EraseContactHandler.EraseAsync(db, journal, clock, contact, ct);
        }

        // What they did elsewhere stays, without saying who.
        var pseudonym = $"slettet-{Guid.CreateVersion7():N}";
        await db.JournalEntries.Where(j => j.ActorId == person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.ActorId, pseudonym).SetProperty(j => j.ActorName, EraseContactHandler.ErasedName), ct);
        await db.Comments.Where(c => c.AuthorId == person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AuthorId, pseudonym).SetProperty(c => c.AuthorName, EraseContactHandler.ErasedName), ct);
        await db.LearningEntries.Where(l => l.AuthorId == person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.AuthorId, pseudonym).SetProperty(l => l.AuthorName, EraseContactHandler.ErasedName), ct);
        await db.DefinitionDrafts.Where(d => d.CreatedBy == person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.CreatedBy, pseudonym).SetProperty(d => d.CreatedByName, EraseContactHandler.ErasedName), ct);
        await db.DefinitionDraftRevisions.Where(r => r.SavedBy == person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SavedBy, pseudonym).SetProperty(r => r.SavedByName, EraseContactHandler.ErasedName), ct);
        await db.DefinitionDraftApprovals.Where(a => a.ApprovedBy == person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ApprovedBy, pseudonym).SetProperty(a => a.ApprovedByName, EraseContactHandler.ErasedName), ct);
        await db.PublishedDefinitions.Where(p => p.PublishedBy == person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.PublishedBy, pseudonym).SetProperty(p => p.PublishedByName, EraseContactHandler.ErasedName), ct);
        await db.Notifications.Where(n => n.RecipientSubject == person.Id).ExecuteDeleteAsync(ct);
        await db.CalendarFeeds.Where(f => (f.CreatedBy == person.Id || f.Subject == person.Id) && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, clock.GetUtcNow()), ct);
        await db.Invitations.Where(i => i.Email == person.Email).ExecuteDeleteAsync(ct);

        // Memberships, identities, tokens and sessions go with the row (cascading keys).
        db.People.Remove(person);
        journal.Record("", null, "person-erased", $"person:{pseudonym}", null, null);
        return true;
    }
}
