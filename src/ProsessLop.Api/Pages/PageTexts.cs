using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Pages;

/// The pages' vocabulary: one Norwegian word for each status of a task, report and stage.
/// A report is «levert» (submitted or approved), never «fullført»; a withdrawn programme is
/// «Trukket fra programmet» (StatusTexts, shared with the status report and its export).
public static class PageTexts
{
    public const string Withdrawn = Features.StatusReports.StatusTexts.WithdrawnLabel;

    public static string Stage(StageStatus status) => status switch
    {
        StageStatus.Locked => "Ikke startet",
        StageStatus.Active => "Pågår",
        _ => "Fullført",
    };

    public static string Task(TaskItemStatus status) => status switch
    {
        TaskItemStatus.Open => Vocabulary.TaskNotStarted,
        TaskItemStatus.InProgress => Vocabulary.TaskInProgress,
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
