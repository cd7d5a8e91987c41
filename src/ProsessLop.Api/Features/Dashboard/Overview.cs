using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Dashboard;

/// The steering group's overview of one definition: every participant's live status (computed
/// exactly as the compiled status report does), filtered and sorted, with totals and chart data.
public sealed record GetOverview(string? Definition, string? County, Health? Health, string? Sort, bool Descending) : IQuery<Result<OverviewView>>;

public sealed record OverviewView(
    IReadOnlyList<DefinitionOption> Definitions, string DefinitionKey, string DefinitionName,
    IReadOnlyList<OverviewRow> Rows, int AllRows, StatusTotals Totals, IReadOnlyList<CountyOption> Counties,
    IReadOnlyList<TrendPoint> Trend, IReadOnlyList<MonthReports> Months, LatestSnapshot? Latest);

public sealed record DefinitionOption(string Key, string Name);

public sealed record CountyOption(string Number, string Name);

public sealed record OverviewRow(ParticipantStatus Status, string Counties, int StageIndex);

/// Share of participants on time (on track or done) in one compiled status snapshot.
public sealed record TrendPoint(DateTimeOffset CompiledAt, int OnTime, int Counted);

public sealed record MonthReports(int Year, int Month, int Due, int Submitted);

public sealed record LatestSnapshot(Guid Id, DateTimeOffset CompiledAt);

