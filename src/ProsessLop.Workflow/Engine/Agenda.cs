using System.Globalization;
using System.Text.Json.Serialization;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Texts;

namespace ProsessLop.Workflow.Engine;

[JsonConverter(typeof(CamelCaseEnumConverter<AgendaKind>))]
public enum AgendaKind { Task, Report, Gate }

// One open item of a programme on a date. Whose turn it is decides the rest: an item waiting for
// the owner (a submitted report to review, a gate decision) is not the participant's deadline, so
// it is never overdue, reminded or put in a calendar.
public sealed record AgendaItem(
    AgendaKind Kind, string Key, string StageKey, string StageName, string Name, DateOnly Due,
    bool Required, ResponsibleRole Responsible, bool Overdue, bool DueSoon, bool AwaitingReview, bool Returned,
    TaskItemState? Task, ReportItemState? Report, IReadOnlyList<ItemAction> Actions)
{
    // The owner's move: a report to approve or return, a gate to decide.
    public bool OwnersTurn => AwaitingReview || Kind == AgendaKind.Gate;

    // A deadline the participant has to meet: what calendars show and reminders remind about.
    public bool IsDeadline => !OwnersTurn;
}

// A task on a person's list: open (on the agenda) or finished.
public sealed record PersonalTask(TaskItemState Task, string Name, bool Open, bool Overdue);

// A step the engine allows on an item now, with the roles whose step it is (ActionRoles).
public sealed record ItemAction(ActionKind Kind, IReadOnlyList<ActorRole> Roles);

// What is open in a programme on a date: the one answer to "what is open, due, overdue or
// awaiting review, what is it called and who may act on it". Derived status, the derived columns,
// the reminder sweep, status compilation, the calendar feeds, "my tasks", the overview and the
// programme page all ask it; none of them decides openness itself.
//
// The rules:
// - Only an active programme has open items: a completed or withdrawn one has none.
// - An item is open when it is not retired (a newer definition version removed it), not in a
//   stage already passed, and not finished: a task not done or excused, a report not delivered
//   (approved, excused, or submitted when it needs no approval). Items of stages not yet reached
//   are open: their deadlines still come.
// - Optional tasks are open like any other and have the same deadline, reminders and overdue
//   flag; only required work (required tasks, every report) counts for the programme's health and
//   for the status report's figures (Counts).
// - A submitted report waiting for approval is the owner's turn (AwaitingReview): the
//   participant has delivered, so it is not overdue and gets no reminder.
// - Overdue: the participant's turn and the deadline was before today. Due soon: not overdue, not
//   started (task open, report still a draft) and due within AtRiskWindowDays.
// - A gate whose owner decision is missing is the owner's item in the current stage, due at the
//   stage's planned end.
public sealed class Agenda
{
    // "Soon" means within a week: enough time to act before the deadline.
    public const int AtRiskWindowDays = 7;

    private Agenda(ProgrammeDefinition definition, ProgrammeState state, DateOnly today, IReadOnlyList<AgendaItem> items)
    {
        Definition = definition;
        State = state;
        Today = today;
        Items = items;
    }

    public ProgrammeDefinition Definition { get; }

    public ProgrammeState State { get; }

    public DateOnly Today { get; }

    // Open items in the state's order: tasks, then reports, then the gate.
    public IReadOnlyList<AgendaItem> Items { get; }

    // The participant's deadlines (tasks and reports): the calendar feeds, "my tasks" and the
    // reminder sweep's candidates.
    public IEnumerable<AgendaItem> Deadlines => Items.Where(i => i.IsDeadline);

    // What the reminder sweep reminds about: every deadline, optional tasks included.
    public IEnumerable<AgendaItem> ReminderCandidates => Deadlines;

    // The nearest deadline (past ones included): the programme's earliest_open_due column, which
    // the reminder sweep and the "overdue" filter read.
    public DateOnly? NextDue => Deadlines.Select(i => (DateOnly?)i.Due).Min();

    // «Neste frist» for people: the earliest deadline still ahead (today included). A late
    // programme's past deadlines are shown as overdue, not as what comes next.
    public DateOnly? NextUpcoming => Deadlines.Where(i => i.Due >= Today).Select(i => (DateOnly?)i.Due).Min();

    public int AwaitingReview => Items.Count(i => i.AwaitingReview);

    // Required work counts for health and status figures; optional tasks do not.
    public static bool Counts(AgendaItem item) => item.Required;

    public IEnumerable<AgendaItem> OverdueTasks => Items.Where(i => i.Kind == AgendaKind.Task && i.Overdue && Counts(i));

    public IEnumerable<AgendaItem> LateReports => Items.Where(i => i.Kind == AgendaKind.Report && i.Overdue);

    // Reports still to deliver before their deadline, in a stage under way.
    public IEnumerable<AgendaItem> ReportsDue => Items.Where(i => i.Kind == AgendaKind.Report && i.IsDeadline && !i.Overdue
        && State.Stage(i.StageKey) is { Status: StageStatus.Active });

