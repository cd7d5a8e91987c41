using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Reminders;

/// The sweep reads a due task's assignee from the programme row's copy of its assignments
/// (Programme.AssignedTaskKeys), not from task_assignments: every command that changes an
/// assignment keeps the copy in step, and the reminder goes to whoever has the task that morning.
public sealed class ReminderAssigneeTests(ProsessApp app) : ReminderSweepFixture(app), IClassFixture<ProsessApp>
{
    private const string Task = "forankre-politisk"; // due Tuesday 30.03.2027 for a start on 19.04.2027

    [Fact]
    public async Task TheReminderGoesToWhoeverHasTheTaskThatMorning_AfterAssigning_Reassigning_AndErasing()
    {
        var programme = await StartWithCoordinatorAsync("1124", new DateOnly(2027, 4, 19));
        var kari = await App.AddContactAsync("1124", "Kari Sola");
        var per = await App.AddContactAsync("1124", "Per Sola");
        var coordinator = App.ClientAs(Roles.Coordinator, "1124");

        await AssignAsync(coordinator, programme, Task, kari);
        await AssignAsync(coordinator, programme, "forankre-administrativt", per);
        await App.AssertAssignmentCopyInStepAsync(programme);
        await RunEachMorningAsync(new DateOnly(2027, 3, 16), new DateOnly(2027, 3, 16)); // before-14
        Assert.Equal(1, await MailsAboutTheTaskToAsync("kari.sola@kommune.test"));
        Assert.Equal(0, await MailsAboutTheTaskToAsync("per.sola@kommune.test"));

        await AssignAsync(coordinator, programme, Task, per);
        await App.AssertAssignmentCopyInStepAsync(programme);
        await RunEachMorningAsync(new DateOnly(2027, 3, 23), new DateOnly(2027, 3, 23)); // before-7
        Assert.Equal(1, await MailsAboutTheTaskToAsync("kari.sola@kommune.test"));
        Assert.Equal(1, await MailsAboutTheTaskToAsync("per.sola@kommune.test"));

        // Erasing Per takes both his tasks off the row's copy too; the coordinator is still told.
        var erased = await App.SendAsync<Api.Infrastructure.Errors.Result<bool>>(new EraseContact(per));
        Assert.True(erased.Succeeded);
        await App.AssertAssignmentCopyInStepAsync(programme);
        Assert.Empty(await App.WithDbAsync(db => db.Programmes.Where(p => p.Id == programme).Select(p => p.AssignedTaskKeys).SingleAsync()));
        var outboxBefore = await App.WithDbAsync(db => db.OutboxMessages.CountAsync());
        await RunEachMorningAsync(new DateOnly(2027, 3, 24), new DateOnly(2027, 3, 24)); // before-1
        Assert.Equal([("before-1", new DateOnly(2027, 3, 24))], (await SentAsync(programme, Task)).Where(s => s.SendOn == new DateOnly(2027, 3, 24)));
        var newMail = await App.WithDbAsync(db => db.OutboxMessages.OrderBy(m => m.CreatedAt).Skip(outboxBefore).ToListAsync());
        Assert.Contains(newMail, m => m.To.Contains("koordinator.1124@kommune.test"));
        Assert.All(newMail, m => Assert.DoesNotContain(m.To, to => to.Contains("sola", StringComparison.Ordinal) || to.Contains("slettet", StringComparison.Ordinal)));
    }

    private static async Task AssignAsync(HttpClient coordinator, Guid programme, string task, Guid person) =>
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"/api/programmes/{programme}/tasks/{task}/assignee", new { contactPersonId = person })).StatusCode);

    // Mails to the person that remind about the task (alone, or in a digest with other deadlines).
    private async Task<int> MailsAboutTheTaskToAsync(string address) =>
        (await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.Text.Contains("«Forankre deltakelsen politisk»")).ToListAsync()))
        .Count(m => m.To.Contains(address));
}
