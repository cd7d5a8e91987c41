using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Journal;

/// What a journal entry concerns, in words people read. The journal keeps the stable key it was
/// written with (`forankre-politisk`, `risk:{id}`, `contact:{id}`); the words are found when it is
/// read: item names from the definition version the programme follows, the descriptions of
/// deviations and risks as they stand, and contact persons' names — so an erased person's name is
/// never shown again.
public static class JournalSubjects
{
    private const int MaxLength = 80;

    public static async Task<Func<JournalEntry, string>> ForAsync(
        ProsessDb db, Programme programme, ProgrammeDefinition definition, IReadOnlyCollection<JournalEntry> entries, CancellationToken ct)
    {
        Guid[] Ids(string prefix) =>
        [
            .. entries.Select(e => e.Target).Where(t => t.StartsWith(prefix, StringComparison.Ordinal))
                .Select(t => Guid.TryParse(t.AsSpan(prefix.Length), out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct(),
        ];

        var risks = Ids("risk:");
        var deviations = Ids("deviation:");
        var learning = Ids("learning:");
        var contacts = Ids("contact:");
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in await db.Risks.AsNoTracking().Where(r => risks.Contains(r.Id) && r.ProgrammeId == programme.Id).Select(r => new { r.Id, r.Description }).ToListAsync(ct))
        {
            words[$"risk:{r.Id}"] = $"Risiko: {Short(r.Description)}";
        }

        foreach (var d in await db.Deviations.AsNoTracking().Where(d => deviations.Contains(d.Id) && d.ProgrammeId == programme.Id).Select(d => new { d.Id, d.Description }).ToListAsync(ct))
        {
            words[$"deviation:{d.Id}"] = $"Avvik: {Short(d.Description)}";
        }

        foreach (var l in await db.LearningEntries.AsNoTracking().Where(l => learning.Contains(l.Id) && l.ProgrammeId == programme.Id).Select(l => new { l.Id, l.WhatWeTried }).ToListAsync(ct))
        {
            words[$"learning:{l.Id}"] = $"Erfaring: {Short(l.WhatWeTried)}";
        }

        foreach (var c in await db.ContactPersons.AsNoTracking().Where(c => contacts.Contains(c.Id)).Select(c => new { c.Id, c.Name, c.ErasedAt }).ToListAsync(ct))
        {
            words[$"contact:{c.Id}"] = c.ErasedAt is null ? $"Kontaktperson: {c.Name}" : "Slettet kontaktperson";
        }

        var items = Items(programme, definition);
        return entry => words.GetValueOrDefault(entry.Target) ?? items(entry) ?? entry.Target;
    }

    /// Stages, tasks, reports (recurring ones with their number), report sections and the definition itself.
    private static Func<JournalEntry, string?> Items(Programme programme, ProgrammeDefinition definition)
    {
        var stages = definition.Stages.ToDictionary(s => s.Key, s => s.Name, StringComparer.Ordinal);
        var tasks = definition.Stages.SelectMany(s => s.Tasks).ToDictionary(t => t.Key, t => t.Name, StringComparer.Ordinal);
        var reports = definition.Stages.SelectMany(s => s.Reports).ToDictionary(r => r.Key, StringComparer.Ordinal);

        string? Report(string key)
        {
            if (programme.State.Report(key) is { } state)
            {
                return ItemNames.Report(definition, state);
            }

            // An occurrence the programme no longer holds (e.g. after a migration): name and number from the key.
            var hash = key.IndexOf('#', StringComparison.Ordinal);
            var baseKey = hash < 0 ? key : key[..hash];
            return reports.TryGetValue(baseKey, out var r) ? (hash < 0 ? r.Name : $"{r.Name} {key[(hash + 1)..]}") : null;
        }

        return entry =>
        {
            var target = entry.Target;
            if (entry.Action is "programme-started" or "programme-migrated" && target == definition.Key)
            {
                return definition.Name;
            }

            // A report section: "{report item}/{section}".
            var slash = target.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && Report(target[..slash]) is { } reportName)
            {
                var reportKey = programme.State.Report(target[..slash])?.ReportKey ?? target[..slash].Split('#')[0];
                var section = reports.GetValueOrDefault(reportKey)?.Sections.FirstOrDefault(s => s.Key == target[(slash + 1)..]);
                return section is null ? reportName : $"{reportName}: {section.Title}";
            }

            return tasks.GetValueOrDefault(target) ?? Report(target) ?? stages.GetValueOrDefault(target);
        };
    }

    private static string Short(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength - 1).TrimEnd(), "…");
    }
}
