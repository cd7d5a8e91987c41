using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Workflow.Tests;

public class ReminderTests
{
    // The default programme's policy: 14, 7 and 1 days before; the day after; weekly; escalate after 7.
    private static ReminderPolicy Policy => Repo.Kulturskole.Reminders!;

    private static readonly WorkingDayCalendar Calendar = new(Repo.Kulturskole.Pauses);

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static Dictionary<string, DateOnly> Plan(DateOnly due, DateOnly? until = null) =>
        ReminderPlanner.Occurrences(Policy, due, Calendar, until ?? due.AddDays(20)).ToDictionary(o => o.RuleKey, o => o.SendOn);

    [Fact]
    public void Before_reminders_move_earlier_across_Easter_2027()
    {
        // Deadline Tuesday 30 March 2027, the first working day after Easter.
        var plan = Plan(D(2027, 3, 30));

        Assert.Equal(D(2027, 3, 16), plan["before-14"]);
        Assert.Equal(D(2027, 3, 23), plan["before-7"]);
        // One day before is Easter Monday; Good Friday and Maundy Thursday are holidays too.
        Assert.Equal(D(2027, 3, 24), plan["before-1"]);
        Assert.Equal(D(2027, 3, 31), plan["after-1"]);
    }

    [Fact]
    public void After_reminders_move_later_past_17_May()
    {
        // Deadline Friday 14 May 2027: the day after is a Saturday, then Monday is 17 May.
        var plan = Plan(D(2027, 5, 14));

        Assert.Equal(D(2027, 5, 18), plan["after-1"]);
        Assert.Equal(D(2027, 5, 13), plan["before-1"]);
        // Escalation "more than 7 days late": day 8 is Saturday 22 May → Monday 24 May.
        // (Whit Monday 2027 is 17 May too, so nothing else moves it.)
        Assert.Equal(D(2027, 5, 24), plan["escalation"]);
    }

    [Fact]
    public void After_reminders_skip_Christmas()
    {
        var plan = Plan(D(2027, 12, 24));

        Assert.Equal(D(2027, 12, 27), plan["after-1"]);
    }

    [Fact]
    public void No_reminder_is_sent_in_a_declared_pause_and_the_ones_before_it_collapse_into_one()
    {
        // Deadline Monday 2 August 2027, right after the July pause of the default programme.
        var before = ReminderPlanner.Occurrences(Policy, D(2027, 8, 2), Calendar, D(2027, 8, 2))
            .Where(o => o.Kind == ReminderKind.Before).ToList();

        var single = Assert.Single(before);
        Assert.Equal(D(2027, 6, 30), single.SendOn);
        Assert.Equal("before-1", single.RuleKey);
        Assert.Empty(ReminderPlanner.DueOn(Policy, D(2027, 8, 2), D(2027, 7, 15), Calendar));
    }

    [Fact]
    public void A_pause_over_New_Year_sends_before_reminders_before_Christmas()
    {
        var network = Repo.Network;
        var calendar = new WorkingDayCalendar(network.Pauses);
        // KS network: 7 and 2 days before; Juleferie 20.12–03.01.
        var plan = ReminderPlanner.Occurrences(network.Reminders!, D(2028, 1, 4), calendar, D(2028, 1, 4)).ToDictionary(o => o.RuleKey, o => o.SendOn);

        Assert.Equal(D(2027, 12, 17), plan["before-2"]);
        Assert.False(plan.ContainsKey("before-7"));
    }

    [Fact]
    public void DueOn_gives_the_latest_reminder_and_the_escalation_in_time()
    {
        var due = D(2027, 10, 4);

        Assert.Empty(ReminderPlanner.DueOn(Policy, due, D(2027, 9, 1), Calendar));
        Assert.Equal(["before-14"], ReminderPlanner.DueOn(Policy, due, D(2027, 9, 20), Calendar).Select(o => o.RuleKey));
        Assert.Equal(["after-1"], ReminderPlanner.DueOn(Policy, due, D(2027, 10, 5), Calendar).Select(o => o.RuleKey));
        Assert.Equal(["repeat-8", "escalation"], ReminderPlanner.DueOn(Policy, due, D(2027, 10, 12), Calendar).Select(o => o.RuleKey));
        Assert.Equal(["repeat-15"], ReminderPlanner.DueOn(Policy, due, D(2027, 10, 19), Calendar).Select(o => o.RuleKey));
        // A weekend sends nothing; Monday's run catches what fell on it.
        Assert.Empty(ReminderPlanner.DueOn(Policy, due, D(2027, 10, 9), Calendar));
    }

    [Fact]
    public void Missed_older_reminders_are_not_sent_late_once_a_newer_one_is_due()
    {
        // Job down on Thursday and Friday: on Monday only the newest ordinary reminder counts.
        var due = D(2027, 10, 11);
        var onMonday = ReminderPlanner.DueOn(Policy, due, D(2027, 10, 11), Calendar);

        Assert.Equal(["before-1"], onMonday.Select(o => o.RuleKey));
        Assert.Equal(D(2027, 10, 8), onMonday[0].SendOn);
    }
}

public class ReminderTimeLeftTests
{
    private static readonly WorkingDayCalendar Calendar = new(Repo.Kulturskole.Pauses);

