using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Api.Tests.Reminders;

/// The sweep reads only programmes whose derived reminder_dates fall in today's catch-up window
/// (ReminderSchedule); rows written before those columns existed are read the old way until the
/// nightly refresh derives them.
public sealed class ReminderPreselectionTests(ProsessApp app) : ReminderSweepFixture(app), IClassFixture<ProsessApp>
{
    [Fact]
    public async Task AProgrammeNotDerivedYet_IsRemindedLikeADerivedOne_AndTheRefreshDerivesIt()
    {
        // Start Monday 19 April 2027: "forankre-politisk" is due Tuesday 30 March, "before-14" on 16 March.
        var derived = await StartWithCoordinatorAsync("1103", new DateOnly(2027, 4, 19));
        var legacy = await StartWithCoordinatorAsync("1106", new DateOnly(2027, 4, 19));
        await App.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE programmes SET reminder_dates = NULL, reminder_dues = NULL, reminder_keys = NULL, reminder_tasks = NULL WHERE id = {legacy}"));

        // Weeks before any reminder: neither is read (the legacy row's first deadline is beyond the horizon).
        Assert.Empty(await PreselectedAsync(new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 25)));

        await RunEachMorningAsync(new DateOnly(2027, 3, 15), new DateOnly(2027, 3, 16));

        var sent = await SentAsync(derived, "forankre-politisk");
        Assert.Contains(("before-14", new DateOnly(2027, 3, 16)), sent);
        Assert.Equal(sent, await SentAsync(legacy, "forankre-politisk"));

        await App.SendAsync<RefreshedBatch>(new RefreshDerivedColumns(null));
        var dates = await App.WithDbAsync(db => db.Programmes.Where(p => p.Id == legacy).Select(p => p.ReminderDates).SingleAsync());
        Assert.NotNull(dates);
        Assert.Contains(new DateOnly(2027, 3, 23), dates); // before-7

        // Derived, both are read on a reminder day, from their columns, not their state.
        var reminderDay = await PreselectedAsync(new DateOnly(2027, 3, 23), new DateOnly(2027, 12, 31));
        Assert.Equal(new[] { derived, legacy }.Order(), reminderDay.Select(p => p.Id).Order());
        Assert.All(reminderDay, p => Assert.Null(p.State));
        Assert.All(reminderDay, p => Assert.Contains(p.Items!, i => i.Key == "forankre-politisk" && i.Due == new DateOnly(2027, 3, 30)));
        // Named from the definition, as the agenda names the task.
        var name = ProsessLop.Workflow.Engine.ItemNames.Task(App.Services.GetRequiredService<DefinitionRegistry>().Latest("fremtidens-kulturskole")!, "forankre-politisk");
        Assert.All(reminderDay, p => Assert.Equal(name, p.Items!.Single(i => i.Key == "forankre-politisk").Name));
    }

    private Task<List<SweepProgramme>> PreselectedAsync(DateOnly today, DateOnly horizon)
    {
        var registry = App.Services.GetRequiredService<DefinitionRegistry>();
        var definition = registry.Latest("fremtidens-kulturskole")!;
        var window = new ReminderWindow(definition.Reminders!, new WorkingDayCalendar(definition.Pauses), today);
        return App.WithDbAsync(db => ReminderPreselection.ProgrammesAsync(db, [window], today, horizon, (key, version) => registry.Find(key, version)?.Definition, CancellationToken.None));
    }
}

/// The preselection's plan on a connection that runs it day after day.
public sealed class ReminderPreselectionPlanTests(ProsessApp app) : ReminderSweepFixture(app), IClassFixture<ProsessApp>
{
    [Fact]
    public async Task ThePreselection_IsPlannedForTheDaysWindow_EveryTime_NeverWithAGenericPlan()
    {
        // A pooled connection runs the sweep once a day for weeks: Npgsql prepares the statement on
        // its second use, and after five runs PostgreSQL may switch to a generic plan made without
        // the window (at 1,000,000 open tasks a GIN bitmap scan at 2.5× the CPU of today's plan).
        await StartWithCoordinatorAsync("1108", new DateOnly(2027, 4, 19));
        var registry = App.Services.GetRequiredService<DefinitionRegistry>();
        var definition = registry.Latest("fremtidens-kulturskole")!;
        var plans = await App.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync(); // one connection for every run
            for (var day = new DateOnly(2027, 3, 15); day < new DateOnly(2027, 3, 25); day = day.AddDays(1))
            {
                var window = new ReminderWindow(definition.Reminders!, new WorkingDayCalendar(definition.Pauses), day);
                await ReminderPreselection.ProgrammesAsync(db, [window], day, day.AddDays(14), (key, version) => registry.Find(key, version)?.Definition, CancellationToken.None);
            }

            return await db.Database.SqlQueryRaw<PlanCounts>("""
                SELECT generic_plans AS "Generic", custom_plans AS "Custom" FROM pg_prepared_statements
                WHERE statement LIKE '%unnest(p.reminder_dues, p.reminder_keys, p.reminder_tasks)%' AND statement NOT LIKE '%pg_prepared_statements%'
                """).ToListAsync();
        });

        var prepared = Assert.Single(plans);
        Assert.Equal(0, prepared.Generic);
        Assert.True(prepared.Custom >= 8, $"{prepared.Custom} custom plans");
    }

    private sealed record PlanCounts(long Generic, long Custom);
}
