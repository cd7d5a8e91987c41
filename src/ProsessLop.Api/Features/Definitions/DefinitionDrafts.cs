using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Definitions;

// The programme studio's drafts: owners write a definition as a draft (saved as often as they
// like, every save kept), read what it changes in words, and publish it as an immutable version.
// Drafts may be invalid while they are written; only publishing runs the full validator.

public sealed record DraftSummary(
    Guid Id, string Key, string Name, string? BaseKey, int? BaseVersion, int Revision, string CreatedByName,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int? PublishedVersion);

public sealed record DraftRevisionSummary(int Number, string SavedByName, DateTimeOffset SavedAt);

/// A draft with its current JSON, what the validator says about it now (problems block
/// publishing, warnings do not), and its saved revisions, newest first.
public sealed record DraftView(
    Guid Id, string Key, string Name, string? BaseKey, int? BaseVersion, int Revision, string CreatedByName,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int? PublishedVersion, DateTimeOffset? PublishedAt,
    JsonElement Definition, bool Valid, IReadOnlyList<DefinitionProblem> Problems, IReadOnlyList<DefinitionProblem> Warnings,
    IReadOnlyList<DraftRevisionSummary> Revisions, DraftApprovalStatus Approval);

public sealed record DraftRevisionView(int Number, string SavedByName, DateTimeOffset SavedAt, JsonElement Definition);

public sealed record DraftDiff(string? BaseKey, int? BaseVersion, IReadOnlyList<DefinitionChange> Changes);

public sealed record PublishedVersionView(string Key, int Version, string ContentHash, DateTimeOffset PublishedAt, IReadOnlyList<DefinitionProblem> Warnings);

/// Starts a draft: from a published version ("new version of …": the JSON of that version with
/// the next version number) when <paramref name="BasedOnVersion"/> is given, else a minimal valid
/// skeleton for a new definition (one stage with one task) to build on.
public sealed record StartDraft(string Key, string? Name, int? BasedOnVersion, IReadOnlyList<string>? Owners) : ICommand<Result<DraftView>>;

public sealed class StartDraftValidator : AbstractValidator<StartDraft>
{
    public StartDraftValidator()
    {
        RuleFor(c => c.Key).NotEmpty().WithMessage(_ => StudioTexts.Refusal_KeyMissing)
            .MaximumLength(100).WithMessage(_ => StudioTexts.Refusal_KeyLength)
            .Matches("^[a-z0-9]+(-[a-z0-9]+)*$").WithMessage(_ => StudioTexts.Refusal_KeyShape);
        RuleFor(c => c.Name).MaximumLength(200).WithMessage(_ => StudioTexts.Refusal_NameLength);
        RuleFor(c => c.BasedOnVersion).GreaterThan(0).WithMessage(_ => StudioTexts.Refusal_VersionPositive);
        RuleForEach(c => c.Owners).NotEmpty().WithMessage(_ => StudioTexts.Refusal_OwnerName).MaximumLength(100).WithMessage(_ => StudioTexts.Refusal_OwnerNameLength);
    }
}

