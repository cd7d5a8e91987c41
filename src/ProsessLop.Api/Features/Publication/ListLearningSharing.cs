using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Publication;

/// A programme's learning entries with how far each is shared, for the municipality's own page:
/// the author marks an entry shareable, the municipality withdraws a shared one.
public sealed record ListLearningSharing(Guid ProgrammeId) : IQuery<Result<IReadOnlyList<LearningShareItem>>>;

/// <param name="ByMe">Written by the person asking: only they may mark it shareable.</param>
public sealed record LearningShareItem(Guid Id, string StageKey, string WhatWeLearned, DateTimeOffset CreatedAt, LearningSharing Sharing, DateTimeOffset? PublishedAt, bool ByMe);

public sealed class ListLearningSharingHandler(ProsessDb db, ProgrammeRuntime runtime, ICurrentUser user)
    : IQueryHandler<ListLearningSharing, Result<IReadOnlyList<LearningShareItem>>>
{
    public async ValueTask<Result<IReadOnlyList<LearningShareItem>>> Handle(ListLearningSharing query, CancellationToken ct) =>
        await runtime.ReadAsync<IReadOnlyList<LearningShareItem>>(query.ProgrammeId, async _ =>
            await db.LearningEntries.AsNoTracking().Where(l => l.ProgrammeId == query.ProgrammeId)
                .OrderByDescending(l => l.CreatedAt)
                .Select(l => new LearningShareItem(l.Id, l.StageKey, l.WhatWeLearned, l.CreatedAt, l.Sharing, l.PublishedAt, l.AuthorId == user.Id))
                .ToListAsync(ct), ct);
}
