using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Api.Features.Programmes;

/// One participant's run of a published definition version. The workflow state lives as one
/// JSON document (the pure engine's <see cref="ProgrammeState"/>); the columns beside it are
/// derived from it on every change so that lists and filters are plain indexed SQL.
public sealed class Programme
{
    public Guid Id { get; init; }
    public required string DefinitionKey { get; init; }
    public int DefinitionVersion { get; set; }
    public ParticipantKind ParticipantKind { get; init; }
    public required string ParticipantId { get; init; }
    public required string ParticipantName { get; init; }
    public List<string> CountyNumbers { get; init; } = [];
    public DateOnly StartDate { get; init; }
    public ProgrammeStatus Status { get; set; }
    public string CurrentStageKey { get; set; } = "";
    public required ProgrammeState State { get; set; }

    // Derived from the state by DeriveColumns on every change.
    public Health Health { get; set; }
    public DateOnly? EarliestOpenDue { get; set; }
    public int AwaitingReview { get; set; }

    // The reminder sweep's preselection (ReminderSchedule): every day a reminder can go out for
    // an open deadline (GIN-indexed, so the sweep asks `reminder_dates && today's window`), and
    // those deadlines, so the sweep builds its candidates without reading the state document.
    // Null until derived for a row written before the columns existed: the sweep reads such
    // rows the old way (their state) until a command or the nightly refresh derives them.
    // After a command it may hold more days than the schedule (a superset): commands write it
    // only when the schedule gains a day, so a completion leaves this indexed column as it was
    // and the row's update can be HOT (bench/README.md, issue 15 target 2). The sweep only
    // preselects by it and then keeps the items (the exact arrays below) that may fire today;
    // the nightly refresh makes it exact again.
    public List<DateOnly>? ReminderDates { get; set; }

    // The reminder candidates (ReminderSchedule.Items) as three native arrays in the same order:
    // deadline, key, task or report. The sweep unnests them together (one detoast per
    // programme) and keeps the items whose deadline may fire today. They were one jsonb array
    // whose elements the query fetched by position: detoasting the document once per due item
    // made that most of the sweep's query at 1,000,000 open tasks (bench/README.md, "Growth").
    // No names: the sweep names items from the definition by key, and a fourth array of names
    // was a third of the row the sweep scans (bench/README.md, "Session 8, round 2").
    public List<DateOnly>? ReminderDues { get; set; }
    public List<string>? ReminderKeys { get; set; }
    public List<bool>? ReminderTasks { get; set; }

    // Who each assigned task is given to: a copy on the row of this programme's task_assignments
    // (task key and contact person side by side, ordered by key), kept in step by the commands
    // that change assignments (AssignTask, MigrateProgramme, EraseContact, through the methods
    // below). The reminder sweep reads a due task's assignee from its own row: joining
    // task_assignments hashed every assignment of every programme and was half of the sweep's
    // query at 1,000,000 open tasks (bench/README.md, "Session 9"). task_assignments stays the
    // record that the by-person lists (my tasks, calendar, a person's export) read by index.
    public List<string> AssignedTaskKeys { get; set; } = [];
    public List<Guid> AssignedContactIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// PostgreSQL's xmin: the ETag, and optimistic concurrency for every write.
    public uint Version { get; init; }

    /// The copy of an assignment on the row (AssignedTaskKeys): the task given to the contact
    /// person, or taken from whoever had it when <paramref name="contactPersonId"/> is null.
    public void CopyAssignment(string taskKey, Guid? contactPersonId)
    {
        var assigned = AssignedTaskKeys.Zip(AssignedContactIds).Where(a => a.First != taskKey).ToList();
        if (contactPersonId is { } id)
        {
            assigned.Add((taskKey, id));
        }

        assigned.Sort((a, b) => string.CompareOrdinal(a.First, b.First));
        AssignedTaskKeys = [.. assigned.Select(a => a.First)];
        AssignedContactIds = [.. assigned.Select(a => a.Second)];
    }

    /// Every task given to the contact person taken back (the person is erased).
    public void CopyUnassignment(Guid contactPersonId)
    {
        foreach (var key in AssignedTaskKeys.Where((_, i) => AssignedContactIds[i] == contactPersonId).ToList())
        {
            CopyAssignment(key, null);
        }
    }

    /// Fills the columns lists and filters read from the programme's agenda on the engine's date:
    /// the commands after every change, and the benchmark's data generator.
    public void DeriveColumns(ProgrammeEngine engine, DateTimeOffset now)
    {
        RederiveColumns(engine, exactReminderDates: false);
        UpdatedAt = now;
    }

    /// The derived columns alone; true when any of them moved. The nightly refresh uses this: a
    /// column moving because a date passed is no change anyone made, so UpdatedAt (the calendar
    /// feed's DTSTAMP and SEQUENCE) stays. With <paramref name="exactReminderDates"/> (the
    /// nightly refresh) ReminderDates is made exactly the schedule's days; without (commands) a
    /// stored superset of them is kept.
    public bool RederiveColumns(ProgrammeEngine engine, bool exactReminderDates = true)
    {
        var agenda = Agenda.Of(engine.Definition, State, engine.Today);
        var before = (Status, CurrentStageKey, Health, EarliestOpenDue, AwaitingReview);
        Status = State.Status;
        CurrentStageKey = State.CurrentStageIndex < State.Stages.Count ? State.Stages[State.CurrentStageIndex].Key : "";
        Health = DerivedStatus.Evaluate(agenda).Status;
        EarliestOpenDue = agenda.NextDue;
        AwaitingReview = agenda.AwaitingReview;
        var remindersMoved = RederiveReminders(ReminderSchedule.Of(agenda), exactReminderDates);
        return remindersMoved || before != (Status, CurrentStageKey, Health, EarliestOpenDue, AwaitingReview);
    }

