using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.StatusReports;

/// Compiled status summarises every municipality: for owners and the steering group only.
internal static class StatusAccess
{
    public static Error? Check(ICurrentUser user) =>
        user.IsOwner || user.IsSteering ? null : Error.Forbidden(StatusReportTexts.Error_ForOwnersAndSteering);

    public static Error NotFound(Guid id) => Error.NotFound(Vocabulary.Format(StatusReportTexts.Error_ReportNotFound, id));
}

public sealed record ListStatusReports(string? Definition) : IQuery<Result<IReadOnlyList<StatusReportSummary>>>;

public sealed record StatusReportSummary(Guid Id, string DefinitionKey, DateTimeOffset CompiledAt, IReadOnlyList<int> DefinitionVersions, string CompiledBy, string CompiledByName);

public sealed class ListStatusReportsHandler(ProsessDb db, ICurrentUser user) : IQueryHandler<ListStatusReports, Result<IReadOnlyList<StatusReportSummary>>>
{
    public async ValueTask<Result<IReadOnlyList<StatusReportSummary>>> Handle(ListStatusReports query, CancellationToken ct)
    {
        if (StatusAccess.Check(user) is { } denied)
        {
            return denied;
        }

        return await db.StatusSnapshots.AsNoTracking()
            .Where(s => query.Definition == null || s.DefinitionKey == query.Definition)
            .OrderByDescending(s => s.CompiledAt).ThenByDescending(s => s.Id)
            .Take(500)
            .Select(s => new StatusReportSummary(s.Id, s.DefinitionKey, s.CompiledAt, s.DefinitionVersions, s.CompiledBy, s.CompiledByName))
            .ToListAsync(ct);
    }
}

public sealed record GetStatusReport(Guid Id) : IQuery<Result<StatusReportView>>;

public sealed class GetStatusReportHandler(ProsessDb db, ICurrentUser user, DefinitionRegistry registry) : IQueryHandler<GetStatusReport, Result<StatusReportView>>
{
    public async ValueTask<Result<StatusReportView>> Handle(GetStatusReport query, CancellationToken ct)
    {
        if (StatusAccess.Check(user) is { } denied)
        {
            return denied;
        }

        var snapshot = await db.StatusSnapshots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == query.Id, ct);
        return snapshot is null ? StatusAccess.NotFound(query.Id) : StatusReportView.From(SnapshotNames.ForReader(snapshot, registry));
    }
}

/// What changed from an earlier compilation (Other) to this one (Id).
public sealed record CompareStatusReports(Guid Id, Guid OtherId) : IQuery<Result<StatusComparison>>;

public sealed record StatusComparison(
    Guid Id, Guid OtherId, DateTimeOffset CompiledAt, DateTimeOffset OtherCompiledAt,
    IReadOnlyList<StageMove> StageMoves, IReadOnlyList<HealthChange> HealthChanges, IReadOnlyList<ItemChange> NewlyLate,
    IReadOnlyList<ItemChange> NewlyDelivered, IReadOnlyList<ProgrammeChange> NewlyWithdrawn, IReadOnlyList<ProgrammeChange> NewProgrammes,
    IReadOnlyList<ItemChange> NewlySubmitted, IReadOnlyList<TotalChange> TotalChanges);

/// A total that differs between the two compilations (a status or stage missing on one side counts 0).
public sealed record TotalChange(string Key, string Label, int From, int To);

public sealed record StageMove(Guid ProgrammeId, string ParticipantName, string From, string FromName, string To, string ToName);

public sealed record HealthChange(Guid ProgrammeId, string ParticipantName, Health From, Health To);

/// Kind is "task" or "report"; Status is the item's status in the newer compilation.
public sealed record ItemChange(Guid ProgrammeId, string ParticipantName, string Kind, string Key, string Name, DateOnly Due, string Status);

public sealed record ProgrammeChange(Guid ProgrammeId, string ParticipantName, DateOnly? On);

