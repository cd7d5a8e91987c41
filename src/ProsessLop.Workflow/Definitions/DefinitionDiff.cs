using System.Globalization;
using System.Text.Json.Serialization;
using W = ProsessLop.Workflow.Texts.DefinitionWords;

namespace ProsessLop.Workflow.Definitions;

[JsonConverter(typeof(CamelCaseEnumConverter<DefinitionChangeKind>))]
public enum DefinitionChangeKind { Added, Removed, Renamed, Moved, Changed }

[JsonConverter(typeof(CamelCaseEnumConverter<DefinitionChangeSubject>))]
public enum DefinitionChangeSubject { Definition, Stage, Gate, Task, Report }

// One change, in the words a programme owner reads («oppgave «X» flyttet fra Kartlegging til
// Samskaping»), in the current UI culture's standard (a diff is worked out per request, never kept). Key is the item's key in the new version (the old one for a removed item).
public sealed record DefinitionChange(DefinitionChangeKind Kind, DefinitionChangeSubject Subject, string Key, string Text);

// What a draft changes compared with the version it started from, for people rather than as
// JSON. Items are matched as migration matches them: by key, or by the new version's renamedFrom.
// The lines come grouped by stage in the new version's order, definition-wide changes first.
public static class DefinitionDiff
{
    public static IReadOnlyList<DefinitionChange> Compare(ProgrammeDefinition? before, ProgrammeDefinition after)
    {
        var changes = new List<(int Group, DefinitionChange Change)>();
        if (before is null)
        {
            changes.Add((-1, new(DefinitionChangeKind.Added, DefinitionChangeSubject.Definition, after.Key, F(W.Diff_NewDefinition, N(after.Name)))));
            before = new ProgrammeDefinition { Key = after.Key, Name = after.Name, Description = after.Description, Owners = after.Owners, ParticipantKinds = after.ParticipantKinds };
        }

        var group = new Func<string, int>(stageKey =>
        {
            var index = IndexOf(after.Stages, stageKey);
            return index >= 0 ? index : after.Stages.Count + IndexOf(before.Stages, stageKey);
        });

        void Add(int g, DefinitionChangeKind kind, DefinitionChangeSubject subject, string key, string text) =>
            changes.Add((g, new(kind, subject, key, text)));

        CompareDefinition(before, after, (kind, text) => Add(-1, kind, DefinitionChangeSubject.Definition, after.Key, text));
        if (NynorskChanges(before, after) is var nynorsk and > 0)
        {
            Add(-1, DefinitionChangeKind.Changed, DefinitionChangeSubject.Definition, after.Key, nynorsk == 1 ? W.Diff_NynorskOne : F(W.Diff_NynorskMany, nynorsk));
        }

        var taskRenames = Renames(after, s => s.Tasks.Select(t => (t.Key, t.RenamedFrom)), before.Index.Tasks.ContainsKey);
        var reportRenames = Renames(after, s => s.Reports.Select(r => (r.Key, r.RenamedFrom)), before.Index.Reports.ContainsKey);

        foreach (var stage in after.Stages)
        {
            var g = group(stage.Key);
            if (!before.Index.Stages.TryGetValue(stage.Key, out var old))
            {
                Add(g, DefinitionChangeKind.Added, DefinitionChangeSubject.Stage, stage.Key, F(W.Diff_StageAdded, N(stage.Name), Weeks(stage)));
                continue;
            }
            CompareStage(old, stage, (kind, text) => Add(g, kind, DefinitionChangeSubject.Stage, stage.Key, text));
            CompareGate(before, after, old, stage, taskRenames, reportRenames, (kind, text) => Add(g, kind, DefinitionChangeSubject.Gate, stage.Key, text));
        }
        foreach (var stage in before.Stages.Where(s => !after.Index.Stages.ContainsKey(s.Key)))
        {
            Add(group(stage.Key), DefinitionChangeKind.Removed, DefinitionChangeSubject.Stage, stage.Key, F(W.Diff_StageRemoved, N(stage.Name)));
        }

        CompareItems(before.Index.Tasks.Values.Select(t => (t.Stage, Item: (object)t.Task)), after.Index.Tasks.Values.Select(t => (t.Stage, Item: (object)t.Task)),
            taskRenames, DefinitionChangeSubject.Task, group, Add);
        CompareItems(before.Index.Reports.Values.Select(r => (r.Stage, Item: (object)r.Report)), after.Index.Reports.Values.Select(r => (r.Stage, Item: (object)r.Report)),
            reportRenames, DefinitionChangeSubject.Report, group, Add);

        return [.. changes.Select((c, i) => (c, i)).OrderBy(x => x.c.Group).ThenBy(x => x.i).Select(x => x.c.Change)];
    }

