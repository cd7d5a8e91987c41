namespace ProsessLop.Api.Pages.Studio;

/// Every address in the programme studio, in one place: the pages link to each other through
/// these, so a route changes here and nowhere else.
public static class StudioLinks
{
    /// Drafts and published versions; start a new draft.
    public const string Home = "/studio";
    public const string New = "/studio/nytt";

    /// The draft's metadata (name, owners, description) — the editor's first page.
    public static string Draft(Guid id) => $"/studio/utkast/{id}";

    /// Pauses, reminder policy and status compilation.
    public static string Settings(Guid id) => $"/studio/utkast/{id}/innstillinger";

    /// One stage with its tasks, reports and gate.
    public static string Stage(Guid id, string stageKey) => $"/studio/utkast/{id}/fase/{Uri.EscapeDataString(stageKey)}";

    /// The definition as JSON (the advanced view).
    public static string Json(Guid id) => $"/studio/utkast/{id}/json";

    public static string Diagram(Guid id) => $"/studio/utkast/{id}/diagram";
    public static string Calendar(Guid id) => $"/studio/utkast/{id}/kalender";

    /// Revisions and the diff against the base version, in words.
    public static string Changes(Guid id) => $"/studio/utkast/{id}/endringer";

    /// Impact on running programmes, approval (four eyes) and publishing.
    public static string Publish(Guid id) => $"/studio/utkast/{id}/publiser";

    /// The editor page where a validator problem at this JSON Pointer is fixed: a stage's page for
    /// anything under /stages/N (when that stage has a key, i.e. a page), the settings page for
    /// pauses, reminders and status compilation, else the draft's first page. One rule for every
    /// studio page that links a problem; <paramref name="stageKeys"/> are the draft's stage keys by index.
    public static string ForProblem(Guid id, string pointer, IReadOnlyList<string> stageKeys)
    {
        var parts = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is ["stages", var index, ..] && int.TryParse(index, out var i) && i >= 0 && i < stageKeys.Count && stageKeys[i].Length > 0)
        {
            return Stage(id, stageKeys[i]);
        }

        return parts is ["pauses" or "reminders" or "statusCompilation", ..] ? Settings(id) : Draft(id);
    }

    /// After publishing: move running programmes to the version.
    public static string Migrate(string key, int version) => $"/studio/{Uri.EscapeDataString(key)}/{version}/flytt";
}

/// The tabs above every draft page; <see cref="Current"/> is the tab shown (aria-current).
public sealed record DraftTabs(Guid DraftId, string DraftName, string Current, IReadOnlyList<(string Key, string Name)> Stages);
