namespace ProsessLop.Api.Pages;

/// Links people open from a mail or a calendar: always a page (sign-in cookie), never an /api
/// endpoint, which takes bearer tokens only and would answer a browser 401.
public static class PageLinks
{
    /// One programme in full, for everyone who may read it.
    public static string Programme(string baseUrl, Guid programmeId) => $"{Root(baseUrl)}/deltaker/{programmeId}";

    /// A task on the page where its assignee works it.
    public static string MyTask(string baseUrl, Guid programmeId, string taskKey) =>
        $"{Root(baseUrl)}/min-kommune#{MinKommuneModel.TaskForm(programmeId, taskKey)}";

    /// A participant's people and roles (relative: only pages link here).
    public static string Access(string participantId) => $"/tilgang/{Uri.EscapeDataString(participantId)}";

    public static string StatusReport(string baseUrl, Guid snapshotId) => $"{Root(baseUrl)}/statusrapport/{snapshotId}";

    private static string Root(string baseUrl) => baseUrl.TrimEnd('/');
}