    // New key → old key, for items whose renamedFrom names a key of the old version.
    private static Dictionary<string, string> Renames(ProgrammeDefinition after, Func<StageDefinition, IEnumerable<(string Key, string? RenamedFrom)>> items, Func<string, bool> existedBefore) =>
        after.Stages.SelectMany(items)
            .Where(i => i.RenamedFrom is { } old && existedBefore(old) && !existedBefore(i.Key))
            .GroupBy(i => i.Key).ToDictionary(g => g.Key, g => g.First().RenamedFrom!, StringComparer.Ordinal);

    private static void CompareItems(
        IEnumerable<(StageDefinition Stage, object Item)> beforeItems,
        IEnumerable<(StageDefinition Stage, object Item)> afterItems,
        Dictionary<string, string> renames,
        DefinitionChangeSubject subject,
        Func<string, int> group,
        Action<int, DefinitionChangeKind, DefinitionChangeSubject, string, string> add)
    {
        var noun = subject == DefinitionChangeSubject.Task ? W.Diff_Task : W.Diff_Report;
        var old = beforeItems.ToDictionary(i => Key(i.Item), StringComparer.Ordinal);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (stage, item) in afterItems.OrderBy(i => group(i.Stage.Key)))
        {
            var key = Key(item);
            var g = group(stage.Key);
            void Say(DefinitionChangeKind kind, string text) => add(g, kind, subject, key, text);
            var oldKey = old.ContainsKey(key) ? key : renames.GetValueOrDefault(key);
            if (oldKey is null || !old.TryGetValue(oldKey, out var previous))
            {
                Say(DefinitionChangeKind.Added, F(W.Diff_ItemAdded, noun, Shown(item), N(stage.Name)));
                continue;
            }
            matched.Add(oldKey);
            var name = Name(item);
            var shown = Shown(item);
            if (oldKey != key)
            {
                Say(DefinitionChangeKind.Renamed, F(W.Diff_ItemNewKey, noun, shown, key, oldKey));
            }
            if (Name(previous.Item) != name)
            {
                Say(DefinitionChangeKind.Renamed, F(W.Diff_ItemRenamed, noun, Shown(previous.Item), shown));
            }
            if (previous.Stage.Key != stage.Key)
            {
                Say(DefinitionChangeKind.Moved, F(W.Diff_ItemMoved, noun, shown, N(previous.Stage.Name), N(stage.Name)));
            }
            if (Description(previous.Item) != Description(item))
            {
                Say(DefinitionChangeKind.Changed, F(W.Diff_ItemDescription, noun, shown));
            }
            switch (previous.Item, item)
            {
                case (TaskDefinition p, TaskDefinition t):
                    CompareTask(p, t, F(W.Diff_Item, noun, shown), Say);
                    break;
                case (ReportDefinition p, ReportDefinition r):
                    CompareReport(p, r, F(W.Diff_Item, noun, shown), Say);
                    break;
            }
        }
        foreach (var (key, (stage, item)) in old.Where(o => !matched.Contains(o.Key)))
        {
            add(group(stage.Key), DefinitionChangeKind.Removed, subject, key, F(W.Diff_ItemRemoved, noun, Shown(item), N(stage.Name)));
        }
    }

    private static void CompareTask(TaskDefinition before, TaskDefinition after, string what, Action<DefinitionChangeKind, string> say)
    {
        CompareDeadline(before.Deadline, after.Deadline, what, say);
        if (before.Required != after.Required)
        {
            say(DefinitionChangeKind.Changed, F(after.Required ? W.Diff_NowRequired : W.Diff_NowOptional, what));
        }
        if (before.ResponsibleRole != after.ResponsibleRole)
        {
            say(DefinitionChangeKind.Changed, F(W.Diff_Responsible, what, RoleName(before.ResponsibleRole), RoleName(after.ResponsibleRole)));
        }
    }

    private static void CompareReport(ReportDefinition before, ReportDefinition after, string what, Action<DefinitionChangeKind, string> say)
    {
        if (before.Deadline is not null && after.Deadline is not null || before.Recurrence is null && after.Recurrence is null)
        {
            CompareDeadline(before.Deadline, after.Deadline, what, say);
        }
        else if (before.Recurrence != after.Recurrence || before.Deadline != after.Deadline)
        {
            var from = before.Recurrence is { } r ? Recurring(r) : Due(before.Deadline);
            var to = after.Recurrence is { } s ? Recurring(s) : Due(after.Deadline);
            say(DefinitionChangeKind.Changed, F(W.Diff_Schedule, what, from, to));
        }
        if (before.RequiresApproval != after.RequiresApproval)
        {
            say(DefinitionChangeKind.Changed, F(after.RequiresApproval ? W.Diff_NowApproval : W.Diff_NoApproval, what));
        }
        if (before.PublicByDefault != after.PublicByDefault)
        {
            say(DefinitionChangeKind.Changed, after.PublicByDefault
                ? F(W.Diff_NowPublic, what)
                : F(W.Diff_NowExempt, what, after.ExemptionBasis));
        }
        else if (!after.PublicByDefault && before.ExemptionBasis != after.ExemptionBasis)
        {
            say(DefinitionChangeKind.Changed, F(W.Diff_Basis, what, before.ExemptionBasis, after.ExemptionBasis));
        }

        var oldSections = before.Sections.ToDictionary(s => s.Key, StringComparer.Ordinal);
        foreach (var section in after.Sections)
        {
            if (!oldSections.TryGetValue(section.Key, out var old))
            {
                say(DefinitionChangeKind.Added, F(W.Diff_SectionAdded, what, N(section.Title)));
                continue;
            }
            if (!SameWords(old.Title, section.Title))
            {
                say(DefinitionChangeKind.Renamed, F(W.Diff_SectionRenamed, N(old.Title), what, N(section.Title)));
            }
            if (!SameWords(old.Guidance, section.Guidance))
            {
                say(DefinitionChangeKind.Changed, F(W.Diff_SectionGuidance, N(section.Title), what));
            }
        }
        foreach (var removed in before.Sections.Where(s => after.Sections.All(a => a.Key != s.Key)))
        {
            say(DefinitionChangeKind.Removed, F(W.Diff_SectionRemoved, what, N(removed.Title)));
        }
    }

    private static void CompareDeadline(Deadline? before, Deadline? after, string what, Action<DefinitionChangeKind, string> say)
    {
        switch (before, after)
        {
            case ({ } b, { } a) when b != a:
                say(DefinitionChangeKind.Changed, F(W.Diff_Deadline, what, When(b), When(a)));
                break;
            case (null, { } a):
                say(DefinitionChangeKind.Changed, F(W.Diff_DeadlineAdded, what, When(a)));
                break;
            case ({ } b, null):
                say(DefinitionChangeKind.Changed, F(W.Diff_DeadlineRemoved, what, When(b)));
                break;
        }
    }

    private static void CompareStage(StageDefinition before, StageDefinition after, Action<DefinitionChangeKind, string> say)
    {
        if (!SameWords(before.Name, after.Name))
        {
            say(DefinitionChangeKind.Renamed, F(W.Diff_StageRenamed, N(before.Name), N(after.Name)));
        }
        if (before.StartWeek != after.StartWeek || before.EndWeek != after.EndWeek)
        {
            say(DefinitionChangeKind.Changed, F(W.Diff_StageWeeks, N(after.Name), Weeks(after), Weeks(before)));
        }
        if (!SameWords(before.Description, after.Description))
        {
            say(DefinitionChangeKind.Changed, F(W.Diff_StageDescription, N(after.Name)));
        }
        if (!before.ReflectionPrompts.Select(p => p.Nb).SequenceEqual(after.ReflectionPrompts.Select(p => p.Nb)))
        {
            say(DefinitionChangeKind.Changed, F(W.Diff_StagePrompts, N(after.Name)));
        }
    }

    private static void CompareGate(
        ProgrammeDefinition beforeDefinition, ProgrammeDefinition afterDefinition, StageDefinition before, StageDefinition after,
        Dictionary<string, string> taskRenames, Dictionary<string, string> reportRenames, Action<DefinitionChangeKind, string> say)
    {
        var gate = F(W.Diff_Gate, N(after.Name));
        void Keys(IReadOnlyList<string> old, IReadOnlyList<string> now, Dictionary<string, string> renames, string noun, Func<string, string> oldName, Func<string, string> newName)
        {
            // An item renamed by renamedFrom is the same item in the gate.
            var previous = old.ToHashSet(StringComparer.Ordinal);
            var current = now.Select(k => renames.GetValueOrDefault(k) is { } o && previous.Contains(o) ? o : k).ToList();
            for (var i = 0; i < now.Count; i++)
            {
                if (!previous.Contains(current[i]))
                {
                    say(DefinitionChangeKind.Added, F(W.Diff_GateWaits, gate, noun, newName(now[i])));
                }
            }
            foreach (var key in old.Where(k => !current.Contains(k)))
            {
                say(DefinitionChangeKind.Removed, F(W.Diff_GateNoLongerWaits, gate, noun, oldName(key)));
            }
        }

        Keys(before.Gate.RequiredTasks, after.Gate.RequiredTasks, taskRenames, W.Diff_Task, beforeDefinition.Index.TaskName, afterDefinition.Index.TaskName);
        Keys(before.Gate.ApprovedReports, after.Gate.ApprovedReports, reportRenames, W.Diff_ApprovedReport, beforeDefinition.Index.ReportName, afterDefinition.Index.ReportName);
        if (before.Gate.OwnerDecision != after.Gate.OwnerDecision)
        {
            say(DefinitionChangeKind.Changed, F(after.Gate.OwnerDecision ? W.Diff_GateDecision : W.Diff_GateNoDecision, gate));
        }
    }

    private static void CompareDefinition(ProgrammeDefinition before, ProgrammeDefinition after, Action<DefinitionChangeKind, string> say)
    {
        if (before.Key != after.Key)
        {
            say(DefinitionChangeKind.Renamed, F(W.Diff_Key, before.Key, after.Key));
        }
        if (!SameWords(before.Name, after.Name))
        {
            say(DefinitionChangeKind.Renamed, F(W.Diff_ProgrammeRenamed, N(after.Name), N(before.Name)));
        }
        if (!SameWords(before.Description, after.Description))
        {
            say(DefinitionChangeKind.Changed, W.Diff_ProgrammeDescription);
        }
        foreach (var owner in after.Owners.Except(before.Owners))
        {
            say(DefinitionChangeKind.Added, F(W.Diff_OwnerAdded, owner));
        }
        foreach (var owner in before.Owners.Except(after.Owners))
        {
            say(DefinitionChangeKind.Removed, F(W.Diff_OwnerRemoved, owner));
        }
        foreach (var kind in after.ParticipantKinds.Except(before.ParticipantKinds))
        {
            say(DefinitionChangeKind.Added, F(W.Diff_KindAdded, Kind(kind)));
        }
        foreach (var kind in before.ParticipantKinds.Except(after.ParticipantKinds))
        {
            say(DefinitionChangeKind.Removed, F(W.Diff_KindRemoved, Kind(kind)));
        }
        if (before.CoordinatorsMayAppointCoordinators != after.CoordinatorsMayAppointCoordinators)
        {
            say(DefinitionChangeKind.Changed, after.CoordinatorsMayAppointCoordinators
                ? W.Diff_CoordinatorsMay
                : W.Diff_CoordinatorsMayNot);
        }

        var oldPauses = before.Pauses.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var pause in after.Pauses)
        {
            if (!oldPauses.TryGetValue(pause.Name, out var old))
            {
                say(DefinitionChangeKind.Added, F(W.Diff_PauseAdded, pause.Name, Period(pause)));
            }
            else if (old.From != pause.From || old.To != pause.To)
            {
                say(DefinitionChangeKind.Changed, F(W.Diff_PauseChanged, pause.Name, Period(old), Period(pause)));
            }
        }
        foreach (var pause in before.Pauses.Where(p => after.Pauses.All(a => a.Name != p.Name)))
        {
            say(DefinitionChangeKind.Removed, F(W.Diff_PauseRemoved, pause.Name));
        }

        CompareReminders(before.Reminders, after.Reminders, say);
        CompareStatusCompilation(before.StatusCompilation, after.StatusCompilation, say);
    }

    private static void CompareReminders(ReminderPolicy? before, ReminderPolicy? after, Action<DefinitionChangeKind, string> say)
    {
        switch (before, after)
        {
            case (null, null):
                return;
            case (null, not null):
                say(DefinitionChangeKind.Added, W.Diff_RemindersOn);
                return;
            case (not null, null):
                say(DefinitionChangeKind.Removed, W.Diff_RemindersOff);
                return;
        }
        void Change(string what, string from, string to)
        {
            if (from != to)
            {
                say(DefinitionChangeKind.Changed, F(W.Diff_Changed, what, from, to));
            }
        }
        Change(W.Diff_RemindersBefore, Days(before.DaysBefore), Days(after.DaysBefore));
        Change(W.Diff_RemindersAfter, Days(afterDeadline: true, before.DaysAfter), Days(afterDeadline: true, after.DaysAfter));
        Change(W.Diff_RepeatOverdue, Every(before.RepeatEveryDays), Every(after.RepeatEveryDays));
        Change(W.Diff_RepeatLimit, Number(before.RepeatLimit), Number(after.RepeatLimit));
        Change(W.Diff_Escalation, F(W.Diff_EscalationAfter, Number(before.EscalateAfterDays)), F(W.Diff_EscalationAfter, Number(after.EscalateAfterDays)));
        Change(W.Diff_EscalationTo, List(before.EscalateTo), List(after.EscalateTo));
    }

    private static void CompareStatusCompilation(StatusCompilationPolicy? before, StatusCompilationPolicy? after, Action<DefinitionChangeKind, string> say)
    {
        switch (before, after)
        {
            case (null, null):
                return;
            case (null, { } a):
                say(DefinitionChangeKind.Added, F(W.Diff_CompilationAdded, When(a)));
                return;
            case (not null, null):
                say(DefinitionChangeKind.Removed, W.Diff_CompilationRemoved);
                return;
        }
        if (When(before) != When(after))
        {
            say(DefinitionChangeKind.Changed, F(W.Diff_CompilationChanged, When(before), When(after)));
        }
        if (!before.Recipients.SequenceEqual(after.Recipients))
        {
            say(DefinitionChangeKind.Changed, F(W.Diff_CompilationRecipients, List(before.Recipients), List(after.Recipients)));
        }
    }

    private static string Key(object item) => item switch { TaskDefinition t => t.Key, ReportDefinition r => r.Key, _ => "" };

    private static string Name(object item) => item switch { TaskDefinition t => t.Name, ReportDefinition r => r.Name, _ => "" };

    // The item's name in the standard being read (Name, the bokmål, is what decides a rename).
    private static string Shown(object item) => item switch { TaskDefinition t => N(t.Name), ReportDefinition r => N(r.Name), _ => "" };

    private static string N(LocalizedText? text) => BothStandards.Name(text);

    // The bokmål decides whether a text changed, as for items (Name): nynorsk written beside an
    // unchanged text is no rename; it is counted once for the whole draft (NynorskChanges).
    private static bool SameWords(LocalizedText? before, LocalizedText? after) => before?.Nb == after?.Nb;

    private static string? Nynorsk(LocalizedText? text) => text is { HasNynorsk: true } ? text.Nn : null;

    // How many texts of items in both versions (matched by key) got, changed or lost their nynorsk.
    private static int NynorskChanges(ProgrammeDefinition before, ProgrammeDefinition after)
    {
        var count = 0;
        void Check(LocalizedText? old, LocalizedText? now) => count += Nynorsk(old) == Nynorsk(now) ? 0 : 1;

        Check(before.Name, after.Name);
        Check(before.Description, after.Description);
        foreach (var stage in after.Stages)
        {
            if (before.Index.Stages.TryGetValue(stage.Key, out var old))
            {
                Check(old.Name, stage.Name);
                Check(old.Description, stage.Description);
                for (var i = 0; i < Math.Min(old.ReflectionPrompts.Count, stage.ReflectionPrompts.Count); i++)
                {
                    Check(old.ReflectionPrompts[i], stage.ReflectionPrompts[i]);
                }
            }

            foreach (var task in stage.Tasks.Where(t => before.Index.Tasks.ContainsKey(t.Key)))
            {
                var was = before.Index.Tasks[task.Key].Task;
                Check(was.Name, task.Name);
                Check(was.Description, task.Description);
            }

            foreach (var report in stage.Reports.Where(r => before.Index.Reports.ContainsKey(r.Key)))
            {
                var was = before.Index.Reports[report.Key].Report;
                Check(was.Name, report.Name);
                Check(was.Description, report.Description);
                foreach (var section in report.Sections)
                {
                    if (was.Sections.FirstOrDefault(s => s.Key == section.Key) is { } oldSection)
                    {
                        Check(oldSection.Title, section.Title);
                        Check(oldSection.Guidance, section.Guidance);
                    }
                }
            }
        }

        return count;
    }

    private static string F(string text, params object?[] args) => BothStandards.Format(text, args);

    private static string? Description(object item) => item switch { TaskDefinition t => t.Description, ReportDefinition r => r.Description, _ => null };

    private static int IndexOf(IReadOnlyList<StageDefinition> stages, string key)
    {
        for (var i = 0; i < stages.Count; i++)
        {
            if (stages[i].Key == key)
            {
                return i;
            }
        }
        return -1;
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Weeks(StageDefinition stage) => F(W.Diff_Weeks, Number(stage.StartWeek), Number(stage.EndWeek));

    // «uke 4», «uke 4 + 2 dager», «uke 1 fra fasestart»: weeks from the programme start unless said.
    internal static string When(Deadline deadline)
    {
        var days = deadline.Days switch
        {
            0 => "",
            1 => W.Diff_PlusOneDay,
            -1 => W.Diff_MinusOneDay,
            > 0 => F(W.Diff_PlusDays, Number(deadline.Days)),
            _ => F(W.Diff_MinusDays, Number(-deadline.Days)),
        };
        return F(W.Diff_WeekOf, Number(deadline.Weeks), days, deadline.From == DeadlineAnchor.StageStart ? W.Diff_FromStageStart : "");
    }

    private static string Due(Deadline? deadline) => deadline is null ? W.Diff_NoDeadline : F(W.Diff_DeadlineAt, When(deadline));

    private static string Recurring(Recurrence r)
    {
        var every = r.EveryWeeks == 1 ? W.Diff_EveryWeek : F(W.Diff_EveryNthWeek, Number(r.EveryWeeks));
        var until = r.UntilStageEnd ? W.Diff_UntilStageEnds : F(W.Diff_UntilWeek, Number(r.UntilWeek ?? 0));
        return F(W.Diff_Recurring, every, Number(r.StartWeek), r.From == DeadlineAnchor.StageStart ? W.Diff_FromStageStart : "", until);
    }

    private static string When(StatusCompilationPolicy p) => p.Frequency == CompilationFrequency.Weekly
        ? F(W.Diff_Weekly, Day(p.DayOfWeek), p.Time)
        : F(W.Diff_Monthly, Number(p.DayOfMonth ?? 0), p.Time);

    private static string Day(Weekday? day) => day switch
    {
        Weekday.Monday => W.Day_Monday,
        Weekday.Tuesday => W.Day_Tuesday,
        Weekday.Wednesday => W.Day_Wednesday,
        Weekday.Thursday => W.Day_Thursday,
        Weekday.Friday => W.Day_Friday,
        Weekday.Saturday => W.Day_Saturday,
        Weekday.Sunday => W.Day_Sunday,
        _ => W.Diff_WeekFallback,
    };

    /// Who is responsible, as owners read it (the studio's pages use it too).
    public static string RoleName(ResponsibleRole role) => role switch
    {
        ResponsibleRole.Participant => W.Role_Participant,
        ResponsibleRole.Owner => W.Role_Owner,
        ResponsibleRole.SteeringGroup => W.Role_SteeringGroup,
        _ => W.Role_Coordinator,
    };

    private static string Kind(ParticipantKind kind) => kind == ParticipantKind.Region ? W.Diff_Regions : W.Diff_Municipalities;

    private static string Period(PausePeriod pause) => $"{pause.From}–{pause.To}";

    private static string Days(IReadOnlyList<int> days) => Days(afterDeadline: false, days);

    private static string Days(bool afterDeadline, IReadOnlyList<int> days) =>
        days.Count == 0 ? W.Diff_None : F(afterDeadline ? W.Diff_DaysAfter : W.Diff_DaysBefore, List(days.Select(Number).ToList()));

    private static string Every(int days) => days <= 0 ? W.Diff_Never : days == 1 ? W.Diff_EveryDay : F(W.Diff_EveryNthDay, Number(days));

    private static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => W.Diff_None,
        1 => items[0],
        _ => $"{string.Join(", ", items.Take(items.Count - 1))} og {items[^1]}",
    };
}
