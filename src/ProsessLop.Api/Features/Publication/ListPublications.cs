using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Publication;

/// The owner's publication desk: every report's public copy (whatever its status) and the
/// learning entries their authors marked shareable that wait for an owner's approval.
public sealed record ListPublications : IQuery<Result<PublicationDesk>>;

public sealed record PublicationDesk(IReadOnlyList<ReportPublication> Reports, IReadOnlyList<AwaitingLearning> Learning, IReadOnlyList<string> DefinitionKeys);

public sealed record AwaitingLearning(Guid Id, Guid ProgrammeId, string StageKey, string WhatWeLearned, string AuthorName);

public sealed class ListPublicationsHandler(ProsessDb db, ICurrentUser user) : IQueryHandler<ListPublications, Result<PublicationDesk>>
{
    public async ValueTask<Result<PublicationDesk>> Handle(ListPublications query, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Error.Forbidden("Bare programeier kan se publiseringen.");
        }

        var reports = await db.ReportPublications.AsNoTracking()
            .OrderBy(p => p.ParticipantName).ThenBy(p => p.ReportKey).ToListAsync(ct);
        var learning = await db.LearningEntries.AsNoTracking()
            .Where(l => l.Sharing == LearningSharing.Shareable)
            .OrderBy(l => l.CreatedAt)
            .Select(l => new AwaitingLearning(l.Id, l.ProgrammeId, l.StageKey, l.WhatWeLearned, l.AuthorName))
            .ToListAsync(ct);
        var keys = reports.Select(r => r.DefinitionKey).Distinct().Order(StringComparer.Ordinal).ToList();
        return new PublicationDesk(reports, learning, keys);
    }
}