public sealed class CompareStatusReportsHandler(ProsessDb db, ICurrentUser user, DefinitionRegistry registry) : IQueryHandler<CompareStatusReports, Result<StatusComparison>>
{
    public async ValueTask<Result<StatusComparison>> Handle(CompareStatusReports query, CancellationToken ct)
    {
        if (StatusAccess.Check(user) is { } denied)
        {
            return denied;
        }

        var both = await db.StatusSnapshots.AsNoTracking().Where(s => s.Id == query.Id || s.Id == query.OtherId).ToListAsync(ct);
        var current = both.Find(s => s.Id == query.Id);
        var other = both.Find(s => s.Id == query.OtherId);
        if (current is null || other is null)
        {
            return StatusAccess.NotFound(current is null ? query.Id : query.OtherId);
        }

        if (current.DefinitionKey != other.DefinitionKey)
        {
            return Error.Invalid("otherId", StatusReportTexts.Error_DifferentDefinitions);
        }

        return Compare(SnapshotNames.ForReader(current, registry), SnapshotNames.ForReader(other, registry));
    }

    public static StatusComparison Compare(StatusSnapshot current, StatusSnapshot other)
    {
        var before = other.Content.Programmes.ToDictionary(p => p.ProgrammeId);
        var pairs = current.Content.Programmes.Select(now => (Now: now, Then: before.GetValueOrDefault(now.ProgrammeId))).ToList();
        var kept = pairs.Where(p => p.Then is not null).Select(p => (p.Now, Then: p.Then!)).ToList();

        static IEnumerable<ItemChange> Newly(ParticipantStatus now, string kind, IReadOnlyList<ItemRef> items, IReadOnlyList<ItemRef> earlier) =>
            items.Where(i => earlier.All(e => e.Key != i.Key)).Select(i => new ItemChange(now.ProgrammeId, now.ParticipantName, kind, i.Key, i.Name, i.Due, i.Status));

        return new StatusComparison(current.Id, other.Id, current.CompiledAt, other.CompiledAt,
            [.. kept.Where(p => p.Now.StageKey != p.Then.StageKey)
                .Select(p => new StageMove(p.Now.ProgrammeId, p.Now.ParticipantName, p.Then.StageKey, p.Then.StageName, p.Now.StageKey, p.Now.StageName))],
            [.. kept.Where(p => p.Now.Health != p.Then.Health).Select(p => new HealthChange(p.Now.ProgrammeId, p.Now.ParticipantName, p.Then.Health, p.Now.Health))],
            [.. kept.SelectMany(p => Newly(p.Now, "task", p.Now.OverdueTasks, p.Then.OverdueTasks)
                .Concat(Newly(p.Now, "report", p.Now.LateReports, p.Then.LateReports)))],
            [.. kept.SelectMany(p => Newly(p.Now, "report", p.Now.DeliveredReports, p.Then.DeliveredReports))],
            [.. kept.Where(p => p.Now.Withdrawn && !p.Then.Withdrawn).Select(p => new ProgrammeChange(p.Now.ProgrammeId, p.Now.ParticipantName, p.Now.WithdrawnOn))],
            [.. pairs.Where(p => p.Then is null).Select(p => new ProgrammeChange(p.Now.ProgrammeId, p.Now.ParticipantName, null))],
            [.. kept.SelectMany(p => Newly(p.Now, "report", p.Now.AwaitingReview, p.Then.AwaitingReview))
                .Concat(pairs.Where(p => p.Then is null).SelectMany(p => Newly(p.Now, "report", p.Now.AwaitingReview, [])))],
            TotalChanges(current.Content.Totals, other.Content.Totals));
    }

    private static List<TotalChange> TotalChanges(StatusTotals now, StatusTotals then)
    {
        var earlier = then.Figures().ToDictionary(f => f.Key);
        var later = now.Figures();
        var gone = earlier.Values.Where(f => later.All(l => l.Key != f.Key)).Select(f => f with { Value = 0 });
        return [.. later.Concat(gone)
            .Select(f => new TotalChange(f.Key, earlier.GetValueOrDefault(f.Key)?.Label ?? f.Label, earlier.GetValueOrDefault(f.Key)?.Value ?? 0, f.Value))
            .Where(c => c.From != c.To)];
    }
}
