using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Publication;

/// The owner's publication desk, per definition: delivered reports that wait for an owner's
/// decision, the published ones, the ones kept back or taken down, and learning that its author
/// marked shareable (waiting for approval) or that is public.
public sealed record ListPublications : IQuery<Result<PublicationDesk>>;

public sealed record PublicationDesk(IReadOnlyList<DeskDefinition> Definitions);

public sealed record DeskDefinition(
    string Key, string Name,
    IReadOnlyList<DeskReport> Awaiting, IReadOnlyList<DeskReport> Published, IReadOnlyList<DeskReport> NotPublished,
    IReadOnlyList<DeskLearning> AwaitingLearning, IReadOnlyList<DeskLearning> PublicLearning);

/// <param name="PublicationId">The public copy, when there is one (the public page's address).</param>
/// <param name="SuggestedBasis">The definition's legal basis for keeping this report back, if it names one.</param>
public sealed record DeskReport(
    Guid ProgrammeId, string ReportKey, string ParticipantId, string ParticipantName, string StageName, string Title,
    PublicationStatus? Status, string? ExemptionBasis, string? SuggestedBasis, DateOnly? ApprovedOn, DateTimeOffset? PublishedAt, Guid? PublicationId);

public sealed record DeskLearning(
    Guid Id, Guid ProgrammeId, string ParticipantId, string ParticipantName, string StageName, string WhatWeLearned, string AuthorName,
    DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt);

public sealed class ListPublicationsHandler(ProsessDb db, DefinitionRegistry registry, ICurrentUser user) : IQueryHandler<ListPublications, Result<PublicationDesk>>
{
    private static readonly string[] DecisionActions = ["report-published", "report-kept-back", "report-unpublished"];
    private static readonly System.Globalization.CultureInfo Norwegian = System.Globalization.CultureInfo.GetCultureInfo("nb-NO");

    public async ValueTask<Result<PublicationDesk>> Handle(ListPublications query, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Error.Forbidden(PublicationTexts.List_OnlyOwners);
        }

        // Names in the reader's standard (the newest version that has the stage).
        string StageName(string key, string stageKey) =>
            registry.All.Where(d => d.Definition.Key == key).OrderByDescending(d => d.Definition.Version)
                .SelectMany(d => d.Definition.Stages).FirstOrDefault(s => s.Key == stageKey)?.Name.Current ?? stageKey;

        var copies = await db.ReportPublications.AsNoTracking().ToListAsync(ct);
        var byItem = copies.ToDictionary(p => (p.ProgrammeId, p.ReportKey));

        // A copy kept back by the definition (not public by default) still waits for an owner: the
        // journal tells an owner's decision from the automatic one made at delivery.
        var keptBack = copies.Where(p => p.Status == PublicationStatus.KeptBack).Select(p => p.ProgrammeId).Distinct().ToList();
        var decided = (await db.JournalEntries.AsNoTracking()
                .Where(j => j.ProgrammeId != null && keptBack.Contains(j.ProgrammeId.Value) && DecisionActions.Contains(j.Action)
                            && !EF.Functions.JsonContains(j.After!, """{"automatic": true}"""))
                .Select(j => new { j.ProgrammeId, j.Target })
                .ToListAsync(ct))
            .Select(j => (j.ProgrammeId!.Value, j.Target)).ToHashSet();

        // Every delivered report occurrence; one delivered before publication existed has no copy yet.
        var programmes = await db.Programmes.AsNoTracking()
            .Select(p => new { p.Id, p.DefinitionKey, p.DefinitionVersion, p.ParticipantId, p.ParticipantName, p.State })
            .ToListAsync(ct);
        var reports = new List<(string DefinitionKey, DeskReport Report)>();
        foreach (var programme in programmes)
        {
            var definition = (await registry.FindOrLoadAsync(programme.DefinitionKey, programme.DefinitionVersion, db, ct))?.Definition;
            foreach (var item in programme.State.Reports.Where(r => r.IsDelivered && r.Status != Workflow.Engine.ReportStatus.NotApplicable))
            {
                var report = definition is null ? null : Publisher.Definition(definition, item.ReportKey);
                byItem.TryGetValue((programme.Id, item.Key), out var copy);
                reports.Add((programme.DefinitionKey, new DeskReport(
                    programme.Id, item.Key, programme.ParticipantId, programme.ParticipantName,
                    StageName(programme.DefinitionKey, item.StageKey),
                    // The definition's title in the reader's standard; the public copy's (bokmål,
                    // as published) only for a report the definition no longer has.
                    report is null ? copy?.Title ?? item.Key : Publisher.Title(report, item, System.Globalization.CultureInfo.CurrentUICulture),
                    copy?.Status, copy?.ExemptionBasis, report is { PublicByDefault: false } ? report.ExemptionBasis : null,
                    copy?.ApprovedOn ?? item.ApprovedOn ?? item.SubmittedOn, copy?.PublishedAt, copy?.Id)));
            }
        }

        var learning = await (
                from l in db.LearningEntries.AsNoTracking()
                join p in db.Programmes.AsNoTracking() on l.ProgrammeId equals p.Id
                where l.Sharing == LearningSharing.Shareable || l.Sharing == LearningSharing.Public
                orderby l.CreatedAt
                select new { p.DefinitionKey, p.ParticipantId, p.ParticipantName, l.Id, l.ProgrammeId, l.StageKey, l.WhatWeLearned, l.AuthorName, l.CreatedAt, l.PublishedAt, l.Sharing })
            .ToListAsync(ct);

        bool Awaiting(DeskReport r) => r.Status is null
            || (r.Status == PublicationStatus.KeptBack && !decided.Contains((r.ProgrammeId, r.ReportKey)));

        var keys = reports.Select(r => r.DefinitionKey).Concat(learning.Select(l => l.DefinitionKey)).Distinct().Order(StringComparer.Ordinal);
        var desk = keys.Select(key =>
        {
            var mine = reports.Where(r => r.DefinitionKey == key).Select(r => r.Report)
                .OrderBy(r => r.ParticipantName, StringComparer.Create(Norwegian, false)).ThenBy(r => r.ApprovedOn).ToList();
            var entries = learning.Where(l => l.DefinitionKey == key).Select(l => (l.Sharing, Entry: new DeskLearning(
                l.Id, l.ProgrammeId, l.ParticipantId, l.ParticipantName, StageName(key, l.StageKey), l.WhatWeLearned, l.AuthorName, l.CreatedAt, l.PublishedAt))).ToList();
            return new DeskDefinition(key, registry.Latest(key)?.Name.Current ?? key,
                [.. mine.Where(Awaiting)],
                [.. mine.Where(r => r.Status == PublicationStatus.Published)],
                [.. mine.Where(r => r.Status is PublicationStatus.KeptBack or PublicationStatus.Unpublished && !Awaiting(r))],
                [.. entries.Where(e => e.Sharing == LearningSharing.Shareable).Select(e => e.Entry)],
                [.. entries.Where(e => e.Sharing == LearningSharing.Public).Select(e => e.Entry).OrderByDescending(e => e.PublishedAt)]);
        }).ToList();
        return new PublicationDesk(desk);
    }
}
