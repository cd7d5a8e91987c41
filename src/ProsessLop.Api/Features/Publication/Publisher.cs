using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Publication;

/// What every publication decision shares: the copy of a delivered report, and the version of a
/// definition's public material that the theme page's ETag is made from.
public sealed class Publisher(ProsessDb db, Journal.Journal journal, TimeProvider clock)
{
    /// A report just delivered (approved, or submitted when it needs no approval) is published as
    /// its definition says: public by default, or kept back with the definition's legal basis.
    public async Task OnDeliveredAsync(Programme programme, ProgrammeDefinition definition, ReportItemState item, CancellationToken ct)
    {
        var report = Definition(definition, item.ReportKey);
        if (report is null)
        {
            return;
        }

        var existing = await db.ReportPublications.SingleOrDefaultAsync(p => p.ProgrammeId == programme.Id && p.ReportKey == item.Key, ct);
        if (existing is not null)
        {
            // An owner already decided about this occurrence; a new delivery does not overrule it.
            return;
        }

        var publication = await CopyAsync(programme, definition, item, null, ct);
        if (report.PublicByDefault)
        {
            publication.Status = PublicationStatus.Published;
            publication.PublishedAt = publication.DecidedAt;
        }
        else
        {
            publication.Status = PublicationStatus.KeptBack;
            publication.ExemptionBasis = report.ExemptionBasis;
        }

        journal.Record(programme.ParticipantId, programme.Id, publication.Status == PublicationStatus.Published ? "report-published" : "report-kept-back",
            item.Key, null, new { status = publication.Status, exemptionBasis = publication.ExemptionBasis, automatic = true });
        await BumpAsync(programme.DefinitionKey, ct);
    }

    /// The public copy of a report occurrence, made fresh from its approved text: sections in the
    /// definition's order with their titles, the attachments, the participant's public name.
    public async Task<ReportPublication> CopyAsync(Programme programme, ProgrammeDefinition definition, ReportItemState item, ReportPublication? into, CancellationToken ct)
    {
        var report = Definition(definition, item.ReportKey)!;
        var draft = await db.ReportDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.ProgrammeId == programme.Id && d.ReportKey == item.Key, ct);
        var sections = report.Sections
            .Select(s => new PublishedSection(s.Title, draft?.Sections.GetValueOrDefault(s.Key)?.Trim() ?? ""))
            .Where(s => s.Text.Length > 0)
            .ToList();
        var title = Title(report, item);
        var publication = into ?? new ReportPublication
        {
            Id = Guid.CreateVersion7(),
            ProgrammeId = programme.Id,
            ReportKey = item.Key,
            DefinitionKey = programme.DefinitionKey,
            ParticipantId = programme.ParticipantId,
            ParticipantName = programme.ParticipantName,
            StageKey = item.StageKey,
            Title = title,
        };
        if (into is null)
        {
            db.ReportPublications.Add(publication);
        }

        publication.ParticipantName = programme.ParticipantName;
        publication.StageKey = item.StageKey;
        publication.Title = title;
        publication.Sections = sections;
        publication.Attachments = [.. draft?.Attachments ?? []];
        publication.ApprovedOn = item.ApprovedOn ?? item.SubmittedOn;
        publication.DecidedAt = clock.GetUtcNow();
        return publication;
    }

    /// Moves the definition's publication version: every cached theme page, feed and data file of
    /// it is stale from now. In the command's own transaction.
    public Task BumpAsync(string definitionKey, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO publication_versions (definition_key, version, changed_at) VALUES ({definitionKey}, 1, {now})
            ON CONFLICT (definition_key) DO UPDATE SET version = publication_versions.version + 1, changed_at = {now}
            """, ct);
    }

    /// A report occurrence's title: the report's name, numbered when it recurs. The public copy
    /// keeps the bokmål (no `reader`); the owner's desk shows the reader's standard.
    public static string Title(ReportDefinition report, ReportItemState item, System.Globalization.CultureInfo? reader = null)
    {
        var name = reader is null ? report.Name.Nb : report.Name.In(reader);
        return item.Occurrence > 1 || report.Recurrence is not null ? $"{name} nr. {item.Occurrence}" : name;
    }

    public static ReportDefinition? Definition(ProgrammeDefinition definition, string reportKey) =>
        definition.Stages.SelectMany(s => s.Reports).FirstOrDefault(r => r.Key == reportKey);
}
