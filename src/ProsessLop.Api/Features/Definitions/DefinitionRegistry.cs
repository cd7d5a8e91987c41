using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Definitions;

public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// Folder with the programme definitions; the repository's workflows/ when empty.
    public string? Directory { get; set; }
}

/// The published programme definitions, kept in memory: they are immutable, so every read is a
/// dictionary lookup. The files in workflows/ are published at start-up; versions published in the
/// studio live in the database (published_definitions.content). Every replica keeps its own
/// registry, so a version published on another replica is loaded from the database on demand
/// (<see cref="FindOrLoadAsync"/> where a programme is started or read, <see cref="RefreshAsync"/>
/// where every definition counts: the definition list, the reminder sweep, the overview).
public sealed class DefinitionRegistry
{
    // Replaced whole (never changed in place), so readers need no lock; writers take this one.
    private readonly Lock _gate = new();
    private volatile DefinitionCatalog _catalog = new([], []);
    private volatile IReadOnlyDictionary<(string Key, int Version), PublishedDefinition> _published = new Dictionary<(string, int), PublishedDefinition>();

    public IReadOnlyList<LoadedDefinition> All => _catalog.Definitions;

    public LoadedDefinition? Find(string key, int version) => _catalog.Find(key, version);

    /// The newest version of a definition (the one place that decides which that is).
    public ProgrammeDefinition? Latest(string key) => _catalog.Latest(key)?.Definition;

    /// A stage's name in the newest version that has the stage (an older programme's stage may be
    /// gone from the newest), else its key; in the reader's standard (the current UI culture), for
    /// pages. A compiled status snapshot (bokmål whoever asks) takes its stage names elsewhere.
    public string StageName(string key, string stageKey) =>
        _catalog.Definitions.Where(d => d.Definition.Key == key).OrderByDescending(d => d.Definition.Version)
            .SelectMany(d => d.Definition.Stages).FirstOrDefault(s => s.Key == stageKey)?.Name.Current ?? stageKey;

    /// The newest version of every definition, ordered by key.
    public IReadOnlyList<ProgrammeDefinition> LatestOfEach() => [.. _catalog.LatestOfEach().Select(d => d.Definition)];

    public PublishedDefinition? Publication(string key, int version) => _published.GetValueOrDefault((key, version));