    public IEnumerable<AgendaItem> ReportsAwaitingReview => Items.Where(i => i.AwaitingReview);

    // The events of a calendar feed: a participant's deadlines, or a person's assigned tasks.
    public IEnumerable<AgendaItem> Calendar(IReadOnlySet<string>? assignedTasks) =>
        assignedTasks is null ? Deadlines : Deadlines.Where(i => i.Kind == AgendaKind.Task && assignedTasks.Contains(i.Key));

    // "My tasks": a person's open tasks from the agenda, and their finished ones as history.
    // A task neither open nor finished (its stage was passed, the programme closed) is gone.
    public IEnumerable<PersonalTask> TasksOf(IReadOnlySet<string> assigned)
    {
        foreach (var task in State.Tasks)
        {
            if (!assigned.Contains(task.Key) || task.Retired)
            {
                continue;
            }

            if (Find(AgendaKind.Task, task.Key) is { } open)
            {
                yield return new(task, open.Name, true, open.Overdue);
            }
            else if (task.IsFinished)
            {
                yield return new(task, ItemNames.Task(Definition, task.Key), false, false);
            }
        }
    }

    public AgendaItem? Find(AgendaKind kind, string key) => Items.FirstOrDefault(i => i.Kind == kind && i.Key == key);

    // The agenda with the steps the engine allows on each item now (the programme page, "my tasks").
    public static Agenda Of(ProgrammeEngine engine, ProgrammeState state) =>
        Of(engine.Definition, state, engine.Today, engine.Actions(state));

    // Without actions: what status, the derived columns and the sweep need, on the hot path.
    public static Agenda Of(ProgrammeDefinition definition, ProgrammeState state, DateOnly today, IReadOnlyList<ActionCheck>? checks = null)
    {
        var items = new List<AgendaItem>();
        if (state.Status != ProgrammeStatus.Active)
        {
            return new(definition, state, today, items);
        }

        var actions = checks?.Where(c => c.Allowed).GroupBy(c => c.Action.Target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ItemAction>)[.. g.Select(c => new ItemAction(c.Action.Kind, ActionRoles.Who(c.Action.Kind)))], StringComparer.Ordinal);
        IReadOnlyList<ItemAction> ActionsOn(string target) => actions?.GetValueOrDefault(target) ?? [];

        var passed = PassedStages(state);
        var index = definition.Index;
        foreach (var task in state.Tasks)
        {
            if (task.Retired || task.IsFinished || passed.Contains(task.StageKey))
            {
                continue;
            }

            var overdue = task.Due < today;
            items.Add(new(AgendaKind.Task, task.Key, task.StageKey, ItemNames.Stage(definition, task.StageKey), index.TaskName(task.Key), task.Due,
                task.Required, index.Tasks.TryGetValue(task.Key, out var t) ? t.Task.ResponsibleRole : ResponsibleRole.Coordinator,
                overdue, !overdue && task.Status == TaskItemStatus.Open && Soon(task.Due, today), false, false,
                task, null, ActionsOn(task.Key)));
        }

        foreach (var report in state.Reports)
        {
            if (report.Retired || report.IsDelivered || passed.Contains(report.StageKey))
            {
                continue;
            }

            var awaiting = report.Status == ReportStatus.Submitted;
            var overdue = !awaiting && report.Due < today;
            items.Add(new(AgendaKind.Report, report.Key, report.StageKey, ItemNames.Stage(definition, report.StageKey), ItemNames.Report(definition, report), report.Due,
                true, ResponsibleRole.Coordinator, overdue, !overdue && report.Status == ReportStatus.Draft && Soon(report.Due, today), awaiting,
                report.Status == ReportStatus.Returned, null, report, ActionsOn(report.Key)));
        }

        if (state.CurrentStageIndex < state.Stages.Count && state.CurrentStageIndex < definition.Stages.Count)
        {
            var stage = state.Stages[state.CurrentStageIndex];
            var stageDefinition = definition.Stages[state.CurrentStageIndex];
            if (stage.Status == StageStatus.Active && stageDefinition.Gate.OwnerDecision && stage.OwnerDecisionOn is null)
            {
                items.Add(new(AgendaKind.Gate, stage.Key, stage.Key, stageDefinition.Name, Vocabulary.Format(Words.GateDecision, (string)stageDefinition.Name), stage.PlannedEnd,
                    true, ResponsibleRole.Owner, false, false, false, false, null, null, ActionsOn(stage.Key)));
            }
        }

        return new(definition, state, today, items);
    }

    private static HashSet<string> PassedStages(ProgrammeState state)
    {
        var passed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in state.Stages)
        {
            if (stage.Status == StageStatus.Completed)
            {
                passed.Add(stage.Key);
            }
        }

        return passed;
    }

    private static bool Soon(DateOnly due, DateOnly today) => due.DayNumber - today.DayNumber <= AtRiskWindowDays;
}

// How people see items: the definition's names, a recurring report's occurrence numbered
// ("Statusrapport 3"), the key when a newer version removed the item. The one place names are made.
public static class ItemNames
{
    public static string Task(ProgrammeDefinition definition, string key) => definition.Index.TaskName(key);

