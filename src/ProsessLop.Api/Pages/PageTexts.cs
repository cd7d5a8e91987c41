using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Pages;

/// Norwegian words for the statuses of tasks and reports, as people read them on the pages.
public static class PageTexts
{
    public static string Task(TaskItemStatus status) => status switch
    {
        TaskItemStatus.Open => "Ikke startet",
        TaskItemStatus.InProgress => "Pågår",
        TaskItemStatus.Done => "Fullført",
        _ => "Ikke aktuell",
    };

    public static string Report(ReportStatus status) => status switch
    {
        ReportStatus.Draft => "Utkast",
        ReportStatus.Submitted => "Sendt inn, venter på vurdering",
        ReportStatus.Approved => "Godkjent",
        ReportStatus.Returned => "Sendt tilbake",
        _ => "Ikke aktuell",
    };

    public static string Action(ActionKind kind) => kind switch
    {
        ActionKind.StartTask => "Start",
        ActionKind.CompleteTask => "Fullfør",
        ActionKind.ReopenTask => "Gjenåpne",
        _ => kind.ToString(),
    };
}
