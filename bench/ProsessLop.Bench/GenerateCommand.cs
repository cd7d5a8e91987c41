using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Bench;

/// `generate --connection CS [--municipalities 357] [--programmes 20] [--seed 42] [--replace]
///           [--open-tasks-target N]`
///
/// `--open-tasks-target N` (the reminder sweep at scale) then adds synthetic participants
/// ("Testdeltaker NNNNNN", id `xNNNNNN`, in a real municipality's county), each with one current
/// cohort made the same way, until the Active programmes hold N open tasks in all (every task not
/// yet done or not applicable, in any stage: what a reminder sweep has to consider).
///
/// N municipalities × M programmes of `fremtidens-kulturskole` v1 in a migrated database. Per
/// municipality: one Active programme (the current cohort, at a varied stage with open work)
/// and M−1 historical cohorts, mostly Completed, some Withdrawn. Only one programme per
/// participant and definition may be Active, so the history is what makes M > 1 realistic.
/// Every state is made by applying real engine actions on the dates they happen (a settable
/// clock), and the derived columns are filled by ProgrammeRuntime.Derive, as the commands do.
internal static class GenerateCommand
{
    private const int BatchSize = 250;

    /// Historical cohorts start this far apart: the programme runs from week −8 to week 56, so
    /// cohorts 66 weeks apart do not overlap even when they finish a little late.
    private const int CohortSpacingWeeks = 66;