    [Theory]
    [InlineData("2027-10-11", "2027-10-11", "fristen er i dag")]
    [InlineData("2027-10-08", "2027-10-11", "3 dager igjen, 1 arbeidsdag")]
    [InlineData("2027-03-16", "2027-03-30", "14 dager igjen, 7 arbeidsdager")] // Easter in between
    [InlineData("2027-06-30", "2027-08-02", "33 dager igjen, 1 arbeidsdag")]   // the July pause is no working time
    public void TimeLeft_is_counted_from_the_day_the_reminder_is_sent(string today, string due, string expected) =>
        Assert.Equal(expected, ReminderPlan.TimeLeft(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), Calendar));

    [Fact]
    public void The_sweeps_horizon_reaches_past_the_July_pause()
    {
        // On 30 June every reminder before a deadline up to the first days of August is sent.
        var horizon = ReminderPlanner.Horizon(Repo.Kulturskole.Reminders!, Calendar, new DateOnly(2027, 6, 30));

        Assert.True(horizon >= new DateOnly(2027, 8, 13), $"horizon {horizon}");
        Assert.Equal(new DateOnly(2027, 10, 18), ReminderPlanner.Horizon(Repo.Kulturskole.Reminders!, Calendar, new DateOnly(2027, 10, 4)));
    }

    [Fact]
    public void Repeats_end_after_the_policys_maximum_or_three_by_default()
    {
        // KS network: every 3 days after the day after, and no maxRepeats in its v1 file.
        var network = Repo.Network;
        var calendar = new WorkingDayCalendar(network.Pauses);
        var due = new DateOnly(2027, 10, 4);
        var repeats = ReminderPlanner.Occurrences(network.Reminders!, due, calendar, due.AddDays(120)).Count(o => o.Kind == ReminderKind.Repeat);
        Assert.Equal(ReminderPolicy.DefaultMaxRepeats, repeats);

        var once = network.Reminders! with { MaxRepeats = 1 };
        Assert.Equal(["repeat-4"], ReminderPlanner.Occurrences(once, due, calendar, due.AddDays(120)).Where(o => o.Kind == ReminderKind.Repeat).Select(o => o.RuleKey));
        Assert.DoesNotContain(ReminderPlanner.DueOn(once, due, due.AddDays(10), calendar), o => o.Kind == ReminderKind.Repeat);
        Assert.DoesNotContain(ReminderPlanner.Occurrences(network.Reminders! with { MaxRepeats = 0 }, due, calendar, due.AddDays(120)), o => o.Kind == ReminderKind.Repeat);
    }

    [Fact]
    public void EscalateTo_is_read_and_checked()
    {
        // "programeier" stands for the definition's owners; other names are organisations.
        Assert.Equal(["KS", "Norsk kulturskoleråd"], Repo.Kulturskole.Reminders!.EscalationRecipients(Repo.Kulturskole.Owners));
        Assert.Equal(["nettverksleder"], Repo.Network.Reminders!.EscalationRecipients(Repo.Network.Owners));
        Assert.Equal(["KS"], (Repo.Network.Reminders! with { EscalateTo = [] }).EscalationRecipients(Repo.Network.Owners));

        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.WorkflowsDirectory, "ks-utviklingsnettverk", "v1.json")))!;
        node["reminders"]!["escalateTo"] = new System.Text.Json.Nodes.JsonArray("programeier", "Programeier");
        node["reminders"]!["maxRepeats"] = -1;
        var result = DefinitionValidator.Validate(node.ToJsonString(), "ks-utviklingsnettverk/v2.json");

        Assert.Contains(result.Problems, p => p.Pointer == "/reminders/escalateTo/1");
        Assert.Contains(result.Problems, p => p.Pointer == "/reminders/maxRepeats");
    }

    [Fact]
    public void The_plan_finds_who_gets_what_and_digests_it_per_address()
    {
        // Both programmes have "a" due Monday 11 October 2027: "before-1" fell on Friday 8th.
        var today = new DateOnly(2027, 10, 11);
        var kari = new ReminderContact(Guid.NewGuid(), "Kari", "kari@kommune.test", null, IsCoordinator: true);
        var kariElsewhere = kari with { Id = Guid.NewGuid(), Email = "KARI@kommune.test" };
        var ola = new ReminderContact(Guid.NewGuid(), "Ola", "ola@kommune.test", null, IsCoordinator: false);
        ReminderCandidate Item(string key, Guid? assignee = null) => new(key, key.ToUpperInvariant(), true, today, assignee);
        var policy = Repo.Kulturskole.Reminders!;
        var first = new ReminderProgramme(Guid.NewGuid(), "Bodø", policy, Calendar, [Item("a", ola.Id), Item("b")], [kari, ola], []);
        var second = new ReminderProgramme(Guid.NewGuid(), "Moss", policy, Calendar, [Item("a")], [kariElsewhere], []);
        var empty = new ReminderProgramme(Guid.NewGuid(), "Tana", policy, Calendar, [Item("a")], [ola], []); // nobody coordinates, nothing assigned

        var plan = ReminderPlan.For([first, second, empty], today);

        Assert.Equal(4, plan.Reminders.Count);
        Assert.Equal("Tana", Assert.Single(plan.NobodyToSendTo).Programme.ParticipantName);
        var digests = ReminderPlan.Digests(plan.Reminders);
        Assert.Equal(2, digests.Count);
        var toKari = Assert.Single(digests, d => d.Address.Equals("kari@kommune.test", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["Bodø", "Moss"], toKari.ByProgramme.Select(g => g.Key.ParticipantName));
        Assert.Equal(3, toKari.Reminders.Count);
        Assert.Equal(["a"], Assert.Single(digests, d => d.Address == "ola@kommune.test").Reminders.Select(r => r.Item.Key));
    }
}
