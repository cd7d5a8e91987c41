using Microsoft.Extensions.Time.Testing;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Migration;

namespace ProsessLop.Workflow.Tests;

// For randomly driven programmes (optional tasks, passed stages, withdrawn and completed
// programmes, recurring reports, migrated programmes) every reader of "what is open" tells the
// same story: the calendar feeds, "my tasks", the programme page's open items, the reminder
// sweep's candidates and the status compilation (its figures and the derived health).
public class AgendaAgreementTests
{
    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 40; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_reader_of_the_agenda_agrees(int seed) => Run(seed);

    // The generator reaches every case the agreement is about; otherwise the test proves little.
    [Fact]
    public void The_generated_programmes_cover_every_case()
    {
        var seen = Enumerable.Range(1, 40).SelectMany(Run).ToHashSet();
        Assert.Equal(["awaiting-review", "completed", "migrated", "open-optional-task", "optional-left-in-passed-stage", "overdue", "recurring-report", "withdrawn"],
            seen.Order(StringComparer.Ordinal).Where(c => c != "active"));
    }

    private static HashSet<string> Run(int seed)
    {
        var seen = new HashSet<string>();
        var random = new Random(seed);
        var definition = seed % 3 == 0 ? Repo.Network : Repo.Kulturskole;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 8, 1, 6, 0, 0, TimeSpan.Zero));
        var engine = new ProgrammeEngine(definition, clock);
        var state = ProgrammeState.Start(ProgrammeScheduler.Create(definition, Participants.Municipality, new DateOnly(2026, 8, 31)));
        var migrateAt = seed % 4 == 1 && definition == Repo.Kulturskole ? random.Next(5, 120) : -1;
        var withdrawChance = seed % 5 == 0 ? 20 : 400;

        for (var step = 0; step < 300; step++)
        {
            clock.Advance(TimeSpan.FromHours(random.Next(0, 80)));
            if (step == migrateAt)
            {
                (_, state) = MigrationPlanner.Apply(state, MigrationTests.Version2(), engine.Today);
                engine = new ProgrammeEngine(state.DefinitionVersion == 2 ? MigrationTests.Version2() : definition, clock);
            }

            AssertAgreement(engine, state, random);
            Observe(Agenda.Of(engine, state), seen);
            var allowed = engine.Actions(state)
                .Where(a => a.Allowed && (a.Action.Kind != ActionKind.WithdrawProgramme || random.Next(withdrawChance) == 0))
                .ToList();
            if (allowed.Count == 0)
            {
                break;
            }

            // Leave some work undone on purpose, so passed stages keep open optional tasks.
            var pick = allowed[random.Next(allowed.Count)].Action;
            if (pick.Kind == ActionKind.CompleteTask && !state.Task(pick.Target)!.Required && random.Next(2) == 0)
            {
                continue;
            }

            Assert.True(engine.Apply(state, pick).Allowed);
        }

        AssertAgreement(engine, state, random);
        Observe(Agenda.Of(engine, state), seen);
        return seen;
    }

    private static void Observe(Agenda agenda, HashSet<string> seen)
    {
        var state = agenda.State;
        seen.Add(state.Status.ToString().ToLowerInvariant());
        if (state.DefinitionVersion > 1)
        {
            seen.Add("migrated");
        }

        var passed = state.Stages.Where(s => s.Status == StageStatus.Completed).Select(s => s.Key).ToHashSet();
        if (state.Tasks.Any(t => !t.Required && !t.IsFinished && passed.Contains(t.StageKey)))
        {
            seen.Add("optional-left-in-passed-stage");
        }

        foreach (var item in agenda.Items)
        {
            if (item.Kind == AgendaKind.Task && !item.Required)
            {
                seen.Add("open-optional-task");
            }

            if (item.Overdue)
            {
                seen.Add("overdue");
            }

            if (item.AwaitingReview)
            {
                seen.Add("awaiting-review");
            }

            if (item.Report is { Occurrence: > 1 })
            {
                seen.Add("recurring-report");
            }
        }
    }

    private static void AssertAgreement(ProgrammeEngine engine, ProgrammeState state, Random random)
    {
        var today = engine.Today;
        var agenda = Agenda.Of(engine, state);
        var page = agenda.Items;
        var participantFeed = agenda.Calendar(null).ToList();
        var reminders = agenda.ReminderCandidates.ToList();
        var assigned = state.Tasks.Where(_ => random.Next(3) > 0).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var personalFeed = agenda.Calendar(assigned).ToList();
        var myTasks = agenda.TasksOf(assigned).ToList();
        var health = DerivedStatus.Evaluate(agenda);
        var passed = state.Stages.Where(s => s.Status == StageStatus.Completed).Select(s => s.Key).ToHashSet();

        // An independent reading of the state: what must be the participant's open work.
        var expected = state.Status != ProgrammeStatus.Active ? []
            : state.Tasks.Where(t => !t.Retired && !t.IsFinished && !passed.Contains(t.StageKey)).Select(t => ("task", t.Key, t.Due))
                .Concat(state.Reports.Where(r => !r.Retired && !r.IsDelivered && r.Status != ReportStatus.Submitted && !passed.Contains(r.StageKey)).Select(r => ("report", r.Key, r.Due)))
                .ToHashSet();
        static (string, string, DateOnly) Id(AgendaItem i) => (i.Kind == AgendaKind.Task ? "task" : "report", i.Key, i.Due);
        Assert.Equal(expected, participantFeed.Select(Id).ToHashSet());

        // The reminder sweep's candidates are the calendar's deadlines, optional tasks included.
        Assert.Equal(participantFeed.Select(Id), reminders.Select(Id));

        // The page's open items hold every deadline and, beside them, only the owner's turn.
        Assert.Equal(participantFeed.Select(Id).ToHashSet(), page.Where(i => !i.OwnersTurn).Select(Id).ToHashSet());
        Assert.All(page.Where(i => i.OwnersTurn), i => Assert.False(i.Overdue));
        Assert.All(page, i => Assert.DoesNotContain(i.StageKey, passed));
        Assert.All(page, i => Assert.False(string.IsNullOrEmpty(i.Name)));

        // "My tasks" and the personal feed: the same open tasks with the same overdue flag.
        Assert.Equal(personalFeed.Select(i => (i.Key, i.Overdue)).ToHashSet(), myTasks.Where(t => t.Open).Select(t => (t.Task.Key, t.Overdue)).ToHashSet());
        Assert.All(myTasks.Where(t => !t.Open), t => Assert.True(t.Task.IsFinished && !t.Overdue));
        Assert.All(personalFeed, i => Assert.Equal(i.Due < today, i.Overdue));

        // The status compilation's figures are the calendar's overdue required work.
        Assert.Equal(participantFeed.Where(i => i.Kind == AgendaKind.Task && i.Overdue && i.Required).Select(Id).ToHashSet(), agenda.OverdueTasks.Select(Id).ToHashSet());
        Assert.Equal(participantFeed.Where(i => i.Kind == AgendaKind.Report && i.Overdue).Select(Id).ToHashSet(), agenda.LateReports.Select(Id).ToHashSet());
        Assert.Equal(state.Status != ProgrammeStatus.Active ? 0 : state.Reports.Count(r => !r.Retired && r.Status == ReportStatus.Submitted && r.RequiresApproval && !passed.Contains(r.StageKey)), agenda.AwaitingReview);
        Assert.Equal(participantFeed.Count == 0 ? null : participantFeed.Min(i => i.Due), agenda.NextDue);
        Assert.All(agenda.ReportsDue, i => Assert.Contains(Id(i), participantFeed.Select(Id)));

        // The colour follows the overdue required work; closed programmes have nothing open.
        var lateRequired = participantFeed.Any(i => i.Overdue && i.Required);
        switch (state.Status)
        {
            case ProgrammeStatus.Withdrawn:
                Assert.Equal(Health.Withdrawn, health.Status);
                Assert.Empty(page);
                Assert.DoesNotContain(myTasks, t => t.Open);
                break;
            case ProgrammeStatus.Completed:
                Assert.Equal(Health.Done, health.Status);
                Assert.Empty(page);
                break;
            default:
                Assert.Equal(lateRequired, health.Stages.Any(s => s.Status == Health.Late));
                if (lateRequired)
                {
                    Assert.Equal(Health.Late, health.Status);
                }

                break;
        }
    }
}