    /// The version, also when another replica published it after this one started.
    public async ValueTask<LoadedDefinition?> FindOrLoadAsync(string key, int version, ProsessDb db, CancellationToken ct)
    {
        if (Find(key, version) is { } known)
        {
            return known;
        }

        var row = await db.PublishedDefinitions.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Key == key && p.Version == version && p.Content != null, ct);
        return row is null ? null : Remember([row]).Single();
    }

    /// Something read from a published version, or 404 when there is no such version.
    public async Task<Result<T>> ReadAsync<T>(string key, int version, ProsessDb db, Func<ProgrammeDefinition, T> read, CancellationToken ct) =>
        await FindOrLoadAsync(key, version, db, ct) is { } found
            ? read(found.Definition)
            : Error.NotFound(Vocabulary.Format(StudioTexts.Refusal_NoDefinitionVersion, key, version));

    /// Loads every studio-published version this replica does not know yet: one query on a small
    /// table when there is none.
    public async Task RefreshAsync(ProsessDb db, CancellationToken ct)
    {
        var stored = await db.PublishedDefinitions.AsNoTracking().Where(p => p.Content != null)
            .Select(p => new { p.Key, p.Version }).ToListAsync(ct);
        var missing = stored.Where(p => !_published.ContainsKey((p.Key, p.Version))).Select(p => p.Key + "/" + p.Version).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        Remember(await db.PublishedDefinitions.AsNoTracking()
            .Where(p => p.Content != null && missing.Contains(p.Key + "/" + p.Version)).ToListAsync(ct));
    }

    // Published versions are not validated again when loaded: they were valid when published,
    // and a rule tightened later must not make them (and the programmes on them) disappear.
    private List<LoadedDefinition> Remember(IReadOnlyCollection<PublishedDefinition> rows)
    {
        lock (_gate)
        {
            var definitions = _catalog.Definitions.ToList();
            var published = new Dictionary<(string, int), PublishedDefinition>(_published);
            var loaded = new List<LoadedDefinition>();
            foreach (var row in rows)
            {
                var existing = definitions.FirstOrDefault(d => d.Definition.Key == row.Key && d.Definition.Version == row.Version);
                if (existing is null)
                {
                    existing = new LoadedDefinition(DefinitionJson.Read(row.Content!), row.File, row.ContentHash);
                    definitions.Add(existing);
                }

                published[(row.Key, row.Version)] = row;
                loaded.Add(existing);
            }

            _catalog = _catalog with { Definitions = definitions };
            _published = published;
            return loaded;
        }
    }

    public static string ResolveDirectory(WorkflowOptions options, string contentRoot) =>
        !string.IsNullOrWhiteSpace(options.Directory)
            ? Path.GetFullPath(options.Directory, contentRoot)
            : Path.Combine(RepositoryRoot.Find(contentRoot), "workflows");

    /// Loads every definition file, refuses to start on any problem, and records a content hash
    /// per (key, version) the first time it is seen. A file whose published version has changed
    /// since stops the host: published versions are immutable.
    public async Task PublishAsync(string directory, ProsessDb db, TimeProvider clock, ILogger logger, CancellationToken ct = default)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new StartupException($"The programme definitions folder '{directory}' does not exist. Set Workflows__Directory.");
        }

        var catalog = DefinitionCatalog.LoadDirectory(directory);
        if (catalog.Problems.Count > 0)
        {
            throw new StartupException(
                $"The programme definitions in '{directory}' have {catalog.Problems.Count} problem(s):{Environment.NewLine}" +
                string.Join(Environment.NewLine, catalog.Problems.Select(p => $"  {p.File} at '{p.Pointer}': {p.Message}")));
        }

        foreach (var warning in catalog.Warnings)
        {
            logger.LogWarning("Programme definition {File} at '{Pointer}': {Message}", warning.File, warning.Pointer, warning.Message);
        }

        var published = await db.PublishedDefinitions.ToDictionaryAsync(p => (p.Key, p.Version), ct);
        var changed = catalog.Definitions
            .Where(d => published.TryGetValue((d.Definition.Key, d.Definition.Version), out var p) && p.ContentHash != d.ContentHash)
            .ToList();
        if (changed.Count > 0)
        {
            var next = (string key) => Math.Max(catalog.Latest(key)!.Definition.Version, published.Keys.Where(k => k.Key == key).Max(k => k.Version)) + 1;
            throw new StartupException(string.Join(Environment.NewLine, changed.Select(d =>
                published[(d.Definition.Key, d.Definition.Version)].Content is not null
                    ? $"workflows/{d.File}: definition '{d.Definition.Key}' version {d.Definition.Version} was published in the programme studio " +
                      $"on {published[(d.Definition.Key, d.Definition.Version)].PublishedAt:yyyy-MM-dd} with other content. Give the file version {next(d.Definition.Key)}."
                    : $"workflows/{d.File}: definition '{d.Definition.Key}' version {d.Definition.Version} was published " +
                      $"on {published[(d.Definition.Key, d.Definition.Version)].PublishedAt:yyyy-MM-dd} and its file has changed since. " +
                      $"Published versions are immutable: restore the file (git checkout -- workflows/{d.File}) and put the change in a new file " +
                      $"with version {next(d.Definition.Key)}.")));
        }

        foreach (var d in catalog.Definitions.Where(d => !published.ContainsKey((d.Definition.Key, d.Definition.Version))))
        {
            var publication = new PublishedDefinition
            {
                Key = d.Definition.Key,
                Version = d.Definition.Version,
                ContentHash = d.ContentHash,
                File = d.File,
                PublishedAt = clock.GetUtcNow(),
            };
            db.PublishedDefinitions.Add(publication);
            published[(publication.Key, publication.Version)] = publication;
            logger.LogInformation("Published programme definition {Key} v{Version} from {File}", publication.Key, publication.Version, publication.File);
        }

        // Hosts starting together publish one after the other (ProsessHost runs this under the
        // start-up lock), so the second finds the versions published.
        await db.SaveChangesAsync(ct);

        foreach (var missing in published.Values.Where(p => p.Content is null && catalog.Find(p.Key, p.Version) is null))
        {
            logger.LogWarning("Published programme definition {Key} v{Version} has no file any more ({File})", missing.Key, missing.Version, missing.File);
        }

        lock (_gate)
        {
            _catalog = catalog;
            _published = published;
        }

        // Versions published in the studio have no file: the database holds them.
        Remember([.. published.Values.Where(p => p.Content is not null && catalog.Find(p.Key, p.Version) is null)]);
    }
}
