using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Housekeeping;

/// Deletes the write counts of minutes that have passed (the rate limit reads only the current
/// one). Returns how many were deleted.
public sealed record PurgeWriteCounts : ICommand<int>;

public sealed class PurgeWriteCountsHandler(ProsessDb db, TimeProvider clock) : ICommandHandler<PurgeWriteCounts, int>
{
    public async ValueTask<int> Handle(PurgeWriteCounts command, CancellationToken ct)
    {
        var passed = clock.GetUtcNow().AddMinutes(-1);
        return await db.WriteCounts.Where(c => c.WindowStart < passed).ExecuteDeleteAsync(ct);
    }
}
