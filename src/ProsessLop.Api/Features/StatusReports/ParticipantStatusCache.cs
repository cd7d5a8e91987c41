using System.Collections.Concurrent;
using System.Globalization;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.StatusReports;

/// What the engine made of one programme's state on one day (its agenda, health and item lists),
/// remembered by the row's version so the overview does not deserialise every participant's state
/// document and build its agenda again on every request (issue 15: that was most of the page's
/// time, and it grew with the definition's programmes).
///
/// Nothing here needs invalidating, so several replicas stay right without telling each other:
/// an entry is used only when the row the request has just read from the database has the same
/// xmin (PostgreSQL's row version, which every write of the row changes, the project's ETag), on
/// the same day, with the same loaded definition object. Anything else is a miss, computed from
/// the state as before. The counts read from other tables (open deviations, risks, learning) are
/// not part of an entry: they are read on every compilation.
///
/// An entry holds words (status reasons, the stage name of a finished programme) in the standard
/// of the request that computed it, so entries are kept per UI culture: a nynorsk reader never
/// gets a bokmål reader's reasons, nor the other way round.
public sealed class ParticipantStatusCache
{
    private sealed record Entry(string DefinitionKey, uint Version, DateOnly Today, ProgrammeDefinition Definition, ParticipantStatus Status);

    private readonly ConcurrentDictionary<(Guid Programme, string Culture), Entry> _entries = new();

    private static (Guid, string) Key(Guid programme) => (programme, CultureInfo.CurrentUICulture.Name);

    public ParticipantStatus? Find(Guid programme, uint version, DateOnly today, ProgrammeDefinition definition) =>
        _entries.TryGetValue(Key(programme), out var entry) && entry.Version == version && entry.Today == today && ReferenceEquals(entry.Definition, definition)
            ? entry.Status
            : null;

    public void Keep(Guid programme, string definitionKey, uint version, DateOnly today, ProgrammeDefinition definition, ParticipantStatus status) =>
        _entries[Key(programme)] = new Entry(definitionKey, version, today, definition, status);

    /// Drops the entries of a definition's programmes that are no longer a participant's latest
    /// (a new cohort started), so the cache holds one entry per participant, definition and standard.
    public void KeepOnly(string definitionKey, IReadOnlySet<Guid> current)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.DefinitionKey == definitionKey && !current.Contains(id.Programme))
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    public int Count => _entries.Count;
}