public sealed class GetOverviewHandler(ProsessDb db, DefinitionRegistry registry, StatusCompiler compiler, TrendCache trends, ICurrentUser user)
    : IQueryHandler<GetOverview, Result<OverviewView>>
{
    public async ValueTask<Result<OverviewView>> Handle(GetOverview query, CancellationToken ct)
    {
        if (!user.IsOwner && !user.IsSteering)
        {
            return Error.Forbidden(DashboardTexts.Overview_ForOwnersAndSteering);
        }

        await registry.RefreshAsync(db, ct);
        var definitions = registry.LatestOfEach()
            .OrderBy(d => (string)d.Name, StringComparer.Create(new System.Globalization.CultureInfo("nb-NO"), false))
            .ToList();
        var definition = definitions.FirstOrDefault(d => d.Key == query.Definition) ?? definitions.FirstOrDefault();
        if (definition is null)
        {
            return Error.NotFound(DashboardTexts.Overview_NoDefinitions);
        }

        var (content, _) = await compiler.CompileAsync(definition, null, null, ct);
        var municipalities = await db.Municipalities.AsNoTracking().ToDictionaryAsync(m => m.Number, ct);
        var countyNames = municipalities.Values.GroupBy(m => m.CountyNumber).ToDictionary(g => g.Key, g => g.First().CountyName);
        var regionMembers = (await db.Regions.AsNoTracking().SelectMany(r => r.Members.Select(m => new { r.Id, m.MunicipalityNumber })).ToListAsync(ct))
            .ToLookup(r => r.Id.ToString(), r => r.MunicipalityNumber);
        IEnumerable<string> CountiesOf(ParticipantStatus p) =>
            (p.ParticipantKind == Workflow.Definitions.ParticipantKind.Municipality ? [p.ParticipantId] : regionMembers[p.ParticipantId])
                .Select(n => municipalities.GetValueOrDefault(n)?.CountyNumber).OfType<string>().Distinct();
        var stageIndex = definition.Stages.Select((s, i) => (s.Key, i)).ToDictionary(x => x.Key, x => x.i);

        var rows = content.Programmes.Select(p =>
            {
                var counties = CountiesOf(p).ToList();
                return (Row: new OverviewRow(p, string.Join(", ", counties.Select(c => countyNames[c])),
                    stageIndex.GetValueOrDefault(p.StageKey, p.Status == ProgrammeStatus.Completed ? int.MaxValue : -1)), Counties: counties);
            })
            .ToList();
        var counties = rows.SelectMany(r => r.Counties).Distinct()
            .Select(c => new CountyOption(c, countyNames[c]))
            .OrderBy(c => c.Number, StringComparer.Ordinal).ToList();
        var filtered = rows
            .Where(r => query.County is null || r.Counties.Contains(query.County))
            .Where(r => query.Health is null || r.Row.Status.Health == query.Health)
            .Select(r => r.Row);
        var sorted = Sort(filtered, query.Sort, query.Descending).ToList();

        // Compiled snapshots never change, so each one's trend point is counted once per replica
        // (reading 12 whole snapshot documents on every request was a large part of the page).
        var recent = await db.StatusSnapshots.AsNoTracking()
            .Where(s => s.DefinitionKey == definition.Key)
            .OrderByDescending(s => s.CompiledAt).Take(12)
            .Select(s => new { s.Id, s.CompiledAt })
            .ToListAsync(ct);
        var uncounted = recent.Where(s => !trends.Contains(s.Id)).Select(s => s.Id).ToList();
        if (uncounted.Count > 0)
        {
            foreach (var s in await db.StatusSnapshots.AsNoTracking().Where(s => uncounted.Contains(s.Id)).ToListAsync(ct))
            {
                var counted = s.Content.Programmes.Count(p => !p.Withdrawn);
                var onTime = s.Content.Programmes.Count(p => p.Health is Health.OnTrack or Health.Done or Health.NotStarted);
                trends.Keep(s.Id, new TrendPoint(s.CompiledAt, onTime, counted));
            }
        }

        var trend = recent.OrderBy(s => s.CompiledAt).Select(s => trends.Find(s.Id)).OfType<TrendPoint>().ToList();
        var latest = await db.StatusSnapshots.AsNoTracking().Where(s => s.DefinitionKey == definition.Key)
            .OrderByDescending(s => s.CompiledAt).Select(s => new LatestSnapshot(s.Id, s.CompiledAt)).FirstOrDefaultAsync(ct);

        return new OverviewView(
            [.. definitions.Select(d => new DefinitionOption(d.Key, d.Name))], definition.Key, definition.Name,
            sorted, rows.Count, content.Totals, counties, trend, Months(content), latest);
    }

    // Most severe first is what a steering group wants when it sorts by status.
    private static int Severity(Health h) => h switch
    {
        Health.Late => 0, Health.AtRisk => 1, Health.OnTrack => 2, Health.NotStarted => 3, Health.Done => 4, _ => 5,
    };

    private static IEnumerable<OverviewRow> Sort(IEnumerable<OverviewRow> rows, string? sort, bool descending)
    {
        var ordered = sort switch
        {
            "status" => rows.OrderBy(r => Severity(r.Status.Health)),
            "fase" => rows.OrderBy(r => r.StageIndex),
            "frist" => rows.OrderBy(r => r.Status.NextDeadline ?? DateOnly.MaxValue),
            "forfalt" => rows.OrderByDescending(r => StatusFigures.OverdueTasks.PerProgramme(r.Status)),
            "forsinket" => rows.OrderByDescending(r => StatusFigures.LateReports.PerProgramme(r.Status)),
            "vurdering" => rows.OrderByDescending(r => StatusFigures.AwaitingReview.PerProgramme(r.Status)),
            _ => rows.OrderBy(r => r.Status.ParticipantName, StringComparer.Create(new System.Globalization.CultureInfo("nb-NO"), false)),
        };
        var list = ordered.ThenBy(r => r.Status.ParticipantName, StringComparer.Ordinal).ToList();
        if (descending)
        {
            list.Reverse();
        }

        return list;
    }

    // Reports per due month up to this month: due, and how many of those were submitted.
    private static List<MonthReports> Months(StatusContent content)
    {
        var first = new DateOnly(content.Today.Year, content.Today.Month, 1).AddMonths(-11);
        var items = content.Programmes.Where(p => !p.Withdrawn)
            .SelectMany(p => p.DeliveredReports.Concat(p.AwaitingReview).Select(r => (r.Due, Submitted: true))
                .Concat(p.LateReports.Select(r => (r.Due, Submitted: false))))
            .Where(r => r.Due >= first && r.Due <= content.Today)
            .ToList();
        return Enumerable.Range(0, 12).Select(i => first.AddMonths(i))
            .Select(m => new MonthReports(m.Year, m.Month,
                items.Count(r => r.Due.Year == m.Year && r.Due.Month == m.Month),
                items.Count(r => r.Due.Year == m.Year && r.Due.Month == m.Month && r.Submitted)))
            .ToList();
    }
}

/// The trend point of each compiled snapshot, counted once: snapshots are immutable, so an entry
/// is right on every replica for as long as the snapshot exists. Bounded: cleared when it grows
/// past what a few definitions' recent snapshots need.
public sealed class TrendCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TrendPoint> _points = new();

    public bool Contains(Guid snapshot) => _points.ContainsKey(snapshot);

    public TrendPoint? Find(Guid snapshot) => _points.GetValueOrDefault(snapshot);

    public void Keep(Guid snapshot, TrendPoint point)
    {
        if (_points.Count >= 1000)
        {
            _points.Clear();
        }

        _points[snapshot] = point;
    }
}
