using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Definitions;

/// A draft as the studio's diagram and calendar pages read it: what the validator says now, and
/// the definition read as far as it can be (a half-written draft is drawn as far as it goes;
/// <see cref="Unreadable"/> says what could not be read). <see cref="Valid"/> is the validated
/// definition, the only one the scheduler is given: an invalid draft can ask it for the impossible
/// (a recurrence every 0 weeks, a pause all year).
public sealed record DraftPreview(
    Guid Id, string Name, int Revision, ProgrammeDefinition Definition, ProgrammeDefinition? Valid, IReadOnlyList<string> Unreadable,
    IReadOnlyList<DefinitionProblem> Problems, IReadOnlyList<DefinitionProblem> Warnings, string Json);

/// Owners only, like the rest of the studio.
public sealed record GetDraftPreview(Guid Id) : IQuery<Result<DraftPreview>>;

public sealed class GetDraftPreviewHandler(ProsessDb db, ICurrentUser user, DraftValidations validations) : IQueryHandler<GetDraftPreview, Result<DraftPreview>>
{
    public async ValueTask<Result<DraftPreview>> Handle(GetDraftPreview query, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Error.Forbidden(StudioTexts.Refusal_OnlyOwners);
        }

        var draft = await db.DefinitionDrafts.AsNoTracking()
            .Where(d => d.Id == query.Id)
            .Select(d => new { d.Id, d.Name, d.Revision, d.Json })
            .SingleOrDefaultAsync(ct);
        if (draft is null)
        {
            return DraftStore.NotFound(query.Id);
        }

        var validation = validations.Of(draft.Id, draft.Revision, draft.Json);
        var (definition, unreadable) = validation.Definition is { } valid ? (valid, []) : LenientDefinition.Read(draft.Json);
        return new DraftPreview(draft.Id, draft.Name, draft.Revision, definition, validation.IsValid ? validation.Definition : null, unreadable,
            validation.Problems, validation.Warnings, draft.Json);
    }
}

/// The validator's answer per draft revision. A revision's JSON never changes, and validating
/// schedules the definition for every weekday of two years (about 10 ms of CPU for the default
/// definition): the studio's pages show the same revision again and again while an owner works,
/// and each view would pay that again. Bounded: emptied when full (a revision is validated again
/// at most once more); each replica keeps its own.
public sealed class DraftValidations
{
    private const int Limit = 256;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid, int), DefinitionValidationResult> _results = new();

    public DefinitionValidationResult Of(Guid draft, int revision, string json)
    {
        if (_results.TryGetValue((draft, revision), out var known))
        {
            return known;
        }

        if (_results.Count >= Limit)
        {
            _results.Clear();
        }

        return _results[(draft, revision)] = DefinitionValidator.Validate(json, DraftStore.File(draft));
    }
}

/// Reads what it can of a draft that does not deserialise as a whole (a wrong type somewhere):
/// the programme's own fields, then each stage, task and report on its own, so one bad value
/// hides only the part it is in.
public static class LenientDefinition
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static (ProgrammeDefinition Definition, IReadOnlyList<string> Unreadable) Read(string json)
    {
        try
        {
            return (DefinitionJson.Read(json), []);
        }
        catch (JsonException)
        {
            // Read part by part below.
        }

        JsonObject? root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            root = null;
        }

        if (root is null)
        {
            return (new ProgrammeDefinition(), [StudioTexts.Preview_NotJson]);
        }

        var unreadable = new List<string>();
        var stages = root["stages"] as JsonArray ?? [];
        var top = (JsonObject)root.DeepClone();
        top.Remove("stages");
        var definition = Part<ProgrammeDefinition>(top) ?? new ProgrammeDefinition
        {
            Key = Text(root, "key"),
            Name = Text(root, "name"),
            Version = root["version"] is JsonValue v && v.TryGetValue<int>(out var version) ? version : 0,
        };
        if (Part<ProgrammeDefinition>(top) is null)
        {
            unreadable.Add(StudioTexts.Preview_ProgrammeUnreadable);
        }

        var read = new List<StageDefinition>();
        for (var s = 0; s < stages.Count; s++)
        {
            if (stages[s] is not JsonObject node)
            {
                unreadable.Add(Vocabulary.Format(StudioTexts.Preview_StageUnreadable, s + 1));
                continue;
            }

            var shell = (JsonObject)node.DeepClone();
            shell.Remove("tasks");
            shell.Remove("reports");
            var stage = Part<StageDefinition>(shell);
            if (stage is null)
            {
                shell.Remove("gate");
                stage = Part<StageDefinition>(shell) ?? new StageDefinition { Key = Text(node, "key"), Name = Text(node, "name") };
                unreadable.Add(Vocabulary.Format(StudioTexts.Preview_StageGateUnreadable, s + 1, stage.Name.Current));
            }

            var tasks = Items<TaskDefinition>(node["tasks"], Vocabulary.Format(StudioTexts.Preview_TaskIn, s + 1, stage.Name.Current), unreadable);
            var reports = Items<ReportDefinition>(node["reports"], Vocabulary.Format(StudioTexts.Preview_ReportIn, s + 1, stage.Name.Current), unreadable);
            read.Add(stage with { Tasks = tasks, Reports = reports });
        }

        return (new ProgrammeDefinition
        {
            Key = definition.Key, Version = definition.Version, Name = definition.Name, Description = definition.Description,
            Owners = definition.Owners, ParticipantKinds = definition.ParticipantKinds, Pauses = definition.Pauses, Stages = read,
        }, unreadable);
    }

    private static List<T> Items<T>(JsonNode? items, string what, List<string> unreadable) where T : class
    {
        var read = new List<T>();
        var list = items as JsonArray ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject item && Part<T>(item) is { } value)
            {
                read.Add(value);
            }
            else
            {
                unreadable.Add(list[i] is JsonObject o && Text(o, "name") is { Length: > 0 } name
                    ? Vocabulary.Format(StudioTexts.Preview_NamedItemUnreadable, what, i + 1, name)
                    : Vocabulary.Format(StudioTexts.Preview_ItemUnreadable, what, i + 1));
            }
        }

        return read;
    }

    private static T? Part<T>(JsonObject node) where T : class
    {
        try
        {
            return node.Deserialize<T>(Options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    private static string Text(JsonObject node, string name) =>
        node[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";
}
