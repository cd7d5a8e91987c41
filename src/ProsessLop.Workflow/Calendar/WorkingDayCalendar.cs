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

    private readonly List<(MonthDay From, MonthDay To)> _pauses;

    public WorkingDayCalendar(IEnumerable<PausePeriod>? pauses = null)
    {
        _pauses = [];
        foreach (var pause in pauses ?? [])
        {
            if (MonthDay.TryParse(pause.From, out var from) && MonthDay.TryParse(pause.To, out var to))
            {
                _pauses.Add((from, to));
            }
        }
    }

    public static bool IsPublicHoliday(DateOnly date) =>
        HolidaysByYear.GetOrAdd(date.Year, year => Norway.PublicHolidays(year).Select(DateOnly.FromDateTime).ToHashSet()).Contains(date);

    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsPublicHoliday(date);

    // The last day of the pause that contains the date, if any.
    public DateOnly? PauseEndContaining(DateOnly date)
    {
        foreach (var (from, to) in _pauses)
        {
            // A pause may cross New Year (e.g. 12-20 to 01-02): try the one that started last year too.
            foreach (var startYear in new[] { date.Year, date.Year - 1 })
            {
                var start = from.InYear(startYear);
                var end = to.InYear(to.CompareTo(from) >= 0 ? startYear : startYear + 1);
                if (date >= start && date <= end)
                {
                    return end;
                }
            }
        }
        return null;
    }

    // Moves a deadline out of pauses and onto a working day; repeats because leaving a pause can
    // land on a holiday and a holiday run can end inside another pause.
    public DateOnly Adjust(DateOnly deadline)
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
