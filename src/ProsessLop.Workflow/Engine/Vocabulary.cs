namespace ProsessLop.Workflow.Engine;

// The words people read for states, once: the core's reasons use them, and the host's page and
// status texts (PageTexts, StatusTexts) take them from here, so a mail, a page and a reason
// never name one state two ways.
public static class Vocabulary
{
    // A programme the owner ended (never «avsluttet»: that is what a stage does).
    public const string Withdrawn = "Trukket fra programmet";

    // A task no one has started (never «ikke påbegynt»).
    public const string TaskNotStarted = "Ikke startet";

    public const string TaskInProgress = "Pågår";

    // What a finished item is: a task is «fullført», a report is «levert» (submitted or approved).
    public static string Finished(bool isTask) => isTask ? "fullført" : "levert";

    // What starting an item is: a task is «startet», a report «sendt inn».
    public static string Started(bool isTask) => isTask ? "startet" : "sendt inn";
}
