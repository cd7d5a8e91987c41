using Hangfire;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Jobs;

namespace ProsessLop.Api.Features.Housekeeping;

/// Deletes idempotency keys past their expiry. Returns how many were deleted.
public sealed record PurgeExpiredIdempotencyKeys : ICommand<int>;

public sealed class PurgeExpiredIdempotencyKeysHandler(ProsessDb db, TimeProvider clock) : ICommandHandler<PurgeExpiredIdempotencyKeys, int>
{
    public async ValueTask<int> Handle(PurgeExpiredIdempotencyKeys command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.IdempotencyKeys.Where(k => k.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }
}

/// The daily housekeeping job. Like every job it goes through the mediator, so it gets the
/// same transaction and logging as an HTTP request.
public sealed class HousekeepingJob(IMediator mediator, ILogger<HousekeepingJob> logger) : IRecurringJob
{
    public const string RecurringId = "housekeeping";

    public static void Schedule(IRecurringJobManager jobs, IServiceProvider services) =>
        jobs.AddOrUpdateInOslo<HousekeepingJob>(RecurringId, job => job.RunAsync(CancellationToken.None), services.GetRequiredService<JobOptions>().HousekeepingCron);

    public async Task RunAsync(CancellationToken ct)
    {
        var purged = await mediator.Send(new PurgeExpiredIdempotencyKeys(), ct);
        var counts = await mediator.Send(new PurgeWriteCounts(), ct);
        logger.LogInformation("Housekeeping purged {Count} expired idempotency keys and {WriteCounts} past write counts", purged, counts);
    }
}
