using System.Globalization;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.StatusReports;

/// A compiled snapshot's names (the programme, stages, tasks and reports) as its reader reads
/// them. The snapshot keeps them in bokmål, the record as sent; a nynorsk reader gets them from
/// the definition version each programme ran, so a nynorsk sentence does not carry bokmål names.
/// A name the definition no longer knows stays as stored.
internal static class SnapshotNames
{
    public static StatusContent ForReader(StatusContent content, DefinitionRegistry registry)
    {
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "nn")
        {
            return content;
        }

        return content with
        {
            DefinitionName = registry.Latest(content.DefinitionKey)?.Name.Current ?? content.DefinitionName,
            Totals = content.Totals with
            {
                ByStage = [.. content.Totals.ByStage.Select(s => s with { Label = registry.StageName(content.DefinitionKey, s.Key) })],
            },
            Programmes = [.. content.Programmes.Select(p => registry.Find(content.DefinitionKey, p.DefinitionVersion)?.Definition is { } definition ? Read(p, definition) : p)],
        };
    }

    public static StatusSnapshot ForReader(StatusSnapshot snapshot, DefinitionRegistry registry) => new()
    {
        Id = snapshot.Id, DefinitionKey = snapshot.DefinitionKey, CompiledAt = snapshot.CompiledAt, DefinitionVersions = snapshot.DefinitionVersions,
        CompiledBy = snapshot.CompiledBy, CompiledByName = snapshot.CompiledByName, Content = ForReader(snapshot.Content, registry),
    };

    private static ParticipantStatus Read(ParticipantStatus p, ProgrammeDefinition definition) => p with
    {
        StageName = ItemNames.ReadKnownStage(definition, p.StageKey) ?? p.StageName,
        OverdueTasks = Items(p.OverdueTasks, definition),
        ReportsDue = Items(p.ReportsDue, definition),
        LateReports = Items(p.LateReports, definition),
        AwaitingReview = Items(p.AwaitingReview, definition),
        DeliveredReports = Items(p.DeliveredReports, definition),
    };

    private static List<ItemRef> Items(IReadOnlyList<ItemRef> items, ProgrammeDefinition definition) =>
        [.. items.Select(i => i with { Name = ItemNames.ReadKnown(definition, i.Key) ?? i.Name })];
}