public sealed class StartDraftHandler(ProsessDb db, DefinitionRegistry registry, DraftStore drafts, ICurrentUser user)
    : ICommandHandler<StartDraft, Result<DraftView>>
{
    public async ValueTask<Result<DraftView>> Handle(StartDraft command, CancellationToken ct)
    {
        var next = await DraftStore.NextVersionAsync(db, command.Key, ct);
        if (command.BasedOnVersion is int version)
        {
            if (await registry.FindOrLoadAsync(command.Key, version, db, ct) is not { } published)
            {
                return Error.NotFound(Vocabulary.Format(StudioTexts.Refusal_NoPublishedVersion, command.Key, version));
            }

            var json = DefinitionJson.WithVersion(DefinitionJson.Write(published.Definition), next);
            return await drafts.CreateAsync(json, command.Key, version, ct);
        }

        if (next > 1)
        {
            return Error.Conflict(Vocabulary.Format(StudioTexts.Refusal_KeyExists, command.Key));
        }

        // A new programme is owned by the organisations its author is an owner for, unless they name others.
        var owners = command.Owners is { Count: > 0 } named ? named
            : user.Organisations.Count > 0 ? [.. user.Organisations.Order(StringComparer.Ordinal)]
            : [People.BootstrapOwner.DefaultOrganisation];
        return await drafts.CreateAsync(Skeleton(command, owners), null, null, ct);
    }

    // The smallest definition the validator accepts, so a new draft starts valid and every
    // problem the owner then sees is one they made.
    private static string Skeleton(StartDraft command, IReadOnlyList<string> owners) => DefinitionJson.Write(new ProgrammeDefinition
    {
        Key = command.Key,
        Version = 1,
        Name = string.IsNullOrWhiteSpace(command.Name) ? "Nytt utviklingsprogram" : command.Name.Trim(),
        Description = "Beskriv programmet her.",
        Owners = owners,
        ParticipantKinds = [ParticipantKind.Municipality],
        Stages =
        [
            new StageDefinition
            {
                Key = "oppstart",
                Name = "Oppstart",
                StartWeek = 0,
                EndWeek = 4,
                Tasks =
                [
                    new TaskDefinition
                    {
                        Key = "forste-oppgave",
                        Name = "Første oppgave",
                        Required = true,
                        ResponsibleRole = ResponsibleRole.Coordinator,
                        Deadline = new Deadline { From = DeadlineAnchor.ProgrammeStart, Weeks = 2 },
                    },
                ],
                Gate = new GateDefinition { RequiredTasks = ["forste-oppgave"] },
            },
        ],
    });
}

/// Starts a draft from an uploaded definition file (the request body, as sent). When a version of
/// its key is published, the draft is a new version of the newest one and diffs against it.
public sealed record UploadDraft(string Json) : ICommand<Result<DraftView>>;

public sealed class UploadDraftHandler(ProsessDb db, DraftStore drafts) : ICommandHandler<UploadDraft, Result<DraftView>>
{
    public async ValueTask<Result<DraftView>> Handle(UploadDraft command, CancellationToken ct)
    {
        if (DraftStore.KeyOf(command.Json) is not { } key)
        {
            return Error.Invalid("key", StudioTexts.Refusal_FileKey);
        }

        var latest = await db.PublishedDefinitions.Where(p => p.Key == key).MaxAsync(p => (int?)p.Version, ct);
        return await drafts.CreateAsync(command.Json, latest is null ? null : key, latest, ct);
    }
}

/// Saves the whole JSON of a draft as its next revision. With <paramref name="ExpectedRevision"/>
/// (the revision the change was made from: If-Match in the API, a hidden field on the studio's
/// forms) a save over someone else's later save is refused instead of silently undoing it.
public sealed record SaveDraft(Guid Id, string Json, int? ExpectedRevision = null) : ICommand<Result<DraftView>>;

public sealed class SaveDraftHandler(ProsessDb db, DraftStore drafts, ICurrentUser user, Journal.Journal journal, TimeProvider clock)
    : ICommandHandler<SaveDraft, Result<DraftView>>
{
    public async ValueTask<Result<DraftView>> Handle(SaveDraft command, CancellationToken ct)
    {
        var found = await drafts.FindOpenAsync(command.Id, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var draft = found.Value;
        if (command.ExpectedRevision is int expected && expected != draft.Revision)
        {
            return Error.Stale(
                Vocabulary.Format(StudioTexts.Refusal_DraftStale, expected, draft.Revision));
        }

        var now = clock.GetUtcNow();
        draft.Json = command.Json;
        draft.Key = DraftStore.KeyOf(command.Json) ?? draft.Key;
        draft.Name = DraftStore.NameOf(command.Json) ?? draft.Name;
        draft.Revision++;
        draft.UpdatedAt = now;
        db.DefinitionDraftRevisions.Add(new DefinitionDraftRevision
        {
            DraftId = draft.Id, Number = draft.Revision, Json = command.Json, SavedBy = user.Id, SavedByName = user.Name, SavedAt = now,
        });
        journal.Record("", null, "definition-draft-saved", DraftStore.Target(draft.Id), new { revision = draft.Revision - 1 }, new { key = draft.Key, revision = draft.Revision });
        return await drafts.ViewAsync(draft, ct);
    }
}

public sealed record ListDrafts : IQuery<IReadOnlyList<DraftSummary>>;

public sealed class ListDraftsHandler(ProsessDb db) : IQueryHandler<ListDrafts, IReadOnlyList<DraftSummary>>
{
    public async ValueTask<IReadOnlyList<DraftSummary>> Handle(ListDrafts query, CancellationToken ct) =>
        await db.DefinitionDrafts.AsNoTracking().OrderByDescending(d => d.UpdatedAt)
            .Select(d => new DraftSummary(d.Id, d.Key, d.Name, d.BaseKey, d.BaseVersion, d.Revision, d.CreatedByName, d.CreatedAt, d.UpdatedAt, d.PublishedVersion))
            .ToListAsync(ct);
}

public sealed record GetDraft(Guid Id) : IQuery<Result<DraftView>>;

public sealed class GetDraftHandler(ProsessDb db, DraftStore drafts) : IQueryHandler<GetDraft, Result<DraftView>>
{
    public async ValueTask<Result<DraftView>> Handle(GetDraft query, CancellationToken ct) =>
        await db.DefinitionDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.Id, ct) is { } draft
            ? await drafts.ViewAsync(draft, ct)
            : DraftStore.NotFound(query.Id);
}