    public static async Task<int> Run(BenchOptions options)
    {
        var connection = options.Required("connection");
        var municipalities = options.Int("municipalities", 357);
        var perMunicipality = options.Int("programmes", 20);
        var random = new Random(options.Int("seed", 42));
        var definition = DerivedStatusBench.LoadDefault();
        var now = DateTimeOffset.UtcNow;
        var today = OsloTime.Today(TimeProvider.System);

        await using (var db = new ProsessDb(ProsessDbOptions.For(connection)))
        {
            var existing = await db.Programmes.CountAsync();
            if (existing > 0 && !options.Flag("replace"))
            {
                await Console.Error.WriteLineAsync($"The database already has {existing} programmes; pass --replace to delete them first.");
                return 1;
            }
            if (existing > 0)
            {
                await db.Database.ExecuteSqlRawAsync("TRUNCATE programmes CASCADE");
            }
        }

        // Historical cohorts 66 weeks apart unless that would start before 1971 (version 7 ids
        // are time-ordered from 1970): then closer together, overlapping in time, which the rule
        // allows for finished programmes. Only the dates of finished cohorts change; what the
        // benches read depends on how many rows there are per participant and county.
        var spacingWeeks = Math.Min(CohortSpacingWeeks, (today.DayNumber - new DateOnly(1971, 1, 1).DayNumber) / 7 / Math.Max(1, perMunicipality));
        var watch = Stopwatch.StartNew();
        var clock = new SettableClock();
        var engine = new ProgrammeEngine(definition, clock);
        var all = Municipality.Official2024.Take(municipalities).ToList();
        var batch = new List<Programme>(BatchSize);
        var inserted = 0;
        long stateBytes = 0;
        var openTasks = 0;
        long allOpenTasks = 0;
        var openTasksTarget = options.Int("open-tasks-target", 0);
        var byStatus = new Dictionary<string, int>();
        var byHealth = new Dictionary<string, int>();
        var byStage = new Dictionary<string, int>();
        // The real municipalities with their history, then (only with --open-tasks-target)
        // synthetic participants with one current cohort each until the target is reached.
        var synthetic = 0;
        var participants = all.Select(m => (Id: m.Number, m.Name, m.CountyNumber, Cohorts: perMunicipality))
            .Concat(SyntheticParticipants(random, () => allOpenTasks < openTasksTarget, () => synthetic++));
        foreach (var (participantId, participantName, countyNumber, cohorts) in participants)
        {
            var participant = new Participant(ParticipantKind.Municipality, participantId, participantName, [participantId]);
            // The current cohort: started between 60 weeks ago and 6 weeks from now (still in
            // the anchoring stage, which begins 8 weeks before the start).
            var currentStart = today.AddDays(7 * random.Next(-60, 7));
            for (var cohort = 0; cohort < cohorts; cohort++)
            {
                var start = currentStart.AddDays(-7 * spacingWeeks * cohort);
                var state = ProgrammeState.Start(ProgrammeScheduler.Create(definition, participant, start));
                var pace = Pace(random);
                if (cohort == 0)
                {
                    Simulate(engine, state, clock, today, pace, random);
                    clock.Set(now);
                }
                else if (random.NextDouble() < 0.12)
                {
                    // Withdrawn somewhere along the way (as two of the sixteen pilots were).
                    var withdrawn = start.AddDays(random.Next(-50, 380));
                    Simulate(engine, state, clock, withdrawn, pace, random);
                    clock.Set(withdrawn);
                    engine.Apply(state, new ProgrammeAction(ActionKind.WithdrawProgramme, "", "Kommunen har ikke kapasitet til å fullføre programmet nå."));
                }
                else
                {
                    Simulate(engine, state, clock, DateOnly.MaxValue.AddDays(-1000), pace, random);
                }

                var createdAt = new DateTimeOffset(start.AddDays(-7 * 10).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
                var programme = new Programme
                {
                    Id = Guid.CreateVersion7(createdAt),
                    DefinitionKey = definition.Key,
                    DefinitionVersion = definition.Version,
                    ParticipantKind = ParticipantKind.Municipality,
                    ParticipantId = participantId,
                    ParticipantName = participantName,
                    CountyNumbers = [countyNumber],
                    StartDate = start,
                    State = state,
                    CreatedAt = createdAt,
                };
                programme.DeriveColumns(engine, clock.GetUtcNow());
                Count(byStatus, programme.Status.ToString());
                Count(byHealth, programme.Health.ToString());
                if (programme.Status == ProgrammeStatus.Active)
                {
                    Count(byStage, programme.CurrentStageKey);
                    openTasks += state.Tasks.Count(t => t.StageKey == programme.CurrentStageKey && !t.Retired && !t.IsFinished);
                    allOpenTasks += state.Tasks.Count(t => !t.Retired && !t.IsFinished);
                }
                stateBytes += JsonSerializer.SerializeToUtf8Bytes(state, JsonColumn.Compact).Length;
                batch.Add(programme);
                if (batch.Count == BatchSize)
                {
                    inserted += await InsertAsync(connection, batch);
                }
            }
        }
        inserted += await InsertAsync(connection, batch);

        await using (var db = new ProsessDb(ProsessDbOptions.For(connection)))
        {
            // As autovacuum would soon after a bulk load; the benches should not measure a table without statistics.
            await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) programmes");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generate: {inserted} programmes ({all.Count} municipalities × {perMunicipality}{(synthetic > 0 ? $" + {synthetic} synthetic participants × 1" : "")}, cohorts {spacingWeeks} weeks apart) in {watch.Elapsed.TotalSeconds:F1} s, state json avg {stateBytes / Math.Max(1, inserted)} bytes"));
        Console.WriteLine($"  status: {Show(byStatus)}");
        Console.WriteLine($"  health: {Show(byHealth)}");
        Console.WriteLine($"  active programmes by stage: {Show(byStage)}; open tasks in current stages: {openTasks}; open tasks in all stages: {allOpenTasks}");
        return 0;
    }

    /// Participants that do not exist, for scale only: ids `x000001`… (never a municipality
    /// number), each in a real county, with one cohort, produced while `more()` holds.
    private static IEnumerable<(string Id, string Name, string CountyNumber, int Cohorts)> SyntheticParticipants(Random random, Func<bool> more, Action counted)
    {
        var counties = Municipality.Official2024.Select(m => m.CountyNumber).Distinct().Order().ToList();
        for (var n = 1; more(); n++)
        {
            counted();
            yield return (string.Create(CultureInfo.InvariantCulture, $"x{n:D6}"), string.Create(CultureInfo.InvariantCulture, $"Testdeltaker {n:D6}"), counties[random.Next(counties.Count)], 1);
        }
    }

    /// How far behind plan a municipality works (days added to every due date).
    private static int Pace(Random random) => random.NextDouble() switch
    {
        < 0.5 => random.Next(-6, 3),
        < 0.8 => random.Next(4, 21),
        _ => random.Next(25, 60),
    };

    /// Works the programme stage by stage up to `until`: tasks started and completed around
    /// their due dates (shifted by the pace), reports submitted and approved, the owner's
    /// decision where the gate needs one, then the stage completed. Stops at `until`, leaving
    /// whatever is not yet done open.
    private static void Simulate(ProgrammeEngine engine, ProgrammeState state, SettableClock clock, DateOnly until, int pace, Random random)
    {
        var cursor = state.Stages[0].PlannedStart;
        while (state.Status == ProgrammeStatus.Active)
        {
            var index = state.CurrentStageIndex;
            var stage = state.Stages[index];
            var gate = engine.Definition.Stages[index].Gate;
            var steps = new List<(DateOnly On, ProgrammeAction Action)>();
            foreach (var task in state.Tasks.Where(t => t.StageKey == stage.Key && !t.Retired))
            {
                var done = task.Due.AddDays(pace + random.Next(-14, 8));
                if (random.NextDouble() < 0.6)
                {
                    steps.Add((done.AddDays(-random.Next(2, 21)), new(ActionKind.StartTask, task.Key)));
                }
                steps.Add((done, new(ActionKind.CompleteTask, task.Key)));
            }
            foreach (var report in state.Reports.Where(r => r.StageKey == stage.Key && !r.Retired))
            {
                var submitted = report.Due.AddDays(pace + random.Next(-7, 5));
                steps.Add((submitted, new(ActionKind.SubmitReport, report.Key)));
                if (report.RequiresApproval)
                {
                    steps.Add((submitted.AddDays(random.Next(2, 15)), new(ActionKind.ApproveReport, report.Key)));
                }
            }
            steps.Sort((a, b) => a.On.CompareTo(b.On));
            var last = steps.Count > 0 ? steps[^1].On : cursor;
            if (gate.OwnerDecision)
            {
                steps.Add((last.AddDays(random.Next(1, 8)), new(ActionKind.RecordOwnerDecision, stage.Key)));
            }
            var leave = Max(steps.Count > 0 ? steps[^1].On : cursor, stage.PlannedEnd.AddDays(pace)).AddDays(random.Next(0, 4));
            steps.Add((leave, new(ActionKind.CompleteStage, stage.Key)));

            foreach (var (on, action) in steps)
            {
                cursor = Max(cursor, on);
                if (cursor > until)
                {
                    return;
                }
                clock.Set(cursor);
                if (!engine.Apply(state, action).Allowed && action.Kind == ActionKind.CompleteStage)
                {
                    return;
                }
            }
        }
    }

    private static async Task<int> InsertAsync(string connection, List<Programme> batch)
    {
        if (batch.Count == 0)
        {
            return 0;
        }
        await using var db = new ProsessDb(ProsessDbOptions.For(connection));
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Programmes.AddRange(batch);
        await db.SaveChangesAsync();
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static string Show(Dictionary<string, int> counts) =>
        string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}"));

    /// The engine's "today" on any date we need (noon UTC is the same date in Oslo).
    private sealed class SettableClock : TimeProvider
    {
        private DateTimeOffset now = DateTimeOffset.UtcNow;

        public void Set(DateOnly date) => now = new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

        public void Set(DateTimeOffset instant) => now = instant;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
