using System.Globalization;

namespace ProsessLop.Workflow.Calendar;

// A day of the year ("07-01"), for pauses that repeat every year.
internal readonly record struct MonthDay(int Month, int Day)
{
    public static bool TryParse(string text, out MonthDay value)
    {
        value = default;
        // 2024 is a leap year, so 02-29 counts as a real day of the year.
        if (!DateOnly.TryParseExact($"2024-{text}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }
        value = new MonthDay(date.Month, date.Day);
        return true;
    }

    public DateOnly InYear(int year) =>
        new(year, Month, Math.Min(Day, DateTime.DaysInMonth(year, Month)));

    public int CompareTo(MonthDay other) => (Month, Day).CompareTo((other.Month, other.Day));
}
