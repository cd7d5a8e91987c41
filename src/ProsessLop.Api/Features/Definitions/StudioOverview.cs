using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Definitions;

// What the programme studio's pages read beyond the draft API: the studio's front page (drafts in
// progress and every published version) and the programmes a new version can take over.

/// A draft in progress: what it is based on, who saved it last and when, and how many problems
/// still stand between it and publishing.
public sealed record StudioDraft(
    Guid Id, string Key, string Name, string? BaseKey, int? BaseVersion, int Revision,
    string LastSavedByName, DateTimeOffset LastSavedAt, int Problems);

/// One published version: who published it and when (a shipped file has no person), where it came from.
public sealed record StudioVersion(int Version, string Name, bool FromStudio, string File, string ContentHash, DateTimeOffset? PublishedAt, string? PublishedByName);

public sealed record StudioDefinition(string Key, string Name, IReadOnlyList<string> Owners, IReadOnlyList<StudioVersion> Versions);

public sealed record StudioOverview(IReadOnlyList<StudioDraft> Drafts, IReadOnlyList<StudioDefinition> Definitions);

public sealed record GetStudioOverview : IQuery<StudioOverview>;

public sealed class GetStudioOverviewHandler(ProsessDb db, DefinitionRegistry registry) : IQueryHandler<GetStudioOverview, StudioOverview>
{
    public async ValueTask<StudioOverview> Handle(GetStudioOverview query, CancellationToken ct)
    {
        var open = await db.DefinitionDrafts.AsNoTracking().Where(d => d.PublishedVersion == null).OrderByDescending(d => d.UpdatedAt)
            .Select(d => new
            {
                d.Id, d.Key, d.Name, d.BaseKey, d.BaseVersion, d.Revision, d.Json,
                Last = d.Revisions.Where(r => r.Number == d.Revision).Select(r => new { r.SavedByName, r.SavedAt }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        // Validating is what counts the problems: a few milliseconds a draft, and drafts are few.
        var drafts = open.Select(d => new StudioDraft(d.Id, d.Key, d.Name, d.BaseKey, d.BaseVersion, d.Revision,
                d.Last?.SavedByName ?? "", d.Last?.SavedAt ?? default, DefinitionValidator.Validate(d.Json, DraftStore.File(d.Id)).Problems.Count))
            .ToList();

        // Versions another replica published since this one started are listed too.
        await registry.RefreshAsync(db, ct);
        var definitions = registry.All.GroupBy(d => d.Definition.Key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var newest = registry.Latest(g.Key)!;
                return new StudioDefinition(newest.Key, newest.Name.Current, newest.Owners,
                    [.. g.OrderByDescending(d => d.Definition.Version).Select(d =>
                    {
                        var publication = registry.Publication(d.Definition.Key, d.Definition.Version);
                        return new StudioVersion(d.Definition.Version, d.Definition.Name, d.File == PublishedDefinition.StudioFile, d.File, d.ContentHash,
                            publication?.PublishedAt, publication?.PublishedByName);
                    })]);
            })
            .ToList();
        return new StudioOverview(drafts, definitions);
    }
}

/// A programme running on an older version of a definition, which the version can take over.
public sealed record MigratableProgramme(Guid Id, string ParticipantId, string ParticipantName, int FromVersion, DateOnly StartDate);

public sealed record MigratableProgrammes(string Key, int Version, string Name, IReadOnlyList<MigratableProgramme> Programmes);

public sealed record ListMigratableProgrammes(string Key, int Version) : IQuery<Result<MigratableProgrammes>>;

public sealed class ListMigratableProgrammesHandler(ProsessDb db, DefinitionRegistry registry) : IQueryHandler<ListMigratableProgrammes, Result<MigratableProgrammes>>
{
    public async ValueTask<Result<MigratableProgrammes>> Handle(ListMigratableProgrammes query, CancellationToken ct)
    {
        if (await registry.FindOrLoadAsync(query.Key, query.Version, db, ct) is not { } version)
        {
            return Error.NotFound(Vocabulary.Format(StudioTexts.Refusal_NoPublishedVersion, query.Key, query.Version));
        }

        var programmes = await db.Programmes.AsNoTracking()
            .Where(p => p.DefinitionKey == query.Key && p.DefinitionVersion < query.Version && p.Status == ProgrammeStatus.Active)
            .OrderBy(p => p.ParticipantName).ThenBy(p => p.Id)
            .Select(p => new MigratableProgramme(p.Id, p.ParticipantId, p.ParticipantName, p.DefinitionVersion, p.StartDate))
            .ToListAsync(ct);
        return new MigratableProgrammes(query.Key, query.Version, version.Definition.Name, programmes);
    }
}
