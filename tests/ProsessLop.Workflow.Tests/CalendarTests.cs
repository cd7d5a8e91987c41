using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Tests;

public class CalendarTests
{
    private static readonly WorkingDayCalendar NoPauses = new();

    [Theory]
    [InlineData("2027-03-25", "2027-03-30")] // Maundy Thursday → past Good Friday, weekend and Easter Monday
    [InlineData("2027-03-29", "2027-03-30")] // Easter Monday
    [InlineData("2028-05-17", "2028-05-18")] // 17 May on a Wednesday
    [InlineData("2027-05-17", "2027-05-18")] // 17 May 2027 is also Whit Monday
    [InlineData("2026-05-01", "2026-05-04")] // 1 May on a Friday
    [InlineData("2026-12-25", "2026-12-28")] // Christmas Day and Boxing Day, then weekend
    [InlineData("2027-05-06", "2027-05-07")] // Ascension Day
    [InlineData("2027-01-01", "2027-01-04")] // New Year's Day on a Friday
    [InlineData("2026-09-05", "2026-09-07")] // an ordinary Saturday
    [InlineData("2026-09-08", "2026-09-08")] // an ordinary Tuesday stays
    public void Deadline_on_a_non_working_day_moves_to_the_next_Norwegian_working_day(string deadline, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), NoPauses.Adjust(DateOnly.Parse(deadline)));
    }

    [Fact]
    public void Deadline_in_a_pause_moves_to_the_first_working_day_after_it()
    {
        var calendar = new WorkingDayCalendar([new PausePeriod { Name = "Fellesferie", From = "07-01", To = "07-31" }]);

        // 31 July 2027 is a Saturday; 1 August a Sunday.
        Assert.Equal(new DateOnly(2027, 8, 2), calendar.Adjust(new DateOnly(2027, 7, 15)));
        Assert.Equal(new DateOnly(2027, 6, 30), calendar.Adjust(new DateOnly(2027, 6, 30)));
    }

    [Fact]
    public void Pause_across_New_Year_covers_both_years()
    {
        var calendar = new WorkingDayCalendar([new PausePeriod { Name = "Juleferie", From = "12-20", To = "01-03" }]);

        Assert.Equal(new DateOnly(2027, 1, 4), calendar.Adjust(new DateOnly(2026, 12, 21)));
        Assert.Equal(new DateOnly(2027, 1, 4), calendar.Adjust(new DateOnly(2027, 1, 2)));
        Assert.Null(calendar.PauseEndContaining(new DateOnly(2027, 1, 4)));
    }

    [Fact]
    public void Public_holidays_come_from_the_Norway_calendar()
    {
        Assert.True(WorkingDayCalendar.IsPublicHoliday(new DateOnly(2027, 3, 26)));
        Assert.True(WorkingDayCalendar.IsPublicHoliday(new DateOnly(2026, 5, 17)));
        Assert.False(WorkingDayCalendar.IsWorkingDay(new DateOnly(2027, 5, 1)));
        Assert.True(WorkingDayCalendar.IsWorkingDay(new DateOnly(2027, 3, 24)));
    }
}
