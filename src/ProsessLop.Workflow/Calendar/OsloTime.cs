using System.Globalization;

namespace ProsessLop.Workflow.Calendar;

// Deadlines are Norwegian dates and people read Norwegian times, so "today" and every time shown
// to a person is Europe/Oslo, whatever zone the server runs in. The one home of that zone.
public static class OsloTime
{
    public const string ZoneId = "Europe/Oslo";

    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToOslo(instant).DateTime);

    public static DateTimeOffset ToOslo(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}
