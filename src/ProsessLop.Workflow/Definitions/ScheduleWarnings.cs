using System.Globalization;
using W = ProsessLop.Workflow.Texts.DefinitionWords;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Workflow.Definitions;

// What the calendar does to a valid definition, which an author cannot see in the file: the
// scheduler's side effects of pauses and holidays, found by scheduling it for a sample of start
// dates. Warnings, not problems: the definition works, but owners should know what people get.
internal static class ScheduleWarnings
{
    // This many deadlines on one day for one participant is a pile-up.
    public const int PileUp = SchedulePileUps.PerDay;

    // Every weekday of two whole years: every season, both Easter dates and every pause are met,
    // and the answer does not depend on the day the validator runs.
    internal static readonly IReadOnlyList<DateOnly> SampleStarts = Weekdays(new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31));

    private const string SampleDescription = "weekdays in 2026 and 2027";

    public static List<(string Pointer, string Message, LocalizedText Norwegian)> Check(ProgrammeDefinition definition)
    {
        if (definition.ParticipantKinds.Count == 0)
        {
            return [];
        }
        var pointers = Pointers(definition);
        var participant = new Participant(definition.ParticipantKinds[0], "", "", []);
        var pileUp = new Findings();
        var merged = new Dictionary<string, Findings>(StringComparer.Ordinal);
        var movedBack = new Findings();
        var movedItems = new HashSet<string>(StringComparer.Ordinal);

        // How often each recurring report falls due without a calendar: the same for every start.
        var planned = definition.Stages
            .SelectMany((stage, index) => stage.Reports.Where(r => r.Recurrence is not null)
                .Select(r => (Stage: index, Report: r.Key, Planned: ScheduleMath.RecurrenceOffsets(stage, r.Recurrence!).Count)))
            .ToList();
        // This runs for every weekday of two years on every validation (each studio page view
        // of a draft): the texts are built only for the example a finding keeps.
        var perDay = new Dictionary<DateOnly, int>();
        var calendar = WorkingDayCalendar.Remembering(definition.Pauses);
        foreach (var start in SampleStarts)
        {
            var schedule = ProgrammeScheduler.Create(definition, participant, start, calendar);
            var items = schedule.Stages
                .SelectMany(stage => stage.Tasks.Select(t => (ItemKey: t.Key, t.NominalDue, t.Due))
                    .Concat(stage.Reports.Select(r => (ItemKey: r.ReportKey, r.NominalDue, r.Due))))
                .ToList();

            // One warning for all pile-ups, with the worst as the example: the same pile-up shifts
            // from day to day and item to item as the start moves, and owners need its extent.
            perDay.Clear();
            foreach (var item in items)
            {
                perDay[item.Due] = perDay.GetValueOrDefault(item.Due) + 1;
            }
            // The first day (in item order) with the most deadlines.
            DateOnly? worst = null;
            var count = PileUp - 1;
            foreach (var item in items)
            {
                if (perDay[item.Due] > count)
                {
                    (worst, count) = (item.Due, perDay[item.Due]);
                }
            }
            if (worst is { } due)
            {
                pileUp.Add(start, () =>
                {
                    var keys = items.Where(i => i.Due == due).Select(i => i.ItemKey).Distinct().ToList();
                    return ($"{count} deadlines are due {Format(due)}: {string.Join(", ", keys)}",
                        BothStandards.Say(() => F(W.Sched_PileUpCase, count, Dato(due), string.Join(", ", keys))), keys[0]);
                }, count);
            }

            foreach (var item in items.Where(i => i.Due < i.NominalDue))
            {
                movedBack.Add(start, () => ($"'{item.ItemKey}' is due {Format(item.Due)} instead of {Format(item.NominalDue)}",
                    BothStandards.Say(() => F(W.Sched_MovedBackCase, item.ItemKey, Dato(item.Due), Dato(item.NominalDue))), item.ItemKey));
                movedItems.Add(item.ItemKey);
            }

            foreach (var (stage, report, times) in planned)
            {
                var scheduled = schedule.Stages[stage].Reports.Count(r => r.ReportKey == report);
                if (scheduled < times)
                {
                    Find(merged, report).Add(start, () => ($"it falls due {scheduled} times instead of {times}", BothStandards.Say(() => F(W.Sched_MergedCase, scheduled, times)), null));
                }
            }
        }

        var warnings = new List<(string, string, LocalizedText)>();
        if (pileUp.Example is { } example)
        {
            warnings.Add((pointers[example],
                $"Pile-up: {PileUp} or more deadlines for one participant fall on one day. {pileUp.Describe()} Spread the deadlines if that is too much at once.",
                BothStandards.Say(() => F(W.Sched_PileUp, PileUp, pileUp.Beskriv()))));
        }
        if (movedBack.Example is { } moved)
        {
            var keys = string.Join(", ", pointers.Keys.Where(movedItems.Contains));
            warnings.Add((pointers[moved],
                $"Preparation that a pause or holiday would push onto or past the programme start moves back to the last working day before the pause or holiday ({keys}). {movedBack.Describe()}",
                BothStandards.Say(() => F(W.Sched_MovedBack, keys, movedBack.Beskriv()))));
        }
        foreach (var (key, findings) in merged)
        {
            warnings.Add((pointers[key],
                $"Occurrences of report '{key}' that a pause pushes onto the same day are merged into one. {findings.Describe()}",
                BothStandards.Say(() => F(W.Sched_Merged, key, findings.Beskriv()))));
        }
        return warnings;
    }

    private static Findings Find(Dictionary<string, Findings> findings, string key)
    {
        if (!findings.TryGetValue(key, out var found))
        {
            findings[key] = found = new Findings();
        }
        return found;
    }

    // Where each task's and report's timing is written in the file.
    private static Dictionary<string, string> Pointers(ProgrammeDefinition definition)
    {
        var pointers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var s = 0; s < definition.Stages.Count; s++)
        {
            var stage = definition.Stages[s];
            for (var t = 0; t < stage.Tasks.Count; t++)
            {
                pointers[stage.Tasks[t].Key] = $"/stages/{s}/tasks/{t}/deadline";
            }
            for (var r = 0; r < stage.Reports.Count; r++)
            {
                pointers[stage.Reports[r].Key] = $"/stages/{s}/reports/{r}/{(stage.Reports[r].Recurrence is null ? "deadline" : "recurrence")}";
            }
        }
        return pointers;
    }

    private static List<DateOnly> Weekdays(DateOnly from, DateOnly to)
    {
        var days = new List<DateOnly>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days.Add(day);
            }
        }
        return days;
    }

    private static string Format(DateOnly date) => date.ToString("dddd yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly CultureInfo Bokmal = CultureInfo.GetCultureInfo("nb-NO");

    private static readonly CultureInfo Nynorsk = CultureInfo.GetCultureInfo("nn-NO");

    // In the standard being said (BothStandards.Say sets the UI culture).
    private static string Dato(DateOnly date) =>
        date.ToString("dddd d. MMMM yyyy", CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nn" ? Nynorsk : Bokmal);

    private static string F(string text, params object?[] args) => BothStandards.Format(text, args);

    // How often something happens over the sample, with the first (or the weightiest) case as the example.
    private sealed class Findings
    {
        private DateOnly _exampleStart;
        private string _exampleCase = "";
        private LocalizedText _exampleNorwegian = "";
        private int _exampleWeight;
        private readonly HashSet<DateOnly> _starts = [];

        // The item the example is about: where the warning points.
        public string? Example { get; private set; }

        // The text (and the item it is about) is built only when this case becomes the example.
        public void Add(DateOnly start, Func<(string What, LocalizedText Hva, string? Item)> example, int weight = 0)
        {
            if (_starts.Count == 0 || weight > _exampleWeight)
            {
                (_exampleStart, _exampleWeight) = (start, weight);
                (_exampleCase, _exampleNorwegian, Example) = example();
            }
            _starts.Add(start);
        }

        public string Describe() =>
            string.Create(CultureInfo.InvariantCulture,
                $"For a programme starting {Format(_exampleStart)}, {_exampleCase}; this happens for {_starts.Count} of {SampleStarts.Count} sample start dates ({SampleDescription}).");

        public string Beskriv() => F(W.Sched_Example, Dato(_exampleStart), _exampleNorwegian.Current, _starts.Count, SampleStarts.Count);
    }
}
