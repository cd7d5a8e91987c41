using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
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
        RuleFor(c => c.DefinitionKey).NotEmpty().MaximumLength(100).WithMessage("Oppgi en gyldig programmal (nøkkel).");
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
            return Error.Forbidden("Bare programeiere kan sammenstille status.");
        }

        await registry.RefreshAsync(db, ct);
        var latest = registry.Latest(command.DefinitionKey);
        if (latest is null)
        {
            return Error.NotFound($"Fant ikke programmalen {command.DefinitionKey}.");
        }

        var previous = await db.StatusSnapshots.AsNoTracking()
            .Where(s => s.DefinitionKey == command.DefinitionKey)
            .OrderByDescending(s => s.CompiledAt).ThenByDescending(s => s.Id)
            .Select(s => new { s.Id, s.CompiledAt })
            .FirstOrDefaultAsync(ct);
        var (content, versions) = await compiler.CompileAsync(latest, previous?.Id, previous?.CompiledAt, ct);
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

        var recipients = email.Value.For(latest.StatusCompilation?.Recipients ?? []);
        outbox.Enqueue(StatusMail.Build(snapshot, recipients, email.Value.BaseUrl));
        return StatusReportView.From(snapshot);
    }
}

/// The status of every participant of a definition as of today: what a compiled snapshot stores
/// and what the steering group's overview page shows live, computed one way for both. One row per
/// participant: its most recent programme of the definition (earlier cohorts are history).
public sealed class StatusCompiler(ProsessDb db, ProgrammeRuntime runtime)
{
    public async Task<(StatusContent Content, List<int> Versions)> CompileAsync(
        ProgrammeDefinition latest, Guid? previousId, DateTimeOffset? previousAt, CancellationToken ct)
    {
        var today = runtime.Today;
        // Light columns for all, full rows (with the state document) only for the latest per participant.
        var heads = await db.Programmes.AsNoTracking()
            .Where(p => p.DefinitionKey == latest.Key)
            .Select(p => new { p.Id, p.ParticipantId, p.StartDate, p.CreatedAt })
            .ToListAsync(ct);
        var latestIds = heads.GroupBy(h => h.ParticipantId)
            .Select(g => g.OrderByDescending(h => h.StartDate).ThenByDescending(h => h.CreatedAt).First().Id)
            .ToList();
        var programmes = await db.Programmes.AsNoTracking()
            .Where(p => latestIds.Contains(p.Id))
            .OrderBy(p => p.ParticipantName).ThenBy(p => p.StartDate)
            .ToListAsync(ct);
        var ids = programmes.Select(p => p.Id).ToList();
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
        var names = programmes.ToDictionary(p => p.Id, p => p.ParticipantName);

        var rows = programmes.Select(p => Compile(p, today,
            openDeviations.GetValueOrDefault(p.Id),
            [.. risks[p.Id].OrderByDescending(r => r.Item.Score).ThenBy(r => r.CreatedAt).Take(3).Select(r => r.Item)],
            learning.Count(l => l.ProgrammeId == p.Id))).ToList();

        var content = new StatusContent(latest.Key, latest.Name, today, previousId, previousAt,
            Totals(rows, latest, learning.Count), rows,
            [.. learning.Select(l => new LearningItem(l.Id, l.ProgrammeId, names[l.ProgrammeId], l.StageKey, l.WhatWeLearned, l.CreatedAt))]);
        return (content, [.. programmes.Select(p => p.DefinitionVersion).Distinct().Order()]);
    }

    // Everything open, overdue, due or awaiting review is the programme's agenda; only the
    // delivered reports (history, not open) are read from the state.
    private ParticipantStatus Compile(Programme programme, DateOnly today, int openDeviations, IReadOnlyList<RiskItem> topRisks, int newLearning)
    {
        var definition = runtime.EngineFor(programme).Definition;
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
            openDeviations, topRisks, newLearning);
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
