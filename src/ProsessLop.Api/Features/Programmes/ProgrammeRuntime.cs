using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// What every programme command needs: load with the access rules applied, the engine for the
/// programme's definition version, and the derived columns refreshed after a change.
public sealed class ProgrammeRuntime(ProsessDb db, DefinitionRegistry registry, ICurrentUser user, TimeProvider clock)
{
    public static Error NotFound(Guid id) => Error.NotFound($"Fant ikke programmet {id}.");

    /// The programme, tracked, if the caller may read it; 404 otherwise (also for another
    /// participant's programme, so ids reveal nothing).
    public async Task<Result<Programme>> FindReadableAsync(Guid id, CancellationToken ct)
    {
        var programme = await db.Programmes.SingleOrDefaultAsync(p => p.Id == id, ct);
        return programme is not null && user.CanRead(programme.ParticipantId) ? programme : NotFound(id);
    }

    /// The programme if the caller may change it: 404 when they may not even read it, 403 when
    /// they may read but not change (steering group, participants). With an expected version
    /// (the client's If-Match), saving fails with 409 if anyone changed the programme since.
    public async Task<Result<Programme>> FindChangeableAsync(Guid id, uint? expectedVersion, CancellationToken ct)
    {
        var found = await FindReadableAsync(id, ct);
        if (!found.Succeeded)
        {
            return found;
        }

        var programme = found.Value!;
        if (!user.CanChange(programme.ParticipantId))
        {
            return Error.Forbidden("Du kan lese dette programmet, men ikke endre det.");
        }

        if (expectedVersion is uint version)
        {
            if (version != programme.Version)
            {
                return Error.Conflict("Programmet er endret siden du hentet det (If-Match stemmer ikke). Hent det på nytt og prøv igjen.");
            }

            db.Entry(programme).Property(p => p.Version).OriginalValue = version;
        }

        return programme;
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
        return found.Succeeded ? await read(found.Value!) : found.Error!;
    }

    /// The shape of every change to something inside a programme: load it with the access rules,
    /// make the change, and touch the programme when the change succeeded.
    public async Task<Result<T>> ChangeAsync<T>(Guid id, Func<Programme, Task<Result<T>>> change, CancellationToken ct, uint? expectedVersion = null)
    {
        var found = await FindChangeableAsync(id, expectedVersion, ct);
        if (!found.Succeeded)
        {
            return found.Error!;
        }

        var result = await change(found.Value!);
        if (result.Succeeded)
        {
            Touch(found.Value!);
        }

        return result;
    }

    public ProgrammeEngine EngineFor(Programme programme) =>
        new(registry.Find(programme.DefinitionKey, programme.DefinitionVersion)?.Definition
            ?? throw new InvalidOperationException($"Definition {programme.DefinitionKey} v{programme.DefinitionVersion} is not loaded."), clock);

    public DateOnly Today => OsloDate.Today(clock);

    /// Recomputes the columns lists and filters read, and marks the state document changed (the
    /// engine changes it in place, which change tracking does not see). Called after every
    /// change to the state.
    public void Refresh(Programme programme, ProgrammeEngine engine)
    {
        Derive(programme, engine, clock.GetUtcNow());
        var entry = db.Entry(programme);
        if (entry.State is EntityState.Unchanged or EntityState.Modified)
        {
            entry.Property(p => p.State).IsModified = true;
        }
    }

    /// The derivation itself, for code that builds programmes outside a request (the benchmark
    /// data generator) and must fill the columns exactly as the commands do.
    public static void Derive(Programme programme, ProgrammeEngine engine, DateTimeOffset now)
    {
        var state = programme.State;
        programme.Status = state.Status;
        programme.CurrentStageKey = state.CurrentStageIndex < state.Stages.Count ? state.Stages[state.CurrentStageIndex].Key : "";
        programme.Health = engine.DeriveStatus(state).Status;
        var activeStages = state.Stages.Where(s => s.Status != StageStatus.Completed).Select(s => s.Key).ToHashSet();
        var openDues = state.Tasks.Where(t => t.Required && !t.Retired && !t.IsFinished && activeStages.Contains(t.StageKey)).Select(t => t.Due)
            .Concat(state.Reports.Where(r => !r.Retired && !r.IsDelivered && activeStages.Contains(r.StageKey)).Select(r => r.Due))
            .ToList();
        programme.EarliestOpenDue = state.Status == ProgrammeStatus.Active && openDues.Count > 0 ? openDues.Min() : null;
        programme.AwaitingReview = state.Reports.Count(r => !r.Retired && r.Status == ReportStatus.Submitted && r.RequiresApproval);
        programme.UpdatedAt = now;
    }
}
