using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Pages.Studio;

/// A problem shown as a link: to the field on this page, or to the page where it is fixed.
public sealed record ProblemLink(string Text, string Href, string? Where = null);

/// What a control on a studio form needs: its spec, value and messages.
public sealed record FieldView(FieldSpec Spec, string Id, string Value, bool Checked, IReadOnlySet<string> Chosen, FieldErrors Errors, string? DescribedBy, string? Invalid)
{
    /// The nynorsk field beside a text in both standards; null for other fields.
    public FieldView? Nynorsk { get; init; }

    /// For a nynorsk field: the label of the text it belongs to (read out after «Nynorsk»).
    public string? Of { get; init; }

    /// The lang attribute of a text control: what is typed there is bokmål or nynorsk whatever the page's language.
    public string? Lang => Spec.Nynorsk ? "nn" : Spec.Both ? "nb" : null;

    public string? HintId => Spec.Hint is null ? null : Id + "-hint";
}

/// The editor's pages (owners only): each shows part of a draft as a form whose fields are named
/// by the JSON Pointers they write. A post applies those fields to the draft's current JSON, does
/// the one add / remove / move its button asked for, and saves it all as the next revision through
/// the API's SaveDraft (with the revision the form was loaded from, so a later save by someone
/// else is never silently undone). The validator's problems for this page then stand next to
/// their fields; the others are listed with links to their pages.
public abstract class DraftPage(IMediator mediator, ICurrentUser user) : FormPage(mediator)
{
    /// Where messages about the whole form go (a stale revision, a JSON error at the top).
    public const string FormKey = "utkast";

    /// How the forms write a draft: indented, Norwegian letters as they are (as DefinitionJson writes files).
    protected static readonly JsonSerializerOptions Written = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private Dictionary<string, FieldSpec> _specs = [];

    // Whether the form is shown again as posted (refused texts): fields then show what was typed.
    private bool _posted;

    private IReadOnlyList<string>? Posted(string name) =>
        Request.HasFormContentType && Request.Form.TryGetValue(name, out var values) ? values.Select(v => v ?? "").ToList() : null;

    [BindProperty(SupportsGet = true, Name = "id")]
    public Guid DraftId { get; set; }

    public DraftView Draft { get; private set; } = null!;

    /// The draft's JSON, or null when it is not an object the forms can show (fix it in the JSON view).
    public JsonObject? Root { get; private set; }

    public IReadOnlyList<FieldSpec> Specs { get; private set; } = [];

    /// Problems that are fixed on another of the draft's pages.
    public List<ProblemLink> Elsewhere { get; } = [];

    /// The calendar's warnings about this page's part (they never block publishing).
    public List<string> Notes { get; } = [];

    public abstract string Tab { get; }

    public DraftTabs Tabs => new(DraftId, Draft.Name, Tab, StagesOf(Root));

    public static IReadOnlyList<(string Key, string Name)> StagesOf(JsonObject? root) =>
        (DraftEditor.ArrayAt(root, "/stages") ?? []).OfType<JsonObject>()
            .Select(s => (DraftEditor.Str(s["key"]), DraftEditor.Current(s["name"], StudioTexts.Editor_Unnamed))).ToList();

    /// The fields this page shows, in order; null when what the page edits is not in the draft (404).
    protected abstract IReadOnlyList<FieldSpec>? Describe(JsonObject root);

    /// Whether a problem at this pointer is fixed on this page.
    protected abstract bool Owns(string pointer);

    /// Whether the page adds, removes and moves items of the array at this pointer.
    protected virtual bool Lists(string arrayPointer) => false;

    /// The new item for an "add" into the array at the pointer, with the message; null when this page adds no such thing.
    protected virtual (JsonNode Item, string Done)? NewItem(JsonObject root, string arrayPointer) => null;

    /// Before an item is removed: what else refers to it (a gate to a task) goes with it.
    protected virtual void Removing(JsonObject root, string pointer)
    {
    }

    /// After the fields were applied: keep references in step (a renamed task stays in its gate).
    protected virtual void Edited(JsonObject before, JsonObject after)
    {
    }

    /// Where to go after a save (a stage whose key changed has a new address); null stays here.
    protected virtual string? After(JsonObject saved) => null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadDraftAsync(ct) ?? Page();

