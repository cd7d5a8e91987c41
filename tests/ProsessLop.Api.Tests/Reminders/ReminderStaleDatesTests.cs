using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Api.Tests.Reminders;

/// Commands keep reminder_dates (the sweep's GIN-indexed preselection) as a superset of the
/// schedule's days, so a completion does not move an indexed column and the update can be HOT.
/// A day left behind by a completed task must still send nothing for it: the sweep preselects the
/// programme by that day but reminds only about the exact items (reminder_dues/keys/tasks).
public sealed class ReminderStaleDatesTests(ProsessApp app) : ReminderSweepFixture(app), IClassFixture<ProsessApp>
{
    [Fact]
    public async Task AStaleDayLeftByACompletion_SendsNothingForTheDoneTask_AndTheSameAsExactDates()
    {
        // Start Monday 19 April 2027; the same task completed in both; only `exact`'s dates are tightened.
        var stale = await StartWithCoordinatorAsync("1103", new DateOnly(2027, 4, 19));
        var exact = await StartWithCoordinatorAsync("1106", new DateOnly(2027, 4, 19));
        var before = await App.WithDbAsync(db => db.Programmes.AsNoTracking().SingleAsync(p => p.Id == stale));
        var definition = App.Services.GetRequiredService<DefinitionRegistry>().Find(before.DefinitionKey, before.DefinitionVersion)!.Definition;

        // A task whose deadline no other open item shares: completing it takes its reminder days
        // out of the schedule (the days of the other deadlines aside).
        var dues = before.ReminderDues!;
        var task = Enumerable.Range(0, dues.Count)
            .First(i => before.ReminderTasks![i] && dues.Count(d => d == dues[i]) == 1 && StaleDays(before, definition, before.ReminderKeys![i]).Count > 0);
        var (key, due) = (before.ReminderKeys![task], dues[task]);
        foreach (var programme in new[] { stale, exact })
        {
            var done = await App.SendAsync<Result<ActionOutcome>>(new ActOnProgramme(programme, ActionKind.CompleteTask, key, null, null));
            Assert.True(done.Succeeded);
        }

        var after = await App.WithDbAsync(db => db.Programmes.AsNoTracking().SingleAsync(p => p.Id == stale));
        var schedule = ReminderSchedule.Of(Agenda.Of(definition, after.State, new DateOnly(2027, 1, 4)));
        // The command left the dates as they were (a superset) and wrote the items exactly.
        Assert.Equal(before.ReminderDates, after.ReminderDates);
        Assert.DoesNotContain(key, after.ReminderKeys!);
        Assert.Equal(schedule.Items.Select(i => i.Key), after.ReminderKeys!);
        var staleDays = after.ReminderDates!.Except(schedule.Dates).ToList();
        Assert.NotEmpty(staleDays);
        await App.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE programmes SET reminder_dates = {schedule.Dates.ToArray()} WHERE id = {exact}"));

        // Every morning from before the first stale day until after the task's deadline.
        await RunEachMorningAsync(staleDays.Min().AddDays(-1), due.AddDays(10));

        Assert.Empty(await SentAsync(stale, key));
        var sent = await App.WithDbAsync(db => db.ReminderDeliveries.Where(d => d.ProgrammeId == stale)
            .Select(d => new { d.ItemKey, d.RuleKey, d.SendOn }).ToListAsync());
        var sentExact = await App.WithDbAsync(db => db.ReminderDeliveries.Where(d => d.ProgrammeId == exact)
            .Select(d => new { d.ItemKey, d.RuleKey, d.SendOn }).ToListAsync());
        Assert.Equal(sentExact.OrderBy(d => d.SendOn).ThenBy(d => d.ItemKey).ThenBy(d => d.RuleKey),
            sent.OrderBy(d => d.SendOn).ThenBy(d => d.ItemKey).ThenBy(d => d.RuleKey));

        // The nightly refresh makes the dates exact again.
        await App.SendAsync<RefreshedBatch>(new RefreshDerivedColumns(null));
        var refreshed = await App.WithDbAsync(db => db.Programmes.Where(p => p.Id == stale).Select(p => p.ReminderDates).SingleAsync());
        Assert.Empty(refreshed!.Intersect(staleDays));
    }

    // The days the schedule loses when `key` is done (its own deadline's days no other deadline has).
    private List<DateOnly> StaleDays(Programme programme, ProsessLop.Workflow.Definitions.ProgrammeDefinition definition, string key)
    {
        var json = Api.Infrastructure.Persistence.JsonColumn.Compact;
        var state = System.Text.Json.JsonSerializer.Deserialize<ProgrammeState>(System.Text.Json.JsonSerializer.Serialize(programme.State, json), json)!;
        new ProgrammeEngine(definition, App.Clock).Apply(state, new ProgrammeAction(ActionKind.CompleteTask, key, null));
        return [.. programme.ReminderDates!.Except(ReminderSchedule.Of(Agenda.Of(definition, state, new DateOnly(2027, 1, 4))).Dates)];
    }
}
