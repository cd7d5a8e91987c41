using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Workflow.Tests;

// The sweep asks the database only for programmes whose ReminderSchedule (derived when the state
// last changed) has a day in today's catch-up window, and builds its candidates from the
// schedule's items. That preselection must never lose a reminder the full plan (every Active
// programme's agenda on the sweep's day) would send: compared here over many random policies,
// pauses, programmes worked by random allowed actions, and sweep days long after the last change.
public class ReminderScheduleTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void The_preselection_holds_every_reminder_the_full_plan_sends(int seed)
    {
        var random = new Random(seed);
        var definition = WithRandomPolicy(seed % 2 == 0 ? Repo.Kulturskole : Repo.Network, random);
        var calendar = new WorkingDayCalendar(definition.Pauses);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1 + random.Next(20), 8, 0, 0, TimeSpan.Zero));
        var engine = new ProgrammeEngine(definition, clock);
        var state = ProgrammeState.Start(ProgrammeScheduler.Create(definition, Participants.Municipality, new DateOnly(2026, 8, 31)));
        int sweepDays = 0, dueDays = 0, preselectedDays = 0;

        for (var step = 0; step < 120; step++)
        {
            var changedOn = engine.Today;
            var schedule = ReminderSchedule.Of(Agenda.Of(definition, state, changedOn));
            // The sweep names items from the definition by key, not from the database: the same names.
            Assert.All(schedule.Items, i => Assert.Equal(i.Name, ItemNames.Candidate(definition, i.Key, i.IsTask)));
            // Sweeps on days after this change, until the next one: the schedule is not rederived
            // by the mere passing of days (the nightly refresh may, but must not have to).
            for (var sweep = 0; sweep < 12; sweep++)
            {
                var today = changedOn.AddDays(random.Next(0, 400));
                var full = Plan(definition, calendar, Agenda.Of(definition, state, today).ReminderCandidates
                    .Select(i => new ReminderCandidate(i.Key, i.Name, i.Kind == AgendaKind.Task, i.Due, null)).ToList(), today);
                var preselected = schedule.MayRemindOn(today);
                sweepDays++;
                dueDays += full.Count > 0 ? 1 : 0;
                preselectedDays += preselected ? 1 : 0;
                if (full.Count > 0)
                {
                    Assert.True(preselected, $"seed {seed}, step {step}: {full.Count} reminders due on {today} but the schedule ({string.Join(", ", schedule.Dates)}) has no day in its window");
                }

                // From the schedule's items whose deadline may fire today (what the sweep hands the
                // plan) the plan is the same, reminder for reminder.
                var window = new ReminderWindow(definition.Reminders!, calendar, today);
                var fromSchedule = Plan(definition, calendar, [.. schedule.Items.Where(i => window.MayRemind(i.Due)).Select(i => i.Candidate(null))], today);
                Assert.Equal(full, fromSchedule);
            }

            clock.Advance(TimeSpan.FromDays(random.Next(0, 6)));
            var allowed = engine.Actions(state).Where(a => a.Allowed && (a.Action.Kind != ActionKind.WithdrawProgramme || random.Next(80) == 0)).ToList();
            if (allowed.Count == 0)
            {
                break;
            }

            Assert.True(engine.Apply(state, allowed[random.Next(allowed.Count)].Action).Allowed);
        }

        // Not vacuous: some sweep days had reminders due, and the preselection is not "always".
        Assert.True(dueDays > 0, $"seed {seed}: no sweep day had a reminder due");
        Assert.True(preselectedDays < sweepDays, $"seed {seed}: every sweep day was preselected");
    }

    // The database hands over only items whose deadline is among FiringDeadlines: every deadline
    // with a reminder due today must be among them, however far back (repeats, escalation, a
    // pause moving a reminder later) or ahead (reminders before a pause) it lies.
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void Firing_deadlines_hold_every_deadline_with_a_reminder_today(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 6; round++)
        {
            var definition = WithRandomPolicy(Repo.Kulturskole, random);
            var calendar = new WorkingDayCalendar(definition.Pauses);
            var today = new DateOnly(2026, 1, 1).AddDays(random.Next(0, 900));
            var window = new ReminderWindow(definition.Reminders!, calendar, today);
            var firing = window.FiringDeadlines().ToHashSet();
            for (var due = today.AddDays(-500); due <= today.AddDays(400); due = due.AddDays(1))
            {
                if (ReminderPlanner.DueOn(definition.Reminders!, due, today, calendar).Count > 0)
                {
                    Assert.True(window.MayRemind(due), $"seed {seed}: {due} has a reminder on {today} but MayRemind says no");
                    Assert.Contains(due, firing);
                }
            }
        }
    }

    [Fact]
    public void A_missed_day_is_caught_up_by_the_window_without_rederiving()
    {
        // One day before Thursday 11 March 2027 is Wednesday 10 March; a sweep that did not run
        // that day sends it on Thursday or Friday (the window reaches back CatchUpDays days).
        var definition = Repo.Kulturskole;
        var calendar = new WorkingDayCalendar(definition.Pauses);
        var due = new DateOnly(2027, 3, 11);
        var schedule = new ReminderSchedule([new ReminderItem("t", "Oppgave", true, due)],
            [.. ReminderSchedule.SendDates(definition.Reminders!, due, calendar).Distinct().Order()]);

        Assert.Contains(new DateOnly(2027, 3, 10), schedule.Dates);
        Assert.True(schedule.MayRemindOn(new DateOnly(2027, 3, 12)));
        Assert.NotEmpty(ReminderPlanner.DueOn(definition.Reminders!, due, new DateOnly(2027, 3, 12), calendar));
    }

    [Fact]
    public void Repeats_after_the_deadline_are_in_the_schedule_up_to_the_policy_limit()
    {
        var policy = new ReminderPolicy { DaysAfter = [1], RepeatEveryDays = 7, MaxRepeats = 4 };
        var calendar = new WorkingDayCalendar();
        var due = new DateOnly(2027, 2, 1);

        var dates = ReminderSchedule.SendDates(policy, due, calendar).ToList();

        // after-1, then repeats at 8, 15, 22, 29 days (all Mondays–Tuesdays, no holidays in February).
        Assert.Equal(5, dates.Count);
        Assert.Equal(new DateOnly(2027, 3, 2), dates.Max());
    }

    private static List<(Guid, string, string, DateOnly)> Plan(ProgrammeDefinition definition, WorkingDayCalendar calendar, IReadOnlyList<ReminderCandidate> candidates, DateOnly today) =>
        [.. ReminderPlan.For([new ReminderProgramme(Guid.Empty, "Bergen", definition.Reminders!, calendar, candidates, [], [])], today).Reminders
            .Select(r => (r.Programme.Id, r.Item.Key + "|" + r.Item.Name + "|" + r.Item.IsTask + "|" + r.Item.Due, r.Occurrence.RuleKey, r.Occurrence.SendOn))];

    // The definition with a random reminder policy and random pauses (through its JSON form, as
    // the studio would publish it).
    private static ProgrammeDefinition WithRandomPolicy(ProgrammeDefinition definition, Random random)
    {
        var node = JsonSerializer.SerializeToNode(definition, JsonSerializerOptions.Web)!.AsObject();
        int[] Some(int max, int most) => [.. Enumerable.Range(0, random.Next(0, most + 1)).Select(_ => random.Next(1, max + 1))];
        var policy = new ReminderPolicy
        {
            DaysBefore = Some(21, 4),
            DaysAfter = Some(10, 3),
            RepeatEveryDays = random.Next(3) == 0 ? 0 : random.Next(1, 8),
            MaxRepeats = random.Next(3) == 0 ? null : random.Next(0, 7),
            EscalateAfterDays = random.Next(3) == 0 ? 0 : random.Next(1, 20),
        };
        node["reminders"] = JsonSerializer.SerializeToNode(policy, JsonSerializerOptions.Web);
        PausePeriod[][] pauses =
        [
            [],
            [new() { Name = "Sommer", From = "07-01", To = "07-31" }],
            [new() { Name = "Sommer", From = "06-20", To = "08-10" }, new() { Name = "Jul", From = "12-20", To = "12-31" }],
        ];
        node["pauses"] = JsonSerializer.SerializeToNode(pauses[random.Next(pauses.Length)], JsonSerializerOptions.Web);
        return node.Deserialize<ProgrammeDefinition>(JsonSerializerOptions.Web)!;
    }
}
