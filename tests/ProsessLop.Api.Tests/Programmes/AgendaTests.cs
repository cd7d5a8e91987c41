using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Calendar;

namespace ProsessLop.Api.Tests.Programmes;

/// What is open in a programme, read by the reminder sweep, the calendar feed and "my tasks":
/// optional tasks and passed stages are treated the same way by each of them (the agenda).
public abstract class AgendaFixture(ProsessApp app)
{
    // Monday 4 January 2027: "lage-interessentkart" (optional) is due six weeks later, 15 February.
    private static readonly DateOnly Start = new(2027, 1, 4);

    protected ProsessApp App => app;

    protected HttpClient Owner => app.ClientAs(Roles.Owner);

    protected async Task OkAsync(string path, object? body = null)
    {
        var response = body is null ? await Owner.PostAsync(path, null) : await Owner.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task CompleteTasksAsync(Guid programme, params string[] tasks)
    {
        foreach (var task in tasks)
        {
            await OkAsync($"/api/programmes/{programme}/tasks/{task}/complete");
        }
    }

    protected async Task DeliverAsync(Guid programme, string report)
    {
        await OkAsync($"/api/programmes/{programme}/reports/{report}/submit");
        await OkAsync($"/api/programmes/{programme}/reports/{report}/approve");
    }

    /// Through the first stage, and the second stage's required work done (the optional
    /// "lage-interessentkart" left open); the next required deadline is the mapping report's, 1 March.
    /// Each test class has its own host and clock, which moves only forward.
    protected async Task<Guid> IntoMappingAsync(string municipality)
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 5, 8, 0, 0, TimeSpan.Zero));
        var programme = await app.StartAsync(municipality, Start);
        await CompleteTasksAsync(programme, "utpeke-kontaktperson", "forankre-administrativt", "forankre-politisk", "etablere-kommunegruppe", "signere-deltakeravtale");
        await DeliverAsync(programme, "forankringsnotat");
        await OkAsync($"/api/programmes/{programme}/stages/forankring/decision", new { note = "Godkjent." });
        await OkAsync($"/api/programmes/{programme}/stages/forankring/complete");
        await CompleteTasksAsync(programme, "delta-oppstartssamling", "beskrive-nasituasjon", "beskrive-fremtidsbilde", "samle-nokkeltall");
        return programme;
    }

    protected async Task MorningAsync(DateOnly day)
    {
        var seven = new DateTime(day.Year, day.Month, day.Day, 7, 0, 0, DateTimeKind.Unspecified);
        app.Clock.SetUtcNow(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(seven, OsloTime.Zone), TimeSpan.Zero));
        await app.SendAsync<ReminderRun>(new SendDueReminders());
    }

}

public sealed class OptionalTaskReminderTests(ProsessApp app) : AgendaFixture(app), IClassFixture<ProsessApp>
{
    [Fact]
    public async Task AnOptionalTask_IsReminded_WhenNothingElseIsDueSoon()
    {
        var programme = await IntoMappingAsync("1820");

        await MorningAsync(new DateOnly(2027, 2, 1)); // 14 days before 15 February

        var sent = await App.WithDbAsync(db => db.ReminderDeliveries.Where(d => d.ProgrammeId == programme).Select(d => d.ItemKey + " " + d.RuleKey).ToListAsync());
        Assert.Equal(["lage-interessentkart before-14"], sent);
    }

}

public sealed class PassedStageTests(ProsessApp app) : AgendaFixture(app), IClassFixture<ProsessApp>
{
    [Fact]
    public async Task AfterItsStageIsPassed_AnOpenOptionalTask_LeavesTheCalendar_AndMyTasks_AndTheReminders()
    {
        var programme = await IntoMappingAsync("1822");
        var person = await App.AddContactAsync("1822", "Kari Nordmann", "kari-1822");
        Assert.Equal(HttpStatusCode.OK, (await Owner.PutAsJsonAsync($"/api/programmes/{programme}/tasks/lage-interessentkart/assignee", new { contactPersonId = person })).StatusCode);
        await DeliverAsync(programme, "kartleggingsrapport");
        await OkAsync($"/api/programmes/{programme}/stages/kartlegging/complete");

        await MorningAsync(new DateOnly(2027, 2, 17)); // two days after the optional task's deadline
        var feed = await (await App.ClientAs(Roles.Coordinator, "1822").PostAsJsonAsync("/api/calendar-feeds", new { kind = "participant", participantId = "1822" }))
            .JsonAsync(HttpStatusCode.Created);
        var ics = await App.CreateClient().GetStringAsync(new Uri(feed.GetProperty("url").GetString()!).AbsolutePath);
        var mine = await App.ClientFor("kari-1822", Roles.Participant, "1822").GetFromJsonAsync<JsonElement>("/api/me/tasks");
        var detail = await Owner.DetailAsync(programme);

        Assert.DoesNotContain("lage-interessentkart", ics, StringComparison.Ordinal);
        Assert.DoesNotContain(mine.EnumerateArray(), t => t.GetProperty("taskKey").GetString() == "lage-interessentkart" && t.GetProperty("overdue").GetBoolean());
        Assert.DoesNotContain(detail.GetProperty("openItems").EnumerateArray(), i => i.GetProperty("key").GetString() == "lage-interessentkart");
        Assert.Empty(await App.WithDbAsync(db => db.ReminderDeliveries.Where(d => d.ProgrammeId == programme && d.ItemKey == "lage-interessentkart").ToListAsync()));
    }
}
