using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Telemetry;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.StatusReports;

/// Compiles the status of every participant of a definition (all versions, withdrawn ones too)
/// into an immutable snapshot and mails its summary to the policy's recipients in the same
/// transaction. The scheduled job and an owner's request both send this.
public sealed record CompileStatus(string DefinitionKey) : ICommand<Result<StatusReportView>>, IMeasured<Result<StatusReportView>>
{
    public void Measure(Result<StatusReportView> response, ProsessMetrics metrics) => metrics.StatusCompiled(response.Value!.DefinitionKey);
}

public sealed class CompileStatusValidator : AbstractValidator<CompileStatus>
{
    public CompileStatusValidator() =>
        RuleFor(c => c.DefinitionKey).NotEmpty().MaximumLength(100).WithMessage(_ => StatusReportTexts.Error_DefinitionKey);
}

public sealed record StatusReportView(Guid Id, string DefinitionKey, DateTimeOffset CompiledAt, IReadOnlyList<int> DefinitionVersions, string CompiledBy, string CompiledByName, StatusContent Content)
{
    public static StatusReportView From(StatusSnapshot s) => new(s.Id, s.DefinitionKey, s.CompiledAt, s.DefinitionVersions, s.CompiledBy, s.CompiledByName, s.Content);
}

public sealed class CompileStatusHandler(
    ProsessDb db, DefinitionRegistry registry, StatusCompiler compiler, ICurrentUser user, TimeProvider clock,
    EmailOutbox outbox, IOptions<EmailOptions> email) : ICommandHandler<CompileStatus, Result<StatusReportView>>
{
    public async ValueTask<Result<StatusReportView>> Handle(CompileStatus command, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Error.Forbidden(StatusReportTexts.Error_OnlyOwnersCompile);
        }

        await registry.RefreshAsync(db, ct);
        var latest = registry.Latest(command.DefinitionKey);
        if (latest is null)
        {
            return Error.NotFound(Vocabulary.Format(StatusReportTexts.Error_DefinitionNotFound, command.DefinitionKey));
        }

        var previous = await db.StatusSnapshots.AsNoTracking()
            .Where(s => s.DefinitionKey == command.DefinitionKey)
            .OrderByDescending(s => s.CompiledAt).ThenByDescending(s => s.Id)
            .Select(s => new { s.Id, s.CompiledAt })
            .FirstOrDefaultAsync(ct);
        // The snapshot is the record sent to KS and Kulturskolerådet (organisations: bokmål), so
        // its stored words (reasons, labels) are bokmål whoever compiles it; pages and mails in
        // nynorsk take health and figure labels from codes, not from these words. The reasons are
        // whole sentences with no code to rebuild them from, so they are kept in nynorsk too.
        StatusContent content;
        List<int> versions;
        using (WrittenStandards.Use(WrittenStandards.Bokmal))
        {
            (content, versions) = await compiler.CompileAsync(latest, previous?.Id, previous?.CompiledAt, ct, withNynorskReasons: true);
        }

        var snapshot = new StatusSnapshot
        {
            Id = Guid.CreateVersion7(),
            DefinitionKey = latest.Key,
            CompiledAt = clock.GetUtcNow(),
            DefinitionVersions = versions,
            CompiledBy = user.Id,
            CompiledByName = user.Name,
            Content = content,
        };
        db.StatusSnapshots.Add(snapshot);

        // In each recipient's standard: an organisation's address reads bokmål, a person here
        // with an address on the list reads their own choice. One mail per standard.
        var recipients = email.Value.For(latest.StatusCompilation?.Recipients ?? []);
        if (recipients.Count > 0)
        {
            var readers = await Readers.LoadAsync(db, [], new Dictionary<Guid, string>(), recipients, ct);
            foreach (var group in recipients.GroupBy(r => readers.Of(r, null, null)))
            {
                outbox.Enqueue(StatusMail.Build(snapshot, [.. group], email.Value.BaseUrl, group.Key));
            }
        }

        return StatusReportView.From(snapshot);
    }
}