    // New lists only when the schedule changed, so an unchanged schedule is not written again by
    // every command; the dates (indexed) only when they no longer hold the schedule's days, or,
    // when exact, differ from them.
    private bool RederiveReminders(ReminderSchedule schedule, bool exactDates)
    {
        var datesHeld = ReminderDates is not null && (exactDates ? ReminderDates.SequenceEqual(schedule.Dates) : Covers(ReminderDates, schedule.Dates));
        var itemsHeld = HasReminderItems(schedule.Items);
        if (!datesHeld)
        {
            ReminderDates = [.. schedule.Dates];
        }

        if (!itemsHeld)
        {
            ReminderDues = [.. schedule.Items.Select(i => i.Due)];
            ReminderKeys = [.. schedule.Items.Select(i => i.Key)];
            ReminderTasks = [.. schedule.Items.Select(i => i.IsTask)];
        }

        return !datesHeld || !itemsHeld;
    }

    // Both ascending and distinct (ReminderSchedule.Of; stored as written): one merge pass.
    private static bool Covers(List<DateOnly> held, IReadOnlyList<DateOnly> needed)
    {
        var h = 0;
        foreach (var day in needed)
        {
            while (h < held.Count && held[h] < day)
            {
                h++;
            }

            if (h == held.Count || held[h] != day)
            {
                return false;
            }
        }

        return true;
    }

    // Element by element, on the command path: no list is built to compare.
    private bool HasReminderItems(IReadOnlyList<ReminderItem> items)
    {
        if (ReminderDues is not { } dues || ReminderKeys is not { } keys || ReminderTasks is not { } tasks
            || dues.Count != items.Count || keys.Count != items.Count || tasks.Count != items.Count)
        {
            return false;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (dues[i] != items[i].Due || keys[i] != items[i].Key || tasks[i] != items[i].IsTask)
            {
                return false;
            }
        }

        return true;
    }
}

internal sealed class ProgrammeMap : IEntityTypeConfiguration<Programme>
{
    public void Configure(EntityTypeBuilder<Programme> e)
    {
        e.ToTable("programmes");
        // Room on each page for a row's new version, so an update that changes no indexed column
        // stays on its page (HOT: no index entries written). At 100 (the default) 83 % of the
        // commands' updates were HOT, at 80 93 % (bench/README.md, issue 15 target 2). Applies to
        // pages written from now on; the heap row is small (the document is TOASTed). Keeping the
        // compressed document in the row instead (toast_tuple_target) made commands cheaper for
        // PostgreSQL but every list read a page per programme: measured and not kept
        // (bench/README.md, issue 15, session 10).
        e.HasStorageParameter("fillfactor", 80);
        e.Property(p => p.DefinitionKey).HasMaxLength(100);
        e.Property(p => p.ParticipantId).HasMaxLength(64);
        e.Property(p => p.ParticipantName).HasMaxLength(200);
        e.Property(p => p.ParticipantKind).HasConversion<string>().HasMaxLength(20);
        e.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(p => p.Health).HasConversion<string>().HasMaxLength(20);
        e.Property(p => p.CurrentStageKey).HasMaxLength(100);
        e.Property(p => p.Version).IsRowVersion();
        // The engine mutates the state in place; every command reads and rewrites it, so it is
        // stored compact (defaults left out) and compressed with lz4 (migration CompactState), as
        // json text: no SQL looks inside it, and jsonb cost PostgreSQL a parse on every write and a
        // print on every read, and compressed worse (2,429 B against 1,882 B: one TOAST chunk instead
        // of two for most documents; bench/README.md, issue 15 session 11; migration StateAsJsonText).
        e.Property(p => p.State).IsJson(JsonColumn.Compact, columnType: "json");

        // One active programme per participant and definition.
        e.HasIndex(p => new { p.ParticipantId, p.DefinitionKey }).IsUnique().HasFilter("status = 'Active'");
        e.HasIndex(p => new { p.DefinitionKey, p.Status });
        e.HasIndex(p => p.CountyNumbers).HasMethod("gin");
        // Each participant's latest programme of a definition (the overview and status
        // compilation) found by one index probe per participant instead of reading the history.
        // Its columns never change after insert, so updates stay HOT.
        e.HasIndex(p => new { p.DefinitionKey, p.ParticipantId, p.StartDate, p.CreatedAt, p.Id }, "latest_per_participant")
            .HasDatabaseName("ix_programmes_latest_per_participant");
        // No index on earliest_open_due: it moves with some completions, and an indexed column
        // that moves makes PostgreSQL write a new entry in every index of the table (no HOT
        // update); no query needs it (the list's overdue filter matches most rows,
        // bench/README.md, issue 15 target 2).
        // `reminder_dates && ARRAY[window]` for the reminder sweep: an array overlap needs GIN.
        // Commands leave the column as it is unless the schedule gains a day (Programme.ReminderDates).
        e.HasIndex(p => p.ReminderDates).HasMethod("gin");
        // Rows not derived yet (written before the reminder columns existed), read by the sweep
        // the old way; empty once every row is derived. Keyed by id, which never changes: keyed by
        // earliest_open_due it blocked HOT as the index above did.
        e.HasIndex(p => p.Id, "reminders_not_derived").HasDatabaseName("ix_programmes_reminders_not_derived")
            .HasFilter("reminder_dates IS NULL AND status = 'Active'");
    }
}
