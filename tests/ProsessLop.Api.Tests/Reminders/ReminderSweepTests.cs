using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Tests.Reminders;

/// The sweep on real PostgreSQL, run every morning of a period by moving the host's clock.
public abstract class ReminderSweepFixture(ProsessApp app)
{
    protected ProsessApp App => app;

    private static readonly TimeZoneInfo Oslo = ProsessLop.Workflow.Calendar.OsloTime.Zone;

    protected async Task RunEachMorningAsync(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var sevenInOslo = new DateTime(day.Year, day.Month, day.Day, 7, 0, 0, DateTimeKind.Unspecified);
            app.Clock.SetUtcNow(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(sevenInOslo, Oslo), TimeSpan.Zero));
            await app.SendAsync<ReminderRun>(new SendDueReminders());
        }
    }

    protected Task<List<(string Rule, DateOnly SendOn)>> SentAsync(Guid programme, string item) =>
        app.WithDbAsync(async db => (await db.ReminderDeliveries.Where(d => d.ProgrammeId == programme && d.ItemKey == item)
            .OrderBy(d => d.SendOn).Select(d => new { d.RuleKey, d.SendOn }).ToListAsync()).Select(d => (d.RuleKey, d.SendOn)).ToList());

    protected async Task<Guid> StartWithCoordinatorAsync(string municipality, DateOnly start)
    {
        var programme = await app.StartAsync(municipality, start);
        await app.WithDbAsync(async db =>
        {
            db.ContactPersons.Add(new Api.Features.Participants.ContactPerson
            {
                Id = Guid.CreateVersion7(), ParticipantId = municipality, Name = $"Koordinator {municipality}", Email = $"koordinator.{municipality}@kommune.test",
                GroupRole = "Kulturskoleleder", IsCoordinator = true, UserSubject = $"koordinator-{municipality}", CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return programme;
    }
}

public sealed class ReminderSweepTests(ProsessApp app) : ReminderSweepFixture(app), IClassFixture<ProsessApp>
{
    [Fact]
    public async Task Reminders_FireOnTheRightDays_AroundEaster_AndNotForDoneItems_AndOnlyOnce()
    {
        // Programme start Monday 19 April 2027: "forankre-politisk" is due three weeks before,
        // on Easter Monday 29 March → Tuesday 30 March.
        var programme = await StartWithCoordinatorAsync("1103", new DateOnly(2027, 4, 19));
        var done = await App.SendAsync<Api.Infrastructure.Errors.Result<ActionOutcome>>(
            new ActOnProgramme(programme, ActionKind.CompleteTask, "forankre-administrativt", null, null));
        Assert.True(done.Succeeded);

        await RunEachMorningAsync(new DateOnly(2027, 3, 1), new DateOnly(2027, 4, 7));

        Assert.Equal(
            [
                ("before-14", new DateOnly(2027, 3, 16)),
                ("before-7", new DateOnly(2027, 3, 23)),
                ("before-1", new DateOnly(2027, 3, 24)), // Maundy Thursday to Easter Monday are holidays
                ("after-1", new DateOnly(2027, 3, 31)),
                ("escalation", new DateOnly(2027, 4, 7)),
                ("repeat-8", new DateOnly(2027, 4, 7)),
            ],
            (await SentAsync(programme, "forankre-politisk")).OrderBy(r => r.SendOn).ThenBy(r => r.Rule, StringComparer.Ordinal).ToList());
        Assert.Empty(await SentAsync(programme, "forankre-administrativt"));

        var all = await App.WithDbAsync(db => db.ReminderDeliveries.Where(d => d.ProgrammeId == programme).ToListAsync());
        Assert.All(all, d => Assert.True(WorkingDayCalendar.IsWorkingDay(d.SendOn), $"{d.ItemKey} {d.RuleKey} on {d.SendOn}"));

        // The same morning again (a retried job) sends nothing more.
        var before = await App.WithDbAsync(db => db.OutboxMessages.CountAsync());
        await App.SendAsync<ReminderRun>(new SendDueReminders());
        Assert.Equal(before, await App.WithDbAsync(db => db.OutboxMessages.CountAsync()));
        Assert.Equal(all.Count, await App.WithDbAsync(db => db.ReminderDeliveries.CountAsync(d => d.ProgrammeId == programme)));

        // The coordinator sees them in the app, newest first, and can mark one read.
        var notifications = await App.WithDbAsync(db => db.Notifications.Where(n => n.RecipientSubject == "koordinator-1103").ToListAsync());
        Assert.Contains(notifications, n => n.Title == "Påminnelse: «Forankre deltakelsen politisk» har frist 30.03.2027");
        // A notification is read in the app, not in a mail: it never says «Denne e-posten…».
        Assert.All(notifications, n => Assert.DoesNotContain("e-post", n.Body, StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class ReminderHolidayTests(ProsessApp app) : ReminderSweepFixture(app), IClassFixture<ProsessApp>
{
    [Fact]
    public async Task Reminders_Skip17May_AndChristmas_AndTheJulyPause()
    {
        // "signere-deltakeravtale" is due two weeks before the start.
        var may = await StartWithCoordinatorAsync("1106", new DateOnly(2027, 5, 31));      // due Mon 17 May → Tue 18 May
        var christmas = await StartWithCoordinatorAsync("1108", new DateOnly(2028, 1, 10)); // due Mon 27 Dec 2027
        var july = await StartWithCoordinatorAsync("1111", new DateOnly(2027, 8, 23));      // due 9 Aug, reminders before July

        await RunEachMorningAsync(new DateOnly(2027, 5, 1), new DateOnly(2027, 5, 20));
        await RunEachMorningAsync(new DateOnly(2027, 6, 20), new DateOnly(2027, 8, 11));
        await RunEachMorningAsync(new DateOnly(2027, 12, 10), new DateOnly(2027, 12, 29));

        var mayPlan = await SentAsync(may, "signere-deltakeravtale");
        Assert.Contains(("before-1", new DateOnly(2027, 5, 14)), mayPlan); // 17 May is a holiday, 15–16 a weekend
        Assert.DoesNotContain(mayPlan, r => r.SendOn == new DateOnly(2027, 5, 17));

        var christmasPlan = await SentAsync(christmas, "signere-deltakeravtale");
        Assert.Contains(("before-1", new DateOnly(2027, 12, 24)), christmasPlan); // 25–26 December are holidays
        Assert.Contains(("after-1", new DateOnly(2027, 12, 28)), christmasPlan);

        var julyPlan = await App.WithDbAsync(db => db.ReminderDeliveries.Where(d => d.ProgrammeId == july).Select(d => d.SendOn).ToListAsync());
        Assert.NotEmpty(julyPlan);
        Assert.DoesNotContain(julyPlan, d => d.Month == 7);
    }
}

public sealed class ReminderTextTests(ProsessApp app) : ReminderSweepFixture(app), IClassFixture<ProsessApp>
{
    private Task<string> MailAboutAsync(string itemName, string participant) =>
        App.WithDbAsync(async db => (await db.OutboxMessages.ToListAsync())
            .Single(m => m.Text.Contains($"«{itemName}» for {participant}", StringComparison.Ordinal)).Text);

    [Fact]
    public async Task BeforeReminders_StateTheRealTimeLeft_NotTheRulesDayCount()
    {
        // Start Monday 25 October 2027: "signere-deltakeravtale" is due Monday 11 October. The
        // job runs only on the deadline day, so the "1 day before" reminder of Friday comes then.
        await StartWithCoordinatorAsync("1103", new DateOnly(2027, 10, 25));
        // Start Monday 23 August 2027: "forankre-politisk" is due Monday 2 August; every reminder
        // before it falls in the July pause and is sent on Wednesday 30 June.
        await StartWithCoordinatorAsync("1106", new DateOnly(2027, 8, 23));

        await RunEachMorningAsync(new DateOnly(2027, 6, 30), new DateOnly(2027, 6, 30));
        await RunEachMorningAsync(new DateOnly(2027, 10, 11), new DateOnly(2027, 10, 11));

        var onTheDay = await MailAboutAsync("Signere deltakeravtalen", "Stavanger");
        Assert.Contains("har frist 11.10.2027 (fristen er i dag).", onTheDay);
        Assert.DoesNotContain("1 dag igjen", onTheDay);

        var beforeJuly = await MailAboutAsync("Forankre deltakelsen politisk", "Haugesund");
        Assert.Contains("har frist 02.08.2027 (33 dager igjen, 1 arbeidsdag).", beforeJuly);
        var signing = await MailAboutAsync("Signere deltakeravtalen", "Haugesund");
        Assert.Contains("har frist 09.08.2027 (40 dager igjen, 6 arbeidsdager).", signing);
    }
}

public sealed class ReminderDigestTests(ProsessApp app) : ReminderSweepFixture(app), IClassFixture<ProsessApp>
{
    [Fact]
    public async Task OnePersonGetsOneMailPerSweep_WithTheItemsGroupedByProgramme()
    {
        // One person coordinates two municipalities (same address), both late on 7 April 2027.
        var stavanger = await StartWithCoordinatorAsync("1103", new DateOnly(2027, 4, 19));
        var haugesund = await App.StartAsync("1106", new DateOnly(2027, 4, 19));
        await App.WithDbAsync(async db =>
        {
            db.ContactPersons.Add(new Api.Features.Participants.ContactPerson
            {
                Id = Guid.CreateVersion7(), ParticipantId = "1106", Name = "Koordinator 1103", Email = "Koordinator.1103@kommune.test",
                GroupRole = "Kulturskoleleder", IsCoordinator = true, CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        await RunEachMorningAsync(new DateOnly(2027, 4, 7), new DateOnly(2027, 4, 7));

        var mails = await App.WithDbAsync(db => db.OutboxMessages.ToListAsync());
        var mail = Assert.Single(mails);
        Assert.Equal(["koordinator.1103@kommune.test"], mail.To.Select(a => a.ToLowerInvariant()));
        var reminders = await App.WithDbAsync(db => db.ReminderDeliveries.CountAsync());
        Assert.True(reminders > 2, $"{reminders} reminders");
        Assert.Equal(reminders, mail.Text.Split("» for ").Length - 1);
        Assert.Equal("Påminnelser: " + reminders + " frister for Haugesund, Stavanger", mail.Subject);
        // Grouped: each participant's heading, then its items, then its link.
        var text = mail.Text;
        Assert.True(text.IndexOf("Haugesund\n", StringComparison.Ordinal) < text.IndexOf($"/deltaker/{haugesund}", StringComparison.Ordinal));
        Assert.True(text.IndexOf($"/deltaker/{haugesund}", StringComparison.Ordinal) < text.IndexOf("Stavanger\n", StringComparison.Ordinal));
        Assert.True(text.IndexOf("Stavanger\n", StringComparison.Ordinal) < text.IndexOf($"/deltaker/{stavanger}", StringComparison.Ordinal));
    }
}
