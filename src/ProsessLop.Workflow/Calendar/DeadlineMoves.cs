using System.Globalization;
using ProsessLop.Workflow.Texts;

namespace ProsessLop.Workflow.Calendar;

public enum DayOffKind { Weekend, PublicHoliday, Pause }

/// A run of days a deadline was moved past: a weekend, a public holiday (by name) or a pause of
/// the definition (by its name there).
public sealed record DayOff(DayOffKind Kind, string Name, DateOnly From, DateOnly To);

/// Why a deadline is not on the date the definition's weeks give (<see cref="Nominal"/>): the days
/// off it was moved past, in date order. Backward moves are preparation that must be done before
/// the programme starts (the scheduler moves it back before a pause instead of past the start).
public sealed record DeadlineMove(DateOnly Nominal, DateOnly Due, IReadOnlyList<DayOff> Reasons)
{
    public bool Backward => Due < Nominal;

    /// The move in Norwegian, for owners reading a calendar preview, in the current UI culture's
    /// standard (worked out when read, so it follows whoever reads it).
    public string Text
    {
        get
        {
            var reasons = NorwegianDates.List(Reasons.Select(Describe).ToList());
            var because = reasons.Length == 0 ? "" : Format(DefinitionWords.Move_Because, reasons);
            return Format(Backward ? DefinitionWords.Move_Back : DefinitionWords.Move_Forward, NorwegianDates.Long(Nominal), NorwegianDates.Long(Due), because);
        }
    }

    private static string Describe(DayOff off)
    {
        var days = off.From == off.To ? NorwegianDates.Short(off.From) : $"{NorwegianDates.Short(off.From)}–{NorwegianDates.Short(off.To)}";
        return off.Kind switch
        {
            DayOffKind.Pause => Format(DefinitionWords.Move_Pause, off.Name, days),
            _ => $"{off.Name} ({days})",
        };
    }

    private static string Format(string text, params object?[] args) => string.Format(CultureInfo.InvariantCulture, text, args);
}

/// The one place that says why the calendar moved a deadline, so previews and anything else that
/// explains a date give the same reasons the scheduler acted on.
public static class DeadlineMoves
{
    public const string Weekend = "helg";

    /// Null when the deadline did not move.
    public static DeadlineMove? Explain(WorkingDayCalendar calendar, DateOnly nominal, DateOnly due)
    {
        if (nominal == due)
        {
            return null;
        }

        // Forward: the days from the nominal date up to the due date; backward: the days after
        // the due date up to the nominal date. Either way the days that were not working days.
        var (first, last) = due > nominal ? (nominal, due.AddDays(-1)) : (due.AddDays(1), nominal);
        var reasons = new List<DayOff>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (Classify(calendar, day) is not { } off)
            {
                continue;
            }

            if (reasons.Count > 0 && reasons[^1] is var previous && previous.Kind == off.Kind && previous.Name == off.Name && previous.To == day.AddDays(-1))
            {
                reasons[^1] = previous with { To = day };
            }
            else
            {
                reasons.Add(new DayOff(off.Kind, off.Name, day, day));
            }
        }

        return new DeadlineMove(nominal, due, reasons);
    }

    // A pause is what the scheduler leaves first (it covers the holidays and weekends inside it),
    // then a named holiday (Easter Sunday is «1. påskedag», not a weekend), then the weekend.
    private static (DayOffKind Kind, string Name)? Classify(WorkingDayCalendar calendar, DateOnly day)
    {
        if (calendar.PauseContaining(day) is { } pause)
        {
            return (DayOffKind.Pause, pause.Name);
        }

        if (WorkingDayCalendar.HolidayName(day) is { } holiday)
        {
            return (DayOffKind.PublicHoliday, holiday);
        }

        return day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? (DayOffKind.Weekend, Weekend) : null;
    }
}

/// Dates as Norwegian readers write them, without depending on the machine's culture data.
public static class NorwegianDates
{
    /// The weekday in the current UI culture's standard (måndag, tysdag, laurdag in nynorsk).
    public static string Weekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Sunday => DefinitionWords.Day_Sunday,
        DayOfWeek.Monday => DefinitionWords.Day_Monday,
        DayOfWeek.Tuesday => DefinitionWords.Day_Tuesday,
        DayOfWeek.Wednesday => DefinitionWords.Day_Wednesday,
        DayOfWeek.Thursday => DefinitionWords.Day_Thursday,
        DayOfWeek.Friday => DefinitionWords.Day_Friday,
        _ => DefinitionWords.Day_Saturday,
    };

    /// torsdag 25.03.2027
    public static string Long(DateOnly date) => $"{Weekday(date)} {date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}";

    /// 25.03
    public static string Short(DateOnly date) => date.ToString("dd.MM", CultureInfo.InvariantCulture);

    /// ISO 8601 week number (Norway numbers weeks this way): «uke 12».
    public static int Week(DateOnly date) => ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue));

    /// «a, b og c»
    public static string List(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => $"{string.Join(", ", parts.Take(parts.Count - 1))} og {parts[^1]}",
    };
}
