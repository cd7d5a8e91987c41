using ProsessLop.Workflow.Engine;

namespace ProsessLop.Workflow.Tests;

public class SchedulerTests
{
    private static readonly DateOnly Start = new(2026, 8, 31);

    [Fact]
    public void Default_programme_schedule_has_dates_for_every_stage_task_and_report()
    {
        var schedule = ProgrammeScheduler.Create(Repo.Kulturskole, Participants.Municipality, Start);

        Assert.Equal(6, schedule.Stages.Count);
        Assert.Equal(Start.AddDays(-56), schedule.Stages[0].PlannedStart);
        var notat = schedule.Stages[0].Reports.Single();
        Assert.Equal(new DateOnly(2026, 8, 17), notat.Due);
        var oppstart = schedule.Stages[1].Tasks.Single(t => t.Key == "delta-oppstartssamling");
        Assert.Equal(Start, oppstart.Due);
    }

    [Fact]
    public void Statusrapport_recurs_every_four_weeks_from_week_20_until_the_stage_ends()
    {
        var schedule = ProgrammeScheduler.Create(Repo.Kulturskole, Participants.Municipality, Start);

        var status = schedule.Stages[3].Reports.Where(r => r.ReportKey == "statusrapport").ToList();

        Assert.Equal(7, status.Count); // weeks 20, 24, ..., 44
        Assert.Equal("statusrapport#1", status[0].Key);
        Assert.Equal(Start.AddDays(20 * 7), status[0].NominalDue);
        Assert.Equal(new DateOnly(2027, 1, 18), status[0].Due);
        // Week 44 is 5 July 2027, inside the July pause: moves to Monday 2 August.
        Assert.Equal(new DateOnly(2027, 7, 5), status[6].NominalDue);
        Assert.Equal(new DateOnly(2027, 8, 2), status[6].Due);
        Assert.Equal(Start.AddDays(26 * 7), schedule.Stages[3].Reports.Single(r => r.Key == "halvarsrapport").NominalDue);
    }

    [Fact]
    public void Easter_deadline_moves_in_the_schedule()
    {
        // Week 28 from 10 Sep 2026 is Thursday 25 March 2027, Maundy Thursday.
        var start = new DateOnly(2026, 9, 10);
        var schedule = ProgrammeScheduler.Create(Repo.Kulturskole, Participants.Municipality, start);

        var occurrence = schedule.Stages[3].Reports.Single(r => r.Key == "statusrapport#3");

        Assert.Equal(new DateOnly(2027, 3, 25), occurrence.NominalDue);
        Assert.Equal(new DateOnly(2027, 3, 30), occurrence.Due);
    }

    [Fact]
    public void Stage_relative_recurrence_uses_the_stage_start()
    {
        var schedule = ProgrammeScheduler.Create(Repo.Network, Participants.Region, Start);

        var notes = schedule.Stages[2].Reports.Where(r => r.ReportKey == "statusnotat").Select(r => r.NominalDue).ToList();

        Assert.Equal([Start.AddDays(13 * 7), Start.AddDays(16 * 7), Start.AddDays(19 * 7)], notes);
    }

    [Fact]
    public void Two_occurrences_the_july_pause_pushes_onto_the_same_day_become_one()
    {
        // Started Thursday 24 Sep 2026, weeks 40 and 44 are 1 and 29 July 2027: both would be due
        // Monday 2 August. One report is due then; the numbering has no gap.
        var start = new DateOnly(2026, 9, 24);
        var schedule = ProgrammeScheduler.Create(Repo.Kulturskole, Participants.Municipality, start);

        var status = schedule.Stages[3].Reports.Where(r => r.ReportKey == "statusrapport").ToList();

        Assert.Equal(6, status.Count); // weeks 20, 24, 28, 32, 36, 40+44
        Assert.Equal(status.Count, status.Select(r => r.Due).Distinct().Count());
        Assert.Equal(["statusrapport#1", "statusrapport#2", "statusrapport#3", "statusrapport#4", "statusrapport#5", "statusrapport#6"], status.Select(r => r.Key));
        Assert.Equal([1, 2, 3, 4, 5, 6], status.Select(r => r.Occurrence));
        Assert.Equal("Statusrapport 6", status[5].Name);
        Assert.Equal(new DateOnly(2027, 8, 2), status[5].Due);
        Assert.Equal(new DateOnly(2027, 7, 1), status[5].NominalDue);
    }

    [Fact]
    public void Preparation_the_july_pause_would_push_onto_the_start_moves_before_the_pause()
    {
        // Started Monday 3 August 2026: weeks -4, -3 and -2 are in July. The first working day after
        // the pause is the start itself, so the preparation is due on Tuesday 30 June instead.
        var start = new DateOnly(2026, 8, 3);
        var schedule = ProgrammeScheduler.Create(Repo.Kulturskole, Participants.Municipality, start);
        var preparation = schedule.Stages[0];

        Assert.Equal(new DateOnly(2026, 6, 22), preparation.Tasks.Single(t => t.Key == "utpeke-kontaktperson").Due); // week -6, before July
        Assert.Equal(new DateOnly(2026, 6, 30), preparation.Tasks.Single(t => t.Key == "forankre-administrativt").Due);
        Assert.Equal(new DateOnly(2026, 6, 30), preparation.Tasks.Single(t => t.Key == "signere-deltakeravtale").Due);
        Assert.Equal(new DateOnly(2026, 6, 30), preparation.Reports.Single().Due);
        Assert.All(preparation.Tasks, t => Assert.True(t.Due < start, $"{t.Key} is due {t.Due}, not before the start {start}"));
        Assert.Equal(start, schedule.Stages[1].Tasks.Single(t => t.Key == "delta-oppstartssamling").Due);
    }

    [Fact]
    public void Preparation_the_pause_pushes_to_a_day_still_before_the_start_stays_after_the_pause()
    {
        // Started Monday 17 August 2026: week -4 (20 July) moves to Monday 3 August, still two weeks
        // before the start, so the ordinary rule holds.
        var start = new DateOnly(2026, 8, 17);
        var schedule = ProgrammeScheduler.Create(Repo.Kulturskole, Participants.Municipality, start);

        Assert.Equal(new DateOnly(2026, 8, 3), schedule.Stages[0].Tasks.Single(t => t.Key == "forankre-administrativt").Due);
    }

    [Fact]
    public void A_definition_refuses_a_participant_kind_it_does_not_take()
    {
        Assert.Throws<ArgumentException>(() => ProgrammeScheduler.Create(Repo.Kulturskole, Participants.Region, Start));
    }
}
