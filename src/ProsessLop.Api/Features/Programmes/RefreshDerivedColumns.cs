using Hangfire;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Jobs;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// Recomputes the derived columns of one batch of active programmes (ordered by id, after
/// <paramref name="After"/>) for today's date and writes only the rows whose columns moved.
/// Commands refresh the columns on every change; this catches what moves with time alone
/// (a deadline passes: on track becomes late) so the overview's filters stay true, and fills the
/// reminder columns of rows written before they existed (or after a definition file changed).
/// Only the derived columns are written: UpdatedAt stays. The ETag is PostgreSQL's xmin, so a
/// written row gets a new ETag anyway — rightly, since the health it shows has changed.
public sealed record RefreshDerivedColumns(Guid? After, int BatchSize = 200) : ICommand<RefreshedBatch>;

/// <paramref name="Last"/> is the last id read, null when the batch was the last.
public sealed record RefreshedBatch(int Read, int Changed, Guid? Last);

public sealed class RefreshDerivedColumnsHandler(ProsessDb db, ProgrammeRuntime runtime) : ICommandHandler<RefreshDerivedColumns, RefreshedBatch>
{
    public async ValueTask<RefreshedBatch> Handle(RefreshDerivedColumns command, CancellationToken ct)
    {
        var batch = await db.Programmes.AsNoTracking()
            .Where(p => p.Status == ProgrammeStatus.Active && (command.After == null || p.Id > command.After))
            .OrderBy(p => p.Id)
            .Take(command.BatchSize)
            .ToListAsync(ct);
        await runtime.KnowEveryDefinitionAsync(ct);
        var changed = 0;
        foreach (var programme in batch.Where(p => p.RederiveColumns(runtime.EngineFor(p))))
        {
            // Attached unchanged with the version read, so a command that changed the row since
            // makes this batch fail (and the job retry it) instead of overwriting newer columns.
            var entry = db.Attach(programme);
            entry.Property(p => p.Status).IsModified = true;
            entry.Property(p => p.CurrentStageKey).IsModified = true;
            entry.Property(p => p.Health).IsModified = true;
            entry.Property(p => p.EarliestOpenDue).IsModified = true;
            entry.Property(p => p.AwaitingReview).IsModified = true;
            entry.Property(p => p.ReminderDates).IsModified = true;
            entry.Property(p => p.ReminderDues).IsModified = true;
            entry.Property(p => p.ReminderKeys).IsModified = true;
            entry.Property(p => p.ReminderTasks).IsModified = true;
            changed++;
        }

        return new RefreshedBatch(batch.Count, changed, batch.Count < command.BatchSize ? null : batch[^1].Id);
    }
}

/// The nightly refresh: one transaction (and one scope) per batch, so a long run holds no locks
/// for long and a conflicting command costs one batch's retry.
public sealed class RefreshDerivedColumnsJob(IServiceScopeFactory scopes, ILogger<RefreshDerivedColumnsJob> logger) : IRecurringJob
{
    public const string RecurringId = "refresh-derived-columns";
    private const int Attempts = 3;

    public static void Schedule(IRecurringJobManager jobs, IServiceProvider services) =>
        jobs.AddOrUpdateInOslo<RefreshDerivedColumnsJob>(RecurringId, job => job.RunAsync(CancellationToken.None), services.GetRequiredService<JobOptions>().RefreshDerivedCron);

    public async Task RunAsync(CancellationToken ct)
    {
        Guid? after = null;
        int read = 0, changed = 0;
        do
        {
            var batch = await BatchAsync(after, ct);
            read += batch.Read;
            changed += batch.Changed;
            after = batch.Last;
        }
        while (after is not null);

        logger.LogInformation("Derived columns refreshed: {Changed} of {Read} active programmes changed", changed, read);
    }

    private async Task<RefreshedBatch> BatchAsync(Guid? after, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RefreshDerivedColumns(after), ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                // A command changed a programme in this batch meanwhile (and refreshed its
                // columns itself); read the batch again.
            }
        }
    }
}