    public virtual async Task<IActionResult> OnPostAsync(int revision, string? action, CancellationToken ct)
    {
        if (await LoadDraftAsync(ct) is { } stop)
        {
            return stop;
        }

        if (Root is null)
        {
            return Page();
        }

        var edited = (JsonObject)Root.DeepClone();
        DraftEditor.Apply(edited, Specs, Posted);
        Edited(Root, edited);
        if (TextChecks.Refuse(Specs, Posted) is { Count: > 0 } refused)
        {
            // Nothing is saved: the form comes back as it was posted, each message at its field.
            foreach (var (pointer, message) in refused)
            {
                ModelState.AddModelError(DraftEditor.FieldId(pointer), message);
            }

            ModelState.AddModelError(FormKey, StudioTexts.Editor_NotSaved);
            Root = edited;
            _posted = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var done = "";
        if (!string.IsNullOrEmpty(action))
        {
            if (Act(edited, action) is not { } acted)
            {
                ModelState.AddModelError(FormKey, StudioTexts.Editor_UnknownAction);
                return Page();
            }

            done = acted;
        }

        return await SaveAsync(edited.ToJsonString(Written) + "\n", revision, done, After(edited), ct);
    }

    /// Saves the JSON as the draft's next revision, made from <paramref name="revision"/>; then
    /// back to the page (post/redirect/get) with what happened, or — when someone saved in
    /// between — their revision shown with a message (409, as the API's 412).
    protected async Task<IActionResult> SaveAsync(string json, int revision, string done, string? redirect, CancellationToken ct)
    {
        var sent = await SendAsync(new SaveDraft(DraftId, json, revision), FormKey, ct);
        if (sent.Stop is { } refused)
        {
            return refused;
        }

        if (!sent.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            var errors = ModelState[FormKey]?.Errors.Select(e => e.ErrorMessage).ToList() ?? [];
            ModelState.Clear();
            await LoadDraftAsync(ct);
            foreach (var error in errors)
            {
                ModelState.AddModelError(FormKey, error);
            }

            return Page();
        }

        var problems = sent.Value.Problems.Count;
        Message = F(StudioTexts.Editor_Saved, sent.Value.Revision, done,
            problems == 0 ? StudioTexts.Editor_NoProblems : F(StudioTexts.Editor_Problems, problems));
        return Redirect(redirect ?? Request.Path);
    }

    // "add:/stages/0/tasks", "remove:/stages/0/tasks/1", "up:…", "down:…"; null when not this page's.
    private string? Act(JsonObject root, string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var (verb, pointer) = (action[..colon], action[(colon + 1)..]);
        if (verb == "add")
        {
            if (!Lists(pointer) || NewItem(root, pointer) is not { } added)
            {
                return null;
            }

            if (DraftEditor.ArrayAt(root, pointer) is { } array)
            {
                array.Add(added.Item);
            }
            else
            {
                DraftEditor.Set(root, pointer, new JsonArray(added.Item));
            }

            return added.Done + " ";
        }

        if (!pointer.Contains('/', StringComparison.Ordinal) || !Lists(DraftEditor.Split(pointer).Parent) || DraftEditor.ArrayAt(root, DraftEditor.Split(pointer).Parent) is null
            || DraftEditor.At(root, pointer) is null)
        {
            return null;
        }

        switch (verb)
        {
            case "remove":
                Removing(root, pointer);
                DraftEditor.Remove(root, pointer);
                return StudioTexts.Editor_Removed + " ";
            case "up":
                return DraftEditor.Move(root, pointer, -1) ? StudioTexts.Editor_MovedUp + " " : "";
            case "down":
                return DraftEditor.Move(root, pointer, +1) ? StudioTexts.Editor_MovedDown + " " : "";
            default:
                return null;
        }
    }

    /// Loads the draft and puts the validator's problems next to this page's fields; a result
    /// to answer with instead (403 for anyone but owners, 404) or null.
    protected async Task<IActionResult?> LoadDraftAsync(CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Forbid();
        }

        var found = await Mediator.Send(new GetDraft(DraftId), ct);
        if (!found.Succeeded)
        {
            return NotFound();
        }

        Draft = found.Value;
        Root = JsonNode.Parse(Draft.Definition.GetRawText()) as JsonObject;
        Elsewhere.Clear();
        Notes.Clear();
        if (Root is not null)
        {
            if (Describe(Root) is not { } specs)
            {
                return NotFound();
            }

            Specs = WithNynorsk(specs);
            _specs = Specs.ToDictionary(s => s.Pointer, StringComparer.Ordinal);
        }

        foreach (var problem in Draft.Problems)
        {
            if (Root is not null && Owns(problem.Pointer))
            {
                ModelState.AddModelError(Nearest(problem.Pointer), problem.Norwegian);
            }
            else
            {
                Elsewhere.Add(new(problem.Norwegian, PageFor(problem.Pointer), PageName(problem.Pointer)));
            }
        }

        Notes.AddRange(Draft.Warnings.Where(w => Owns(w.Pointer)).Select(w => w.Norwegian));
        return null;
    }

