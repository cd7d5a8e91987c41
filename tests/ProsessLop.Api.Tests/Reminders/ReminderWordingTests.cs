using ProsessLop.Api.Features.Reminders;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Api.Tests.Reminders;

// A reminder speaks the one vocabulary: a late report is «ikke levert», a late task «ikke fullført».
public sealed class ReminderWordingTests
{
    private static readonly DateOnly Due = new(2027, 3, 30);

    private static string LeadAfter(bool isTask)
    {
        var item = new ReminderCandidate("k", "Forankringsnotat", isTask, Due, null);
        var programme = new ReminderProgramme(Guid.NewGuid(), "Klepp", new ReminderPolicy(), new WorkingDayCalendar([]), [item], [], []);
        var reminder = new DueReminder(programme, item, new ReminderOccurrence(ReminderKind.After, 2, Due.AddDays(2)), [], []);
        return ReminderText.For(reminder, Due.AddDays(2), "https://prosesslop.example").Lead;
    }

    [Fact]
    public void A_late_report_is_not_delivered_and_a_late_task_not_completed()
    {
        Assert.Contains("hadde frist 30.03.2027 og er ikke levert (2 dager siden).", LeadAfter(isTask: false), StringComparison.Ordinal);
        Assert.Contains("hadde frist 30.03.2027 og er ikke fullført (2 dager siden).", LeadAfter(isTask: true), StringComparison.Ordinal);
    }
}