    public static string Report(ProgrammeDefinition definition, ReportItemState report) => ReportIn(definition, report, Bokmal);

    // The two ways a name is read: bokmål (columns, journals) or the reader's standard (views).
    private static readonly Func<LocalizedText, string> Bokmal = text => text.Nb;
    private static readonly Func<LocalizedText, string> Reader = text => text.Current;

    // A report item by its state, a recurring one numbered ("Statusrapport 3"); its key when the
    // definition no longer knows it.
    private static string ReportIn(ProgrammeDefinition definition, ReportItemState report, Func<LocalizedText, string> read)
    {
        var name = definition.Index.Reports.TryGetValue(report.ReportKey, out var r) ? read(r.Report.Name) : report.ReportKey;
        return report.Key == report.ReportKey ? name : $"{name} {report.Occurrence.ToString(CultureInfo.InvariantCulture)}";
    }

    // A report or occurrence by its key alone ("statusrapport#3"), or null.
    private static string? ReportByKey(ProgrammeDefinition definition, string key, Func<LocalizedText, string> read)
    {
        var hash = key.IndexOf('#', StringComparison.Ordinal);
        return definition.Index.Reports.TryGetValue(hash < 0 ? key : key[..hash], out var r)
            ? hash < 0 ? read(r.Report.Name) : $"{read(r.Report.Name)} {key[(hash + 1)..]}"
            : null;
    }

    // A reminder candidate's name from its key and kind alone, as the agenda names it: a task by
    // the index (index.TaskName, as the agenda's task items), a report occurrence as
    // ItemNames.Report does, from the key the schedule gives it ("{ReportKey}#{Occurrence}",
    // ProgrammeSchedule; the report's own key when it is not recurring). So the reminder sweep
    // need not fetch a name per item from the database (ReminderScheduleTests checks every
    // candidate of randomly worked programmes).
    public static string Candidate(ProgrammeDefinition definition, string key, bool isTask) =>
        isTask ? definition.Index.TaskName(key) : KnownReport(definition, key) ?? key;

    // Any item of a programme by its key (a task, or a report occurrence the state holds); the
    // key when neither is known any more.
    public static string Item(ProgrammeDefinition definition, ProgrammeState state, string key) =>
        state.Report(key) is { } report ? Report(definition, report) : Task(definition, key);

    public static string Stage(ProgrammeDefinition definition, string key) => KnownStage(definition, key) ?? key;

    // The same names in the reader's standard (the current UI culture), for views. The names above
    // stay bokmål: they go into derived columns and journals written whoever's request it is.
    public static string ReadTask(ProgrammeDefinition definition, string key) =>
        definition.Index.Tasks.TryGetValue(key, out var t) ? t.Task.Name.Current : key;

    /// An agenda item's name in the reader's standard (the agenda's own names are bokmål, as above).
    public static string Read(ProgrammeDefinition definition, AgendaItem item) => item.Kind switch
    {
        AgendaKind.Task => ReadTask(definition, item.Key),
        AgendaKind.Report when item.Report is { } report => ReadReport(definition, report),
        AgendaKind.Gate when definition.Index.Stages.TryGetValue(item.Key, out var stage) => Vocabulary.Format(Words.GateDecision, stage.Name.Current),
        _ => item.Name,
    };

    public static string ReadReport(ProgrammeDefinition definition, ReportItemState report) => ReportIn(definition, report, Reader);

    /// A stage's name in the reader's standard; null when the definition does not know the key.
    public static string? ReadKnownStage(ProgrammeDefinition definition, string key) =>
        definition.Index.Stages.TryGetValue(key, out var stage) ? stage.Name.Current : null;

    /// A task or report occurrence by its key alone, in the reader's standard; null when the
    /// definition knows neither (a compiled snapshot's item, read again later).
    public static string? ReadKnown(ProgrammeDefinition definition, string key) =>
        definition.Index.Tasks.TryGetValue(key, out var t) ? t.Task.Name.Current : ReportByKey(definition, key, Reader);

    // The same names, or null for a key the definition does not know (callers that try several kinds).
    public static string? KnownTask(ProgrammeDefinition definition, string key) =>
        definition.Index.Tasks.TryGetValue(key, out var t) ? t.Task.Name : null;

    public static string? KnownStage(ProgrammeDefinition definition, string key) =>
        definition.Index.Stages.TryGetValue(key, out var stage) ? stage.Name : null;

    /// A report or occurrence by its key alone ("statusrapport#3" → "Statusrapport 3"), e.g. one a
    /// newer version no longer holds.
    public static string? KnownReport(ProgrammeDefinition definition, string key) => ReportByKey(definition, key, Bokmal);

    public static string? KnownSection(ProgrammeDefinition definition, string reportKey, string sectionKey) =>
        definition.Index.Reports.TryGetValue(reportKey, out var r) ? r.Report.Sections.FirstOrDefault(s => s.Key == sectionKey)?.Title : null;
}
