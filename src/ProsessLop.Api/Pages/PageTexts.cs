using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Pages;

/// The pages' vocabulary: one word for each status of a task, report and stage, in the reader's
/// standard (the core's Vocabulary, Words.resx / Words.nn.resx). A report is «levert» (submitted or
/// approved), never «fullført»; a withdrawn programme is «Trukket fra programmet».
public static class PageTexts
{
    public static string Withdrawn => Vocabulary.Withdrawn;

    public static string Stage(StageStatus status) => Vocabulary.Stage(status);

    public static string Task(TaskItemStatus status) => Vocabulary.Task(status);

    public static string Report(ReportStatus status) => Vocabulary.Report(status);

    public static string Action(ActionKind kind) => kind switch
    {
        ActionKind.StartTask => Texts.Action_StartTask,
        ActionKind.CompleteTask => Texts.Action_CompleteTask,
        ActionKind.ReopenTask => Texts.Action_ReopenTask,
        _ => kind.ToString(),
    };
}