public sealed record GetDraftRevision(Guid Id, int Number) : IQuery<Result<DraftRevisionView>>;

public sealed class GetDraftRevisionHandler(ProsessDb db) : IQueryHandler<GetDraftRevision, Result<DraftRevisionView>>
{
    public async ValueTask<Result<DraftRevisionView>> Handle(GetDraftRevision query, CancellationToken ct)
    {
        var revision = await db.DefinitionDraftRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.DraftId == query.Id && r.Number == query.Number, ct);
        return revision is null
            ? Error.NotFound(Vocabulary.Format(StudioTexts.Refusal_NoRevision, query.Number, query.Id))
            : new DraftRevisionView(revision.Number, revision.SavedByName, revision.SavedAt, JsonDocument.Parse(revision.Json).RootElement.Clone());
    }
}

/// What the draft changes compared with its base version, in words. A draft that cannot be read
/// as a definition (a wrong type somewhere) answers with the validator's problems instead.
public sealed record DiffDraft(Guid Id) : IQuery<Result<DraftDiff>>;

public sealed class DiffDraftHandler(ProsessDb db, DefinitionRegistry registry) : IQueryHandler<DiffDraft, Result<DraftDiff>>
{
    public async ValueTask<Result<DraftDiff>> Handle(DiffDraft query, CancellationToken ct)
    {
        var draft = await db.DefinitionDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.Id, ct);
        if (draft is null)
        {
            return DraftStore.NotFound(query.Id);
        }

        ProgrammeDefinition current;
        try
        {
            current = DefinitionJson.Read(draft.Json);
        }
        catch (JsonException)
        {
            return Error.InvalidDefinition(DefinitionValidator.Validate(draft.Json, DraftStore.File(draft.Id)).Problems);
        }

        var baseVersion = draft is { BaseKey: { } key, BaseVersion: int version }
            ? (await registry.FindOrLoadAsync(key, version, db, ct))?.Definition
            : null;
        return new DraftDiff(draft.BaseKey, draft.BaseVersion, DefinitionDiff.Compare(baseVersion, current));
    }
}

/// Publishes a draft as the next version of its key: the full validator first (refused with every
/// problem and its JSON Pointer), then an immutable version with its content hash, who and when.
/// The version number is always the next free one, whatever the draft's JSON says, so two drafts
/// of one definition cannot publish the same version (and if two publish at once, one gets a 409).
/// Programmes can start from it at once, on every replica (the registry loads it on demand).
public sealed record PublishDraft(Guid Id) : ICommand<Result<PublishedVersionView>>;

