using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Mvc.Filters;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages.Studio;

/// A page of the programme studio: for programme owners only. Every handler (GET and POST) of a
/// studio page answers 403 to anyone else, here in one place rather than in each handler.
public abstract class StudioPage(IMediator mediator, ICurrentUser user) : FormPage(mediator)
{
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!user.IsOwner)
        {
            context.Result = Forbid();
            return;
        }

        await next();
    }

    /// The tabs above a draft's pages: its stages by key and name as the draft's JSON has them now
    /// (a stage without a key, while the draft is being written, has no page of its own yet).
    public static DraftTabs Tabs(DraftView draft, string current) =>
        new(draft.Id, draft.Name.Length > 0 ? draft.Name : draft.Key, current, Stages(draft.Definition));

    public static IReadOnlyList<(string Key, string Name)> Stages(JsonElement definition) =>
        definition.ValueKind == JsonValueKind.Object && definition.TryGetProperty("stages", out var stages) && stages.ValueKind == JsonValueKind.Array
            ? [.. stages.EnumerateArray().Select(s => (Key: Text(s, "key"), Name: Text(s, "name"))).Where(s => s.Key.Length > 0)
                .Select(s => (s.Key, s.Name.Length > 0 ? s.Name : s.Key))]
            : [];

    /// The editor page where a validator problem can be fixed (<see cref="StudioLinks.ForProblem"/>).
    public static string PageFor(Guid draftId, string pointer, JsonElement definition) =>
        StudioLinks.ForProblem(draftId, pointer,
            definition.ValueKind == JsonValueKind.Object && definition.TryGetProperty("stages", out var stages) && stages.ValueKind == JsonValueKind.Array
                ? [.. stages.EnumerateArray().Select(s => Text(s, "key"))]
                : []);

    // A text in both standards is shown in the reader's (DraftEditor.Current).
    private static string Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Object
            ? DraftEditor.Current(System.Text.Json.Nodes.JsonNode.Parse(value.GetRawText()))
            : "";
}

/// The delete question under a draft: <see cref="DraftId"/> is posted when the page lists several drafts.
public sealed record DeleteDraftForm(Guid? DraftId, string Name, FieldErrors Errors);
