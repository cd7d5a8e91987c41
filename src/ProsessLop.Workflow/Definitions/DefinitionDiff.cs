using System.Globalization;
using System.Text.Json.Serialization;

namespace ProsessLop.Workflow.Definitions;

[JsonConverter(typeof(CamelCaseEnumConverter<DefinitionChangeKind>))]
public enum DefinitionChangeKind { Added, Removed, Renamed, Moved, Changed }

[JsonConverter(typeof(CamelCaseEnumConverter<DefinitionChangeSubject>))]
public enum DefinitionChangeSubject { Definition, Stage, Gate, Task, Report }

// One change, in the words a programme owner reads («oppgave «X» flyttet fra Kartlegging til
// Samskaping»). Key is the item's key in the new version (the old one for a removed item).
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
            changes.Add((-1, new(DefinitionChangeKind.Added, DefinitionChangeSubject.Definition, after.Key, $"ny programdefinisjon «{after.Name}»")));
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

        var taskRenames = Renames(after, s => s.Tasks.Select(t => (t.Key, t.RenamedFrom)), before.Index.Tasks.ContainsKey);
        var reportRenames = Renames(after, s => s.Reports.Select(r => (r.Key, r.RenamedFrom)), before.Index.Reports.ContainsKey);

        foreach (var stage in after.Stages)
        {
            var g = group(stage.Key);
            if (!before.Index.Stages.TryGetValue(stage.Key, out var old))
            {
                Add(g, DefinitionChangeKind.Added, DefinitionChangeSubject.Stage, stage.Key, $"fase «{stage.Name}» lagt til ({Weeks(stage)})");
                continue;
            }
            CompareStage(old, stage, (kind, text) => Add(g, kind, DefinitionChangeSubject.Stage, stage.Key, text));
            CompareGate(before, after, old, stage, taskRenames, reportRenames, (kind, text) => Add(g, kind, DefinitionChangeSubject.Gate, stage.Key, text));
        }
        foreach (var stage in before.Stages.Where(s => !after.Index.Stages.ContainsKey(s.Key)))
        {
            Add(group(stage.Key), DefinitionChangeKind.Removed, DefinitionChangeSubject.Stage, stage.Key, $"fase «{stage.Name}» fjernet");
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
        var noun = subject == DefinitionChangeSubject.Task ? "oppgave" : "rapport";
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
                Say(DefinitionChangeKind.Added, $"{noun} «{Name(item)}» lagt til i {stage.Name}");
                continue;
            }
            matched.Add(oldKey);
            var name = Name(item);
            if (oldKey != key)
            {
                Say(DefinitionChangeKind.Renamed, $"{noun} «{name}» har fått ny nøkkel «{key}» (før «{oldKey}»)");
            }
            if (Name(previous.Item) != name)
            {
                Say(DefinitionChangeKind.Renamed, $"{noun} «{Name(previous.Item)}» har fått nytt navn «{name}»");
            }
            if (previous.Stage.Key != stage.Key)
            {
                Say(DefinitionChangeKind.Moved, $"{noun} «{name}» flyttet fra {previous.Stage.Name} til {stage.Name}");
            }
            if (Description(previous.Item) != Description(item))
            {
                Say(DefinitionChangeKind.Changed, $"beskrivelsen av {noun} «{name}» er endret");
            }
            switch (previous.Item, item)
            {
                case (TaskDefinition p, TaskDefinition t):
                    CompareTask(p, t, $"{noun} «{name}»", Say);
                    break;
                case (ReportDefinition p, ReportDefinition r):
                    CompareReport(p, r, $"{noun} «{name}»", Say);
                    break;
            }
        }
        foreach (var (key, (stage, item)) in old.Where(o => !matched.Contains(o.Key)))
        {
            add(group(stage.Key), DefinitionChangeKind.Removed, subject, key, $"{noun} «{Name(item)}» fjernet fra {stage.Name}");
        }
    }

    private static void CompareTask(TaskDefinition before, TaskDefinition after, string what, Action<DefinitionChangeKind, string> say)
    {
        CompareDeadline(before.Deadline, after.Deadline, what, say);
        if (before.Required != after.Required)
        {
            say(DefinitionChangeKind.Changed, after.Required ? $"{what} er nå obligatorisk" : $"{what} er nå valgfri");
        }
        if (before.ResponsibleRole != after.ResponsibleRole)
        {
            say(DefinitionChangeKind.Changed, $"{what}: ansvarlig endret fra {RoleName(before.ResponsibleRole)} til {RoleName(after.ResponsibleRole)}");
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
            say(DefinitionChangeKind.Changed, $"{what}: tidsplan endret fra {from} til {to}");
        }
        if (before.RequiresApproval != after.RequiresApproval)
        {
            say(DefinitionChangeKind.Changed, after.RequiresApproval ? $"{what} krever nå godkjenning" : $"{what} krever ikke lenger godkjenning");
        }
        if (before.PublicByDefault != after.PublicByDefault)
        {
            say(DefinitionChangeKind.Changed, after.PublicByDefault
                ? $"{what} er nå offentlig som standard"
                : $"{what} er nå unntatt offentlighet ({after.ExemptionBasis})");
        }
        else if (!after.PublicByDefault && before.ExemptionBasis != after.ExemptionBasis)
        {
            say(DefinitionChangeKind.Changed, $"{what}: hjemmel for unntak endret fra «{before.ExemptionBasis}» til «{after.ExemptionBasis}»");
        }

        var oldSections = before.Sections.ToDictionary(s => s.Key, StringComparer.Ordinal);
        foreach (var section in after.Sections)
        {
            if (!oldSections.TryGetValue(section.Key, out var old))
            {
                say(DefinitionChangeKind.Added, $"{what} har fått avsnittet «{section.Title}»");
                continue;
            }
            if (old.Title != section.Title)
            {
                say(DefinitionChangeKind.Renamed, $"avsnittet «{old.Title}» i {what} heter nå «{section.Title}»");
            }
            if (old.Guidance != section.Guidance)
            {
                say(DefinitionChangeKind.Changed, $"veiledningen til avsnittet «{section.Title}» i {what} er endret");
            }
        }
        foreach (var removed in before.Sections.Where(s => after.Sections.All(a => a.Key != s.Key)))
        {
            say(DefinitionChangeKind.Removed, $"{what} har ikke lenger avsnittet «{removed.Title}»");
        }
    }

    private static void CompareDeadline(Deadline? before, Deadline? after, string what, Action<DefinitionChangeKind, string> say)
    {
        switch (before, after)
        {
            case ({ } b, { } a) when b != a:
                say(DefinitionChangeKind.Changed, $"{what}: frist endret fra {When(b)} til {When(a)}");
                break;
            case (null, { } a):
                say(DefinitionChangeKind.Changed, $"{what} har fått frist {When(a)}");
                break;
            case ({ } b, null):
                say(DefinitionChangeKind.Changed, $"{what} har ikke lenger frist (før {When(b)})");
                break;
        }
    }

    private static void CompareStage(StageDefinition before, StageDefinition after, Action<DefinitionChangeKind, string> say)
    {
        if (before.Name != after.Name)
        {
            say(DefinitionChangeKind.Renamed, $"fase «{before.Name}» har fått nytt navn «{after.Name}»");
        }
        if (before.StartWeek != after.StartWeek || before.EndWeek != after.EndWeek)
        {
            say(DefinitionChangeKind.Changed, $"fase «{after.Name}» varer nå {Weeks(after)} (før {Weeks(before)})");
        }
        if (before.Description != after.Description)
        {
            say(DefinitionChangeKind.Changed, $"beskrivelsen av fase «{after.Name}» er endret");
        }
        if (!before.ReflectionPrompts.SequenceEqual(after.ReflectionPrompts))
        {
            say(DefinitionChangeKind.Changed, $"refleksjonsspørsmålene i fase «{after.Name}» er endret");
        }
    }

    private static void CompareGate(
        ProgrammeDefinition beforeDefinition, ProgrammeDefinition afterDefinition, StageDefinition before, StageDefinition after,
        Dictionary<string, string> taskRenames, Dictionary<string, string> reportRenames, Action<DefinitionChangeKind, string> say)
    {
        var gate = $"porten etter fase «{after.Name}»";
        void Keys(IReadOnlyList<string> old, IReadOnlyList<string> now, Dictionary<string, string> renames, string noun, Func<string, string> oldName, Func<string, string> newName)
        {
            // An item renamed by renamedFrom is the same item in the gate.
            var previous = old.ToHashSet(StringComparer.Ordinal);
            var current = now.Select(k => renames.GetValueOrDefault(k) is { } o && previous.Contains(o) ? o : k).ToList();
            for (var i = 0; i < now.Count; i++)
            {
                if (!previous.Contains(current[i]))
                {
                    say(DefinitionChangeKind.Added, $"{gate} venter nå på {noun} «{newName(now[i])}»");
                }
            }
            foreach (var key in old.Where(k => !current.Contains(k)))
            {
                say(DefinitionChangeKind.Removed, $"{gate} venter ikke lenger på {noun} «{oldName(key)}»");
            }
        }

        Keys(before.Gate.RequiredTasks, after.Gate.RequiredTasks, taskRenames, "oppgave", beforeDefinition.Index.TaskName, afterDefinition.Index.TaskName);
        Keys(before.Gate.ApprovedReports, after.Gate.ApprovedReports, reportRenames, "godkjent rapport", beforeDefinition.Index.ReportName, afterDefinition.Index.ReportName);
        if (before.Gate.OwnerDecision != after.Gate.OwnerDecision)
        {
            say(DefinitionChangeKind.Changed, after.Gate.OwnerDecision ? $"{gate} krever nå programeiers beslutning" : $"{gate} krever ikke lenger programeiers beslutning");
        }
    }

    private static void CompareDefinition(ProgrammeDefinition before, ProgrammeDefinition after, Action<DefinitionChangeKind, string> say)
    {
        if (before.Key != after.Key)
        {
            say(DefinitionChangeKind.Renamed, $"nøkkelen endret fra «{before.Key}» til «{after.Key}»");
        }
        if (before.Name != after.Name)
        {
            say(DefinitionChangeKind.Renamed, $"programmet har fått nytt navn «{after.Name}» (før «{before.Name}»)");
        }
        if (before.Description != after.Description)
        {
            say(DefinitionChangeKind.Changed, "beskrivelsen av programmet er endret");
        }
        foreach (var owner in after.Owners.Except(before.Owners))
        {
            say(DefinitionChangeKind.Added, $"eier «{owner}» lagt til");
        }
        foreach (var owner in before.Owners.Except(after.Owners))
        {
            say(DefinitionChangeKind.Removed, $"eier «{owner}» fjernet");
        }
        foreach (var kind in after.ParticipantKinds.Except(before.ParticipantKinds))
        {
            say(DefinitionChangeKind.Added, $"programmet tar nå imot {Kind(kind)}");
        }
        foreach (var kind in before.ParticipantKinds.Except(after.ParticipantKinds))
        {
            say(DefinitionChangeKind.Removed, $"programmet tar ikke lenger imot {Kind(kind)}");
        }
        if (before.CoordinatorsMayAppointCoordinators != after.CoordinatorsMayAppointCoordinators)
        {
            say(DefinitionChangeKind.Changed, after.CoordinatorsMayAppointCoordinators
                ? "koordinatorer kan nå gjøre kolleger til koordinatorer"
                : "koordinatorer kan ikke lenger gjøre kolleger til koordinatorer");
        }

        var oldPauses = before.Pauses.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var pause in after.Pauses)
        {
            if (!oldPauses.TryGetValue(pause.Name, out var old))
            {
                say(DefinitionChangeKind.Added, $"pause «{pause.Name}» lagt til ({Period(pause)})");
            }
            else if (old.From != pause.From || old.To != pause.To)
            {
                say(DefinitionChangeKind.Changed, $"pause «{pause.Name}» endret fra {Period(old)} til {Period(pause)}");
            }
        }
        foreach (var pause in before.Pauses.Where(p => after.Pauses.All(a => a.Name != p.Name)))
        {
            say(DefinitionChangeKind.Removed, $"pause «{pause.Name}» fjernet");
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
                say(DefinitionChangeKind.Added, "påminnelser slått på");
                return;
            case (not null, null):
                say(DefinitionChangeKind.Removed, "påminnelser slått av");
                return;
        }
        void Change(string what, string from, string to)
        {
            if (from != to)
            {
                say(DefinitionChangeKind.Changed, $"{what} endret fra {from} til {to}");
            }
        }
        Change("påminnelser før frist", Days(before.DaysBefore), Days(after.DaysBefore));
        Change("påminnelser etter frist", Days(afterDeadline: true, before.DaysAfter), Days(afterDeadline: true, after.DaysAfter));
        Change("ny påminnelse om forfalt arbeid", Every(before.RepeatEveryDays), Every(after.RepeatEveryDays));
        Change("høyeste antall gjentatte påminnelser", Number(before.RepeatLimit), Number(after.RepeatLimit));
        Change("eskalering", $"etter {Number(before.EscalateAfterDays)} dager", $"etter {Number(after.EscalateAfterDays)} dager");
        Change("eskalering til", List(before.EscalateTo), List(after.EscalateTo));
    }

    private static void CompareStatusCompilation(StatusCompilationPolicy? before, StatusCompilationPolicy? after, Action<DefinitionChangeKind, string> say)
    {
        switch (before, after)
        {
            case (null, null):
                return;
            case (null, { } a):
                say(DefinitionChangeKind.Added, $"statussammenstilling lagt til ({When(a)})");
                return;
            case (not null, null):
                say(DefinitionChangeKind.Removed, "statussammenstilling fjernet");
                return;
        }
        if (When(before) != When(after))
        {
            say(DefinitionChangeKind.Changed, $"statussammenstilling endret fra {When(before)} til {When(after)}");
        }
        if (!before.Recipients.SequenceEqual(after.Recipients))
        {
            say(DefinitionChangeKind.Changed, $"mottakere av statussammenstillingen endret fra {List(before.Recipients)} til {List(after.Recipients)}");
        }
    }

    private static string Key(object item) => item switch { TaskDefinition t => t.Key, ReportDefinition r => r.Key, _ => "" };

    private static string Name(object item) => item switch { TaskDefinition t => t.Name, ReportDefinition r => r.Name, _ => "" };

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

    private static string Weeks(StageDefinition stage) => $"fra uke {Number(stage.StartWeek)} til uke {Number(stage.EndWeek)}";

    // «uke 4», «uke 4 + 2 dager», «uke 1 fra fasestart»: weeks from the programme start unless said.
    internal static string When(Deadline deadline)
    {
        var days = deadline.Days switch
        {
            0 => "",
            1 => " + 1 dag",
            -1 => " − 1 dag",
            > 0 => $" + {Number(deadline.Days)} dager",
            _ => $" − {Number(-deadline.Days)} dager",
        };
        return $"uke {Number(deadline.Weeks)}{days}{(deadline.From == DeadlineAnchor.StageStart ? " fra fasestart" : "")}";
    }

    private static string Due(Deadline? deadline) => deadline is null ? "ingen frist" : $"frist {When(deadline)}";

    private static string Recurring(Recurrence r)
    {
        var every = r.EveryWeeks == 1 ? "hver uke" : $"hver {Number(r.EveryWeeks)}. uke";
        var until = r.UntilStageEnd ? "til fasen slutter" : $"til uke {Number(r.UntilWeek ?? 0)}";
        return $"{every} fra uke {Number(r.StartWeek)}{(r.From == DeadlineAnchor.StageStart ? " fra fasestart" : "")} {until}";
    }

    private static string When(StatusCompilationPolicy p) => p.Frequency == CompilationFrequency.Weekly
        ? $"hver {Day(p.DayOfWeek)} kl. {p.Time}"
        : $"den {Number(p.DayOfMonth ?? 0)}. hver måned kl. {p.Time}";

    private static string Day(Weekday? day) => day switch
    {
        Weekday.Monday => "mandag",
        Weekday.Tuesday => "tirsdag",
        Weekday.Wednesday => "onsdag",
        Weekday.Thursday => "torsdag",
        Weekday.Friday => "fredag",
        Weekday.Saturday => "lørdag",
        Weekday.Sunday => "søndag",
        _ => "uke",
    };

    /// Who is responsible, as owners read it (the studio's pages use it too).
    public static string RoleName(ResponsibleRole role) => role switch
    {
        ResponsibleRole.Participant => "deltaker",
        ResponsibleRole.Owner => "programeier",
        ResponsibleRole.SteeringGroup => "styringsgruppen",
        _ => "koordinator",
    };

    private static string Kind(ParticipantKind kind) => kind == ParticipantKind.Region ? "regioner" : "kommuner";

    private static string Period(PausePeriod pause) => $"{pause.From}–{pause.To}";

    private static string Days(IReadOnlyList<int> days) => Days(afterDeadline: false, days);

    private static string Days(bool afterDeadline, IReadOnlyList<int> days) =>
        days.Count == 0 ? "ingen" : $"{List(days.Select(Number).ToList())} dager {(afterDeadline ? "etter" : "før")}";

    private static string Every(int days) => days <= 0 ? "aldri" : days == 1 ? "hver dag" : $"hver {Number(days)}. dag";

    private static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "ingen",
        1 => items[0],
        _ => $"{string.Join(", ", items.Take(items.Count - 1))} og {items[^1]}",
    };
}