public sealed class PublishDraftHandler(
    ProsessDb db, DraftStore drafts, DefinitionRegistry registry, FourEyesRule fourEyes, ICurrentUser user, Journal.Journal journal, TimeProvider clock,
    Hangfire.IRecurringJobManager jobs)
    : ICommandHandler<PublishDraft, Result<PublishedVersionView>>
{
    public async ValueTask<Result<PublishedVersionView>> Handle(PublishDraft command, CancellationToken ct)
    {
        var found = await drafts.FindOpenAsync(command.Id, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var draft = found.Value;
        var file = DraftStore.File(draft.Id);
        if (DraftStore.KeyOf(draft.Json) is not { } key)
        {
            return Error.InvalidDefinition(DefinitionValidator.Validate(draft.Json, file) is { Problems.Count: > 0 } invalid
                ? invalid.Problems
                : [new DefinitionProblem(file, "/key", "The definition needs a key of at most 100 characters.", Workflow.Definitions.BothStandards.Say(() => ProblemTexts.Problem_DefinitionNeedsKey))]);
        }

        var version = await DraftStore.NextVersionAsync(db, key, ct);
        var result = DefinitionValidator.Validate(DefinitionJson.WithVersion(draft.Json, version), file);
        if (!result.IsValid)
        {
            return Error.InvalidDefinition(result.Problems);
        }

        var current = version > 1 ? (await registry.FindOrLoadAsync(key, version - 1, db, ct))?.Definition : null;
        if (NotAnOwnerOf(result.Definition!, current) is { } notOwner)
        {
            return notOwner;
        }

        if (await DraftApprovals.MissingAsync(db, fourEyes, draft, ct) is { } unapproved)
        {
            return unapproved;
        }

        var content = DefinitionJson.Write(result.Definition!);
        var now = clock.GetUtcNow();
        var publication = new PublishedDefinition
        {
            Key = key,
            Version = version,
            ContentHash = DefinitionCatalog.ContentHash(System.Text.Encoding.UTF8.GetBytes(content)),
            File = PublishedDefinition.StudioFile,
            PublishedAt = now,
            Content = content,
            PublishedBy = user.Id,
            PublishedByName = user.Name,
            DraftId = draft.Id,
        };
        db.PublishedDefinitions.Add(publication);
        draft.PublishedVersion = version;
        draft.PublishedAt = now;
        journal.Record("", null, "definition-published", $"definition:{key}", null,
            new { key, version, contentHash = publication.ContentHash, draftId = draft.Id, draftRevision = draft.Revision });
        // The newest version's compilation policy decides the recurring job, as at start-up. Hangfire
        // keeps recurring jobs in the database, so this one registration serves every replica. It is
        // not part of this transaction: if the publication then fails to commit, the job still reads
        // the newest published version when it runs, and the next publication or start-up sets it right.
        StatusCompilationJob.ScheduleFor(jobs, result.Definition!);
        return new PublishedVersionView(key, version, publication.ContentHash, now, result.Warnings);
    }

    /// The publishing owner must be an owner for one of the organisations that own the definition
    /// now (its newest published version) and one of those the new version names: otherwise anyone
    /// with the owner role could take over another organisation's programme, or publish one they
    /// could no longer change.
    private Error? NotAnOwnerOf(ProgrammeDefinition published, ProgrammeDefinition? current)
    {
        foreach (var owners in new[] { current?.Owners, published.Owners })
        {
            if (owners is not null && !owners.Any(o => user.Organisations.Contains(o, StringComparer.OrdinalIgnoreCase)))
            {
                var mine = user.Organisations.Count == 0 ? "ingen organisasjon" : string.Join(", ", user.Organisations);
                return Error.Forbidden(
                    $"«{published.Name}» eies av {string.Join(" og ", owners)}. Du er programeier for {mine}, og bare programeiere for en av eierne kan publisere den.");
            }
        }

        return null;
    }
}

/// Deletes a draft an owner no longer wants, with its revisions and approvals. A published draft
/// is the record of how its version came about and stays (409).
public sealed record DeleteDraft(Guid Id) : ICommand<Result<bool>>;

public sealed class DeleteDraftHandler(ProsessDb db, DraftStore drafts, Journal.Journal journal) : ICommandHandler<DeleteDraft, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(DeleteDraft command, CancellationToken ct)
    {
        var found = await drafts.FindOpenAsync(command.Id, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var draft = found.Value;
        db.DefinitionDrafts.Remove(draft);
        journal.Record("", null, "definition-draft-deleted", DraftStore.Target(draft.Id), new { key = draft.Key, name = draft.Name, revision = draft.Revision }, null);
        return true;
    }
}

/// The download of a published version: its written form (DefinitionJson), which validates
/// against workflows/programme-definition.schema.json and loads back into the same definition.
public sealed record GetDefinitionFile(string Key, int Version) : IQuery<Result<string>>;

public sealed class GetDefinitionFileHandler(ProsessDb db, DefinitionRegistry registry) : IQueryHandler<GetDefinitionFile, Result<string>>
{
    public async ValueTask<Result<string>> Handle(GetDefinitionFile query, CancellationToken ct) =>
        await registry.ReadAsync(query.Key, query.Version, db, DefinitionJson.Write, ct);
}

/// What the draft commands share: creating a draft with its first revision, and the view.
public sealed class DraftStore(ProsessDb db, FourEyesRule fourEyes, ICurrentUser user, Journal.Journal journal, TimeProvider clock)
{
    public static Error NotFound(Guid id) => Error.NotFound(Vocabulary.Format(StudioTexts.Refusal_NoDraft, id));

    public static string Target(Guid id) => $"definition-draft:{id}";

    /// What validation problems name as the file.
    public static string File(Guid id) => $"(utkast {id})";

    public static async Task<int> NextVersionAsync(ProsessDb db, string key, CancellationToken ct) =>
        (await db.PublishedDefinitions.Where(p => p.Key == key).MaxAsync(p => (int?)p.Version, ct) ?? 0) + 1;

    public static string? KeyOf(string json) =>
        Property(json, "key") is { Length: > 0 and <= 100 } key ? key : null;

    public static string? NameOf(string json) =>
        Property(json, "name") is { Length: > 0 } name ? name[..Math.Min(name.Length, 200)] : null;

    // A name in both standards ({ "nb", "nn" }) is known by its bokmål, as a plain one is.
    private static string? Property(string json, string name) =>
        JsonNode.Parse(json) is JsonObject o && (o[name] is JsonObject both ? both["nb"] : o[name]) is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    /// The draft, tracked, if it can still change: a published draft is the record of its version.
    public async Task<Result<DefinitionDraft>> FindOpenAsync(Guid id, CancellationToken ct)
    {
        var draft = await db.DefinitionDrafts.SingleOrDefaultAsync(d => d.Id == id, ct);
        return draft switch
        {
            null => NotFound(id),
            { PublishedVersion: int published } => Error.Conflict(
                Vocabulary.Format(StudioTexts.Refusal_DraftPublished, published)),
            _ => draft,
        };
    }

    public async Task<DraftView> CreateAsync(string json, string? baseKey, int? baseVersion, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var draft = new DefinitionDraft
        {
            Id = Guid.CreateVersion7(),
            Key = KeyOf(json) ?? baseKey ?? "",
            Name = NameOf(json) ?? "",
            BaseKey = baseKey,
            BaseVersion = baseVersion,
            Json = json,
            Revision = 1,
            CreatedBy = user.Id,
            CreatedByName = user.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        draft.Revisions.Add(new DefinitionDraftRevision { DraftId = draft.Id, Number = 1, Json = json, SavedBy = user.Id, SavedByName = user.Name, SavedAt = now });
        db.DefinitionDrafts.Add(draft);
        journal.Record("", null, "definition-draft-started", Target(draft.Id), null, new { key = draft.Key, baseKey, baseVersion });
        return await ViewAsync(draft, ct);
    }

    public async Task<DraftView> ViewAsync(DefinitionDraft draft, CancellationToken ct)
    {
        var saved = await db.DefinitionDraftRevisions.AsNoTracking().Where(r => r.DraftId == draft.Id)
            .OrderByDescending(r => r.Number).Select(r => new DraftRevisionSummary(r.Number, r.SavedByName, r.SavedAt)).ToListAsync(ct);
        // Revisions added in this unit of work are not in the database yet.
        var revisions = db.ChangeTracker.Entries<DefinitionDraftRevision>()
            .Where(e => e.State == EntityState.Added && e.Entity.DraftId == draft.Id)
            .Select(e => new DraftRevisionSummary(e.Entity.Number, e.Entity.SavedByName, e.Entity.SavedAt))
            .Concat(saved).DistinctBy(r => r.Number).OrderByDescending(r => r.Number).ToList();
        var validation = DefinitionValidator.Validate(draft.Json, File(draft.Id));
        return new DraftView(draft.Id, draft.Key, draft.Name, draft.BaseKey, draft.BaseVersion, draft.Revision, draft.CreatedByName,
            draft.CreatedAt, draft.UpdatedAt, draft.PublishedVersion, draft.PublishedAt, JsonDocument.Parse(draft.Json).RootElement.Clone(),
            validation.IsValid, validation.Problems, validation.Warnings, revisions, await DraftApprovals.StatusAsync(db, fourEyes, draft, ct));
    }
}
