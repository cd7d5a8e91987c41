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
            words[$"risk:{r.Id}"] = Vocabulary.Format(Texts.Journal_Risk, Short(r.Description));
        }

        foreach (var d in await db.Deviations.AsNoTracking().Where(d => deviations.Contains(d.Id) && d.ProgrammeId == programme.Id).Select(d => new { d.Id, d.Description }).ToListAsync(ct))
        {
            words[$"deviation:{d.Id}"] = Vocabulary.Format(Texts.Journal_Deviation, Short(d.Description));
        }

        foreach (var l in await db.LearningEntries.AsNoTracking().Where(l => learning.Contains(l.Id) && l.ProgrammeId == programme.Id).Select(l => new { l.Id, l.WhatWeTried }).ToListAsync(ct))
        {
            words[$"learning:{l.Id}"] = Vocabulary.Format(Texts.Journal_Learning, Short(l.WhatWeTried));
        }

        foreach (var c in await db.ContactPersons.AsNoTracking().Where(c => contacts.Contains(c.Id)).Select(c => new { c.Id, c.Name, c.ErasedAt }).ToListAsync(ct))
        {
            words[$"contact:{c.Id}"] = c.ErasedAt is null ? Vocabulary.Format(Texts.Journal_Contact, c.Name) : Texts.Journal_ErasedContact;
        }

        var items = Items(programme, definition);
        return entry => words.GetValueOrDefault(entry.Target) ?? items(entry) ?? entry.Target;
    }

    /// Stages, tasks, reports (recurring ones with their number), report sections and the definition itself.
    private static Func<JournalEntry, string?> Items(Programme programme, ProgrammeDefinition definition)
    {
        string? Report(string key) =>
            programme.State.Report(key) is { } state ? ItemNames.Report(definition, state) : ItemNames.KnownReport(definition, key);

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
                return ItemNames.KnownSection(definition, reportKey, target[(slash + 1)..]) is { } section ? $"{reportName}: {section}" : reportName;
            }

            return ItemNames.KnownTask(definition, target) ?? Report(target) ?? ItemNames.KnownStage(definition, target);
        };
    }

    private static string Short(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength - 1).TrimEnd(), "…");
    }
}
