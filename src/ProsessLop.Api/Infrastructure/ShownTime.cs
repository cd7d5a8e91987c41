using System.Globalization;

namespace ProsessLop.Api.Infrastructure;

/// Every time a person reads (pages, export file names) is Europe/Oslo, formatted here once.
/// Stored times stay UTC.
public static class ShownTime
{
    public static DateTime InOslo(DateTimeOffset at) => Workflow.Calendar.OsloTime.ToOslo(at).DateTime;

    /// 30.11.2026 15:47
    public static string DateAndTime(DateTimeOffset at) => Format(at, "dd.MM.yyyy HH:mm");

    /// 30.11.2026
    public static string Date(DateTimeOffset at) => Format(at, "dd.MM.yyyy");

    /// 30.11.2026, or nothing.
    public static string Date(DateOnly? date) => date?.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) ?? "";

    /// 30.11 (chart labels)
    public static string DayAndMonth(DateTimeOffset at) => Format(at, "dd.MM");

    /// 20261130-1547 (file names: sortable, no characters a file system refuses)
    public static string FileStamp(DateTimeOffset at) => Format(at, "yyyyMMdd-HHmm");

    private static string Format(DateTimeOffset at, string format) => InOslo(at).ToString(format, CultureInfo.InvariantCulture);
}
