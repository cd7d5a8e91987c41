using System.Collections.Concurrent;
using PublicHoliday;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Calendar;

// Decides where a deadline really lands: Norwegian public holidays (from the PublicHoliday
// package, so Easter is never hand-computed), weekends, and the definition's pauses.
public sealed class WorkingDayCalendar
{
    private static readonly ConcurrentDictionary<int, HashSet<DateOnly>> HolidaysByYear = new();
    private static readonly NorwayPublicHoliday Norway = new();

    private readonly List<(string Name, MonthDay From, MonthDay To)> _pauses;

    public WorkingDayCalendar(IEnumerable<PausePeriod>? pauses = null)
    {
        _pauses = [];
        foreach (var pause in pauses ?? [])
        {
            if (MonthDay.TryParse(pause.From, out var from) && MonthDay.TryParse(pause.To, out var to))
            {
                _pauses.Add((pause.Name, from, to));
            }
        }
    }

    // Answers already found, in a calendar made to schedule one definition many times over
    // (the validator's schedule warnings: every weekday of two years, about 25,000 dates that are
    // mostly the same ~1,000). Not thread-safe, so only such a calendar has them.
    private Dictionary<DateOnly, DateOnly>? _forward, _backward;

    /// A calendar that remembers where each date moves; for one thread scheduling many starts.
    internal static WorkingDayCalendar Remembering(IEnumerable<PausePeriod>? pauses) => new(pauses) { _forward = [], _backward = [] };

    private static DateOnly Remember(Dictionary<DateOnly, DateOnly>? known, DateOnly date, Func<DateOnly, DateOnly> move)
    {
        if (known is null)
        {
            return move(date);
        }

        if (!known.TryGetValue(date, out var moved))
        {
            known[date] = moved = move(date);
        }
        return moved;
    }

    public static bool IsPublicHoliday(DateOnly date) =>
        HolidaysByYear.GetOrAdd(date.Year, year => Norway.PublicHolidays(year).Select(DateOnly.FromDateTime).ToHashSet()).Contains(date);

    /// The holiday's name as people say it («skjærtorsdag», «2. påskedag»), if the date is a
    /// Norwegian public holiday. The package's own names are written out («Andre påskedag»).
    public static string? HolidayName(DateOnly date) =>
        HolidayNamesByYear.GetOrAdd(date.Year, NamesOf).GetValueOrDefault(date) ?? (IsPublicHoliday(date) ? Texts.DefinitionWords.Holiday_Other : null);

    private static readonly ConcurrentDictionary<int, Dictionary<DateOnly, string>> HolidayNamesByYear = new();

    private static Dictionary<DateOnly, string> NamesOf(int year)
    {
        var names = new Dictionary<DateOnly, string>();
        // Two holidays can share a day (17 May 2027 is also 2. pinsedag): both are named.
        foreach (var (day, name) in new (DateTime Day, string Name)[]
        {
            (NorwayPublicHoliday.NewYear(year), "1. nyttårsdag"),
            (NorwayPublicHoliday.MaundyThursday(year), "skjærtorsdag"),
            (NorwayPublicHoliday.GoodFriday(year), "langfredag"),
            (NorwayPublicHoliday.Easter(year), "1. påskedag"),
            (NorwayPublicHoliday.EasterMonday(year), "2. påskedag"),
            (NorwayPublicHoliday.Ascension(year), "Kristi himmelfartsdag"),
            (NorwayPublicHoliday.WhitSunday(year), "1. pinsedag"),
            (NorwayPublicHoliday.WhitMonday(year), "2. pinsedag"),
            (NorwayPublicHoliday.LabourDay(year), "1. mai"),
            (NorwayPublicHoliday.ConstitutionDay(year), "17. mai"),
            (NorwayPublicHoliday.Christmas(year), "1. juledag"),
            (NorwayPublicHoliday.BoxingDay(year), "2. juledag"),
        })
        {
            var date = DateOnly.FromDateTime(day);
            names[date] = names.TryGetValue(date, out var other) ? $"{other} og {name}" : name;
        }
        return names;
    }

    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsPublicHoliday(date);

    // The last day of the pause that contains the date, if any.
    public DateOnly? PauseEndContaining(DateOnly date) => PauseContaining(date)?.End;

    // The first day of the pause that contains the date, if any.
    public DateOnly? PauseStartContaining(DateOnly date) => PauseContaining(date)?.Start;

    /// The pause (its name in the definition, first and last day) that contains the date, if any.
    public (string Name, DateOnly Start, DateOnly End)? PauseContaining(DateOnly date)
    {
        foreach (var (name, from, to) in _pauses)
        {
            // A pause may cross New Year (e.g. 12-20 to 01-02): try the one that started last year too.
            // (A loop, not an array of the two years: this runs for every day a deadline is moved.)
            for (var startYear = date.Year; startYear >= date.Year - 1; startYear--)
            {
                var start = from.InYear(startYear);
                var end = to.InYear(to.CompareTo(from) >= 0 ? startYear : startYear + 1);
                if (date >= start && date <= end)
                {
                    return (name, start, end);
                }
            }
        }
        return null;
    }

    // The latest working day outside pauses on or before the date: where a reminder that must
    // arrive *before* something goes when its day is a holiday (a reminder due in July is sent
    // before the summer break, not after it).
    public DateOnly AdjustBackward(DateOnly date) => Remember(_backward, date, MoveBackward);

    private DateOnly MoveBackward(DateOnly date)
    {
        while (true)
        {
            if (PauseStartContaining(date) is { } start)
            {
                date = start.AddDays(-1);
            }
            else if (!IsWorkingDay(date))
            {
                date = date.AddDays(-1);
            }
            else
            {
                return date;
            }
        }
    }

    // Moves a deadline out of pauses and onto a working day; repeats because leaving a pause can
    // land on a holiday and a holiday run can end inside another pause.
    public DateOnly Adjust(DateOnly deadline) => Remember(_forward, deadline, MoveForward);

    private DateOnly MoveForward(DateOnly deadline)
    {
        var date = deadline;
        while (true)
        {
            if (PauseEndContaining(date) is { } end)
            {
                date = end.AddDays(1);
            }
            else if (!IsWorkingDay(date))
            {
                date = date.AddDays(1);
            }
            else
            {
                return date;
            }
        }
    }
}
