using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// A command that changes a programme carries the version the client last saw (its If-Match,
/// null when it sent none), so the runtime checks it the same way for every command and caller.
public interface IProgrammeChange
{
    Guid ProgrammeId { get; }

    uint? ExpectedVersion { get; }
}

/// Loading and access: what every programme command needs is the programme loaded with the
/// access rules applied, the engine for its definition version, and the derived columns
/// refreshed after a change. What is open in a programme is the workflow core's Agenda.
public sealed class ProgrammeRuntime(ProsessDb db, DefinitionRegistry registry, ICurrentUser user, TimeProvider clock)
{
    public static Error NotFound(Guid id) => Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Programme_NotFound, id));

    // Compiled once: every programme command and read starts here, and a LINQ query builds its
    // expression tree and looks up the query cache on every call (bench/README.md, issue 15).
    private static readonly Func<ProsessDb, Guid, CancellationToken, Task<Programme?>> ById =
        EF.CompileAsyncQuery((ProsessDb db, Guid id, CancellationToken ct) => db.Programmes.SingleOrDefault(p => p.Id == id));

    private static readonly Func<ProsessDb, Guid, CancellationToken, Task<Programme?>> ByIdUntracked =
        EF.CompileAsyncQuery((ProsessDb db, Guid id, CancellationToken ct) => db.Programmes.AsNoTracking().SingleOrDefault(p => p.Id == id));

    /// The programme, tracked, if the caller may read it; 404 otherwise (also for another
    /// participant's programme, so ids reveal nothing). <paramref name="untracked"/>: the caller
    /// writes the row itself (ProgrammeWrite), so change tracking need not snapshot the programme
    /// nor look for changes in it when the transaction saves (EF change tracking was the largest
    /// item of the host's CPU per command left, bench/README.md, issue 15). A programme this scope
    /// already tracks is still returned tracked, so the scope keeps one instance of it.
    public async Task<Result<Programme>> FindReadableAsync(Guid id, CancellationToken ct, bool untracked = false)
    {
        var programme = untracked && db.Programmes.Local.FindEntry(id) is null ? await ByIdUntracked(db, id, ct) : await ById(db, id, ct);
        if (programme is null || !user.CanRead(programme.ParticipantId))
        {
            return NotFound(id);
        }

        // A version another replica published after this one started (EngineFor reads the registry).
        await registry.FindOrLoadAsync(programme.DefinitionKey, programme.DefinitionVersion, db, ct);
        return programme;
    }

    /// The programme if the caller may make this change now. Every command that changes a
    /// programme comes through here, so one rule holds for all of them, in this order: 404 when the
    /// caller may not read it; 403 when they may read but not change it (steering group;
    /// participants, except on a task assigned to them: <paramref name="assignedTask"/>); 409 when
    /// If-Match names another version; 409 when the programme is closed and the engine says it does
    /// not take this kind of work. Saving still fails with 409 if anyone changes it in between.
    public async Task<Result<Programme>> FindChangeableAsync(IProgrammeChange change, ProgrammeWork work, CancellationToken ct, string? assignedTask = null, bool untracked = false)
    {
        var found = await FindReadableAsync(change.ProgrammeId, ct, untracked);
        if (!found.Succeeded)
        {
            return found;
        }

        var programme = found.Value;
        if (await RefusedAccessAsync(programme, assignedTask, ct) is { } refused)
        {
            return refused;
        }

        if (change.ExpectedVersion is uint version)
        {
            if (version != programme.Version)
            {
                return Error.Conflict(ProgrammeTexts.Programme_Stale);
            }

            // Untracked, ProgrammeWrite checks the row against programme.Version, which equals it.
            if (db.Entry(programme) is { State: not EntityState.Detached } entry)
            {
                entry.Property(p => p.Version).OriginalValue = version;
            }
        }

        if (EngineFor(programme).Refusal(programme.State, work) is { } closed)
        {
            return Error.Conflict(closed.Text);
        }

        return programme;
    }

    private async Task<Error?> RefusedAccessAsync(Programme programme, string? assignedTask, CancellationToken ct)
    {
        if (user.CanChange(programme.ParticipantId))
        {
            return null;
        }

        if (assignedTask is null || !user.IsParticipant)
        {
            return Error.Forbidden(ProgrammeTexts.Programme_ReadOnly);
        }

        var assignedToCaller = await db.TaskAssignments.AnyAsync(a => a.ProgrammeId == programme.Id && a.TaskKey == assignedTask
            && db.ContactPersons.Any(c => c.Id == a.ContactPersonId && c.UserSubject == user.Id), ct);
        return assignedToCaller ? null : Error.Forbidden(ProgrammeTexts.Programme_OnlyOwnTasks);
    }

    /// Marks the programme changed, so its version (ETag) moves with every change to anything in
    /// it, and concurrent writers collide on the programme row instead of interleaving.
    /// The column is marked modified even when the clock shows the same instant, so the row is
    /// always written and its version always moves.
    public void Touch(Programme programme)
    {
        programme.UpdatedAt = clock.GetUtcNow();
        db.Entry(programme).Property(p => p.UpdatedAt).IsModified = true;
    }

    /// The shape of every read of something inside a programme: 404 unless the caller may read it.
    public async Task<Result<T>> ReadAsync<T>(Guid id, Func<Programme, Task<Result<T>>> read, CancellationToken ct)
    {
        var found = await FindReadableAsync(id, ct);
        return found.Succeeded ? await read(found.Value) : found.Error;
    }

    /// The shape of every change to something inside a programme: load it with the change rule,
    /// make the change, and touch the programme when the change succeeded.
    public async Task<Result<T>> ChangeAsync<T>(IProgrammeChange command, ProgrammeWork work, Func<Programme, Task<Result<T>>> change, CancellationToken ct)
    {
        var found = await FindChangeableAsync(command, work, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var result = await change(found.Value);
        if (result.Succeeded)
        {
            Touch(found.Value);
        }

        return result;
    }

    /// Before reading many programmes: loads the versions other replicas published since this one
    /// started, so <see cref="EngineFor"/> knows every programme's definition.
    public Task KnowEveryDefinitionAsync(CancellationToken ct) => registry.RefreshAsync(db, ct);

    public ProgrammeEngine EngineFor(Programme programme) =>
        new(registry.Find(programme.DefinitionKey, programme.DefinitionVersion)?.Definition
            ?? throw new InvalidOperationException($"Definition {programme.DefinitionKey} v{programme.DefinitionVersion} is not loaded."), clock);

    public DateOnly Today => OsloTime.Today(clock);

    /// Recomputes the columns lists and filters read, and marks the state document changed (the
    /// engine changes it in place, which change tracking does not see). Called after every
    /// change to the state.
    public void Refresh(Programme programme, ProgrammeEngine engine)
    {
        programme.DeriveColumns(engine, clock.GetUtcNow());
        var entry = db.Entry(programme);
        if (entry.State is EntityState.Unchanged or EntityState.Modified)
        {
            entry.Property(p => p.State).IsModified = true;
        }
    }
}