    // The field a pointer concerns: itself, or the nearest enclosing field or fieldset on the page.
    private string Nearest(string pointer)
    {
        for (var at = pointer; ; at = DraftEditor.Split(at).Parent)
        {
            if (_specs.ContainsKey(at))
            {
                return DraftEditor.FieldId(at);
            }

            if (at.Length == 0)
            {
                return FormKey;
            }
        }
    }

    /// The page of the draft where a problem at this pointer is fixed.
    public string PageFor(string pointer) =>
        Root is null ? StudioLinks.Json(DraftId) : StudioLinks.ForProblem(DraftId, pointer, [.. StagesOf(Root).Select(s => s.Key)]);

    private string PageName(string pointer) => PageFor(pointer) switch
    {
        var p when p == StudioLinks.Settings(DraftId) => StudioTexts.Tabs_Settings,
        var p when p == StudioLinks.Draft(DraftId) => StudioTexts.Tabs_About,
        var p when p == StudioLinks.Json(DraftId) => StudioTexts.Editor_Json,
        _ => F(StudioTexts.Tabs_Stage, DraftEditor.Current(DraftEditor.At(Root, "/stages/" + DraftEditor.Segments(pointer).ElementAt(1) + "/name"), StudioTexts.Editor_Unnamed)),
    };

    /// The error summary: the form's own messages, then each field's, in the page's order.
    public IReadOnlyList<ProblemLink> Summary() =>
        ErrorsFor(FormKey).Select(m => new ProblemLink(m, "#skjema"))
            .Concat(Specs.Select(s => DraftEditor.FieldId(s.Pointer)).Distinct()
                .SelectMany(id => ErrorsFor(id).Select(m => new ProblemLink(m, "#" + id))))
            .ToList();

    public FieldSpec Spec(string pointer) => _specs[pointer];

    // Every text in both standards gets its nynorsk field right after it, so it is applied after the bokmål.
    private static List<FieldSpec> WithNynorsk(IEnumerable<FieldSpec> specs) =>
        specs.SelectMany(s => s.Both
            ? [s, s with { Pointer = s.Pointer + "/nn", Label = StudioTexts.Editor_Nynorsk, Hint = NynorskHint(s), Both = false, Nynorsk = true, Default = null }]
            : new[] { s }).ToList();

    private static string NynorskHint(FieldSpec spec) => spec.Kind == FieldKind.Lines ? StudioTexts.Editor_NynorskLinesHint : StudioTexts.Editor_NynorskHint;

    /// What the _EditorField partial renders for the field at the pointer (with its nynorsk field, for a text in both standards).
    public FieldView Field(string pointer)
    {
        var spec = _specs[pointer];
        var id = DraftEditor.FieldId(pointer);
        var shown = _posted && spec.Kind is FieldKind.Text or FieldKind.OptionalText or FieldKind.TextArea or FieldKind.Lines && Posted(pointer) is [.., var typed]
            ? typed
            : DraftEditor.Shown(Root!, spec);
        return new FieldView(spec, id, shown, DraftEditor.IsChecked(Root!, spec), DraftEditor.Chosen(Root!, spec),
            Errors(id), DescribedBy(id, spec.Hint is null ? null : id + "-hint"), Invalid(id))
        {
            Nynorsk = spec.Both ? Field(pointer + "/nn") with { Of = spec.Label } : null,
        };
    }

    /// The id and messages of a fieldset (a stage, a task) that problems about the whole point at.
    public FieldErrors GroupErrors(string pointer) => Errors(DraftEditor.FieldId(pointer));

    protected static IReadOnlyList<(string, string)> Options(params (string Value, string Text)[] options) => options;

    // Properties, not fields: the words are the reader's, looked up on each request.
    public static IReadOnlyList<(string, string)> Anchors =>
        Options(("programmeStart", StudioTexts.Editor_FromProgrammeStart), ("stageStart", StudioTexts.Editor_FromStageStart));

    public static IReadOnlyList<(string, string)> Roles => Options(
        ("coordinator", StudioTexts.Editor_RoleCoordinator), ("participant", StudioTexts.Editor_RoleParticipant),
        ("owner", StudioTexts.Editor_RoleOwner), ("steeringGroup", StudioTexts.Editor_RoleSteeringGroup));

    /// A resource text with its blanks filled in the reader's culture.
    public static string F(string format, params object?[] args) => string.Format(System.Globalization.CultureInfo.CurrentCulture, format, args);
}

/// What the _ItemButtons partial needs: the item's pointer, its place in its list, and its name for screen readers.
public sealed record ItemButtons(string Pointer, int Index, int Count, string What);