/// The status of every participant of a definition as of today: what a compiled snapshot stores
/// and what the steering group's overview page shows live, computed one way for both. One row per
/// participant: its most recent programme of the definition (earlier cohorts are history).
public sealed class StatusCompiler(ProsessDb db, ProgrammeRuntime runtime, DefinitionRegistry registry, ParticipantStatusCache cache)
{
    /// <param name="withNynorskReasons">Also keep every row's reasons in nynorsk
    /// (<see cref="ParticipantStatus.NynorskReasons"/>): for a snapshot, whose words are read
    /// later by people of either standard. The live overview is computed for its reader alone.</param>
    public async Task<(StatusContent Content, List<int> Versions)> CompileAsync(
        ProgrammeDefinition latest, Guid? previousId, DateTimeOffset? previousAt, CancellationToken ct, bool withNynorskReasons = false)
    {
        var today = runtime.Today;
        // Each participant's latest programme, with its row version (xmin), without reading the
        // history: a loose index scan over ix_programmes_latest_per_participant (one probe per
        // participant) instead of reading a light row of every programme of the definition and
        // grouping them here, which grew with the history (bench/README.md, issue 12's growth).
        // Ties on start date and creation are broken by id, so the choice is deterministic.
        var heads = await db.Database.SqlQuery<ProgrammeHead>($"""
            WITH RECURSIVE participant AS (
                (SELECT participant_id FROM programmes WHERE definition_key = {latest.Key} ORDER BY participant_id LIMIT 1)
                UNION ALL
                SELECT (SELECT q.participant_id FROM programmes q
                        WHERE q.definition_key = {latest.Key} AND q.participant_id > participant.participant_id
                        ORDER BY q.participant_id LIMIT 1)
                FROM participant WHERE participant.participant_id IS NOT NULL)
            SELECT l.id, l.xmin::text::bigint AS version, l.definition_key, l.definition_version
            FROM participant CROSS JOIN LATERAL (
                SELECT p.id, p.xmin, p.definition_key, p.definition_version, p.participant_name, p.start_date FROM programmes p
                WHERE p.definition_key = {latest.Key} AND p.participant_id = participant.participant_id
                ORDER BY p.start_date DESC, p.created_at DESC, p.id DESC LIMIT 1) l
            ORDER BY l.participant_name, l.start_date
            """).ToListAsync(ct);
        var ids = heads.Select(h => h.Id).ToList();

        var loaded = new Dictionary<Guid, Programme>();
        var known = await StatusesAsync(heads, latest.Key, today, loaded, ct);
        Dictionary<Guid, ParticipantStatus?>? nynorsk = null;
        if (withNynorskReasons)
        {
            // The same rows in nynorsk (their own cache entries); a programme read for the first
            // standard is not read again.
            using (WrittenStandards.Use(WrittenStandards.Nynorsk))
            {
                nynorsk = await StatusesAsync(heads, latest.Key, today, loaded, ct);
            }
        }

        cache.KeepOnly(latest.Key, known.Keys.ToHashSet());
        var openDeviations = await db.Deviations.AsNoTracking()
            .Where(d => ids.Contains(d.ProgrammeId) && d.Status == TrackingStatus.Open)
            .GroupBy(d => d.ProgrammeId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var risks = (await db.Risks.AsNoTracking()
            .Where(r => ids.Contains(r.ProgrammeId) && r.Status == TrackingStatus.Open)
            .Select(r => new { r.ProgrammeId, Item = new RiskItem(r.Id, r.Description, r.Probability, r.Consequence, r.Probability * r.Consequence), r.CreatedAt })
            .ToListAsync(ct))
            .ToLookup(r => r.ProgrammeId);
        var since = previousAt ?? DateTimeOffset.MinValue;
        var learning = await db.LearningEntries.AsNoTracking()
            .Where(l => ids.Contains(l.ProgrammeId) && l.CreatedAt > since)
            .OrderBy(l => l.CreatedAt)
            .Select(l => new { l.Id, l.ProgrammeId, l.StageKey, l.WhatWeLearned, l.CreatedAt })
            .ToListAsync(ct);

        // A row whose programme changed between the two reads is missing from the second; it is
        // left out as if read a moment later (the next request computes it).
        var rows = heads.Where(h => known[h.Id] is not null).Select(h => known[h.Id]! with
        {
            OpenDeviations = openDeviations.GetValueOrDefault(h.Id),
            TopRisks = [.. risks[h.Id].OrderByDescending(r => r.Item.Score).ThenBy(r => r.CreatedAt).Take(3).Select(r => r.Item)],
            NewLearningEntries = learning.Count(l => l.ProgrammeId == h.Id),
            NynorskReasons = nynorsk?.GetValueOrDefault(h.Id)?.Reasons,
        }).ToList();
        var names = rows.ToDictionary(p => p.ProgrammeId, p => p.ParticipantName);

        var content = new StatusContent(latest.Key, latest.Name, today, previousId, previousAt,
            Totals(rows, latest, learning.Count), rows,
            [.. learning.Select(l => new LearningItem(l.Id, l.ProgrammeId, names[l.ProgrammeId], l.StageKey, l.WhatWeLearned, l.CreatedAt))]);
        return (content, [.. rows.Select(p => p.DefinitionVersion).Distinct().Order()]);
    }

    // Each head's status in the current UI culture's standard. The callers have refreshed the
    // registry. The state document is read only for programmes the cache does not know at this
    // version and day (and not already in `loaded`); the rest come from the cache
    // (ParticipantStatusCache: why that stays right).
    private async Task<Dictionary<Guid, ParticipantStatus?>> StatusesAsync(
        List<ProgrammeHead> heads, string definitionKey, DateOnly today, Dictionary<Guid, Programme> loaded, CancellationToken ct)
    {
        var known = heads.ToDictionary(h => h.Id, h => DefinitionOf(h) is { } definition ? cache.Find(h.Id, (uint)h.Version, today, definition) : null);
        var missing = known.Where(k => k.Value is null && !loaded.ContainsKey(k.Key)).Select(k => k.Key).ToList();
        if (missing.Count > 0)
        {
            foreach (var programme in await db.Programmes.AsNoTracking().Where(p => missing.Contains(p.Id)).ToListAsync(ct))
            {
                loaded[programme.Id] = programme;
            }
        }

        foreach (var id in known.Where(k => k.Value is null).Select(k => k.Key).ToList())
        {
            if (loaded.TryGetValue(id, out var programme))
            {
                var definition = runtime.EngineFor(programme).Definition;
                var status = Compile(programme, definition, today);
                cache.Keep(programme.Id, definitionKey, programme.Version, today, definition, status);
                known[id] = status;
            }
        }

        return known;
    }

    private ProgrammeDefinition? DefinitionOf(ProgrammeHead head) => registry.Find(head.DefinitionKey, head.DefinitionVersion)?.Definition;

    // Version: the row's xmin (an xid, read as text → bigint: ad-hoc SQL results have no xid mapping).
    private sealed record ProgrammeHead(Guid Id, long Version, string DefinitionKey, int DefinitionVersion);

    // Everything open, overdue, due or awaiting review is the programme's agenda; only the
    // delivered reports (history, not open) are read from the state. The counts from other
    // tables are filled in by CompileAsync on every compilation (they are not cached).
    private static ParticipantStatus Compile(Programme programme, ProgrammeDefinition definition, DateOnly today)
    {
        var state = programme.State;
        var agenda = Agenda.Of(definition, state, today);
        var health = DerivedStatus.Evaluate(agenda);

        static List<ItemRef> Refs(IEnumerable<AgendaItem> items) =>
            [.. items.OrderBy(i => i.Due).Select(i => new ItemRef(i.Key, i.Name, i.Due, i.Task is { } t ? StatusTexts.Code(t.Status) : StatusTexts.Code(i.Report!.Status)))];

        return new ParticipantStatus(
            programme.Id, programme.ParticipantKind, programme.ParticipantId, programme.ParticipantName, programme.DefinitionVersion,
            state.Status, state.WithdrawnOn, programme.CurrentStageKey,
            definition.Stages.FirstOrDefault(s => s.Key == programme.CurrentStageKey)?.Name ?? StatusTexts.Programme(state.Status),
            health.Status, health.Reasons, agenda.NextUpcoming,
            Refs(agenda.OverdueTasks), Refs(agenda.ReportsDue), Refs(agenda.LateReports), Refs(agenda.ReportsAwaitingReview),
            [.. state.Reports.Where(r => !r.Retired && r.IsDelivered).OrderBy(r => r.Due)
                .Select(r => new ItemRef(r.Key, ItemNames.Report(definition, r), r.Due, StatusTexts.Code(r.Status)))],
            0, [], 0);
    }

    private static StatusTotals Totals(IReadOnlyList<ParticipantStatus> rows, ProgrammeDefinition latest, int newLearning)
    {
        var active = rows.Where(r => r.Status == ProgrammeStatus.Active).ToList();
        var stageOrder = latest.Stages.Select((s, i) => (s.Key, i)).ToDictionary(s => s.Key, s => s.i);
        return new StatusTotals(
            rows.Count, active.Count, rows.Count(r => r.Withdrawn),
            [.. Enum.GetValues<Health>().Select(h => new CountBy(StatusTexts.Code(h), StatusTexts.Health(h), rows.Count(r => r.Health == h)))],
            [.. active.GroupBy(r => (r.StageKey, r.StageName))
                .OrderBy(g => stageOrder.GetValueOrDefault(g.Key.StageKey, int.MaxValue)).ThenBy(g => g.Key.StageKey, StringComparer.Ordinal)
                .Select(g => new CountBy(g.Key.StageKey, g.Key.StageName, g.Count()))],
            StatusFigures.OverdueTasks.Sum(rows), StatusFigures.LateReports.Sum(rows), StatusFigures.AwaitingReview.Sum(rows),
            StatusFigures.OpenDeviations.Sum(rows), newLearning);
    }
}
