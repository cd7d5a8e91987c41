using ProsessLop.Workflow.Texts;

namespace ProsessLop.Workflow.Engine;

// The words people read for states, once: the core's reasons use them, and the host's page and
// status texts (PageTexts, StatusTexts) take them from here, so a mail, a page and a reason
// never name one state two ways. The words themselves live in Texts/Words.resx (bokmål) and
// Words.nn.resx (nynorsk); the current UI culture picks one.
public static class Vocabulary
{
    // A programme the owner ended (never «avsluttet»: that is what a stage does).
    public static string Withdrawn => Words.Withdrawn;

    // A task no one has started (never «ikke påbegynt»).
    public static string TaskNotStarted => Words.TaskNotStarted;

    public static string TaskInProgress => Words.TaskInProgress;

    // What a finished item is: a task is «fullført», a report is «levert» (submitted or approved).
    public static string Finished(bool isTask) => isTask ? Words.TaskFinished : Words.ReportFinished;

    // What starting an item is: a task is «startet», a report «sendt inn».
    public static string Started(bool isTask) => isTask ? Words.TaskStarted : Words.ReportStarted;

    public static string Stage(StageStatus status) => status switch
    {
        StageStatus.Locked => Words.StageLocked,
        StageStatus.Active => Words.StageActive,
        _ => Words.StageCompleted,
    };

    public static string Task(TaskItemStatus status) => status switch
    {
        TaskItemStatus.Open => Words.TaskNotStarted,
        TaskItemStatus.InProgress => Words.TaskInProgress,
        TaskItemStatus.Done => Words.TaskDone,
        _ => Words.NotApplicable,
    };

    public static string Report(ReportStatus status) => status switch
    {
        ReportStatus.Draft => Words.ReportDraft,
        ReportStatus.Submitted => Words.ReportSubmitted,
        ReportStatus.Approved => Words.ReportApproved,
        ReportStatus.Returned => Words.ReportReturnedStatus,
        _ => Words.NotApplicable,
    };

    public static string Health(Health health) => health switch
    {
        Engine.Health.NotStarted => Words.HealthNotStarted,
        Engine.Health.OnTrack => Words.HealthOnTrack,
        Engine.Health.AtRisk => Words.HealthAtRisk,
        Engine.Health.Late => Words.HealthLate,
        Engine.Health.Done => Words.HealthDone,
        _ => Words.Withdrawn,
    };

    public static string Programme(ProgrammeStatus status) => status switch
    {
        ProgrammeStatus.Active => Words.ProgrammeActive,
        ProgrammeStatus.Completed => Words.ProgrammeDone,
        _ => Words.Withdrawn,
    };

    /// A text with its blanks filled, numbers and dates in the current culture.
    public static string Format(string text, params object?[] args) => string.Format(System.Globalization.CultureInfo.CurrentCulture, text, args);
}
