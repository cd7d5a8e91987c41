using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

/// Migrations that change existing rows: each test takes its own database back to the migration
/// before, writes rows as they were then, and migrates forward again.
public sealed class DataMigrationTests
{
    private static async Task<ProsessDb> DatabaseAtAsync(string migration)
    {
        var db = new ProsessDb(ProsessDbOptions.For(await TestPostgres.CreateDatabaseAsync(nameof(DataMigrationTests))));
        await db.GetService<IMigrator>().MigrateAsync(migration);
        return db;
    }

    [Fact]
    public async Task ContactSubjectUniquePerParticipant_KeepsTheOldestLink_AndJournalsTheOthers()
    {
        await using var db = await DatabaseAtAsync("20261130135222_IdempotencyResponseWithheld");
        var (oldest, younger, elsewhere) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO contact_persons (id, participant_id, name, email, group_role, is_coordinator, user_subject, created_at) VALUES
              ({oldest}, '1804', 'Kari', 'kari@bodo.test', 'Leder', true, 'kari', now() - interval '2 days'),
              ({younger}, '1804', 'Kari igjen', 'kari2@bodo.test', 'Leder', false, 'kari', now() - interval '1 day'),
              ({elsewhere}, '1806', 'Kari', 'kari@narvik.test', 'Leder', true, 'kari', now())
            """);

        await db.Database.MigrateAsync();

        var subjects = await db.ContactPersons.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.UserSubject);
        Assert.Equal("kari", subjects[oldest]);
        Assert.Null(subjects[younger]);
        Assert.Equal("kari", subjects[elsewhere]);
        var journal = Assert.Single(await db.JournalEntries.AsNoTracking().ToListAsync());
        Assert.Equal(("contact-unlinked", $"contact:{younger}", "1804"), (journal.Action, journal.Target, journal.ParticipantId));
    }

    [Fact]
    public async Task IdempotencyResponseWithheld_ScrubsFeedUrlsAlreadyStored()
    {
        await using var db = await DatabaseAtAsync("20261126014640_CompactState");
        // Raw SQL is a format string: {{ }} are the JSON's braces.
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, content_type, location, response_body, created_at, expires_at) VALUES
              ('kari', 'feed', 'h1', 201, 'application/json', 'http://localhost:5160/calendar/SECRET.ics', '{{"url":"http://localhost:5160/calendar/SECRET.ics"}}', now(), now() + interval '1 day'),
              ('kari', 'region', 'h2', 201, 'application/json', '/api/regions/1', '{{"id":1}}', now(), now() + interval '1 day')
            """);

        await db.Database.MigrateAsync();

        var rows = await db.IdempotencyKeys.AsNoTracking().ToDictionaryAsync(k => k.Key);
        Assert.Equal((true, null, null), (rows["feed"].ResponseWithheld, rows["feed"].Location, rows["feed"].ResponseBody));
        Assert.Equal((false, "/api/regions/1"), (rows["region"].ResponseWithheld, rows["region"].Location));
    }

    [Fact]
    public async Task StatusSnapshotCompiledByName_NamesEarlierSnapshots_FromTheJournal()
    {
        await using var db = await DatabaseAtAsync("20261130135713_ContactSubjectUniquePerParticipant");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO journal_entries (participant_id, actor_id, actor_name, action, target, at) VALUES
              ('1804', 'kari', 'Kari Gammelnavn', 'StartTask', 'forankre-politisk', now() - interval '2 days'),
              ('1804', 'kari', 'Kari Nordmann', 'CompleteTask', 'forankre-politisk', now() - interval '1 day');
            INSERT INTO status_snapshots (id, definition_key, compiled_at, definition_versions, compiled_by, content) VALUES
              ('00000000-0000-0000-0000-000000000001', 'fremtidens-kulturskole', now(), '{{1}}', 'kari', '{{}}'),
              ('00000000-0000-0000-0000-000000000002', 'fremtidens-kulturskole', now(), '{{1}}', 'system', '{{}}'),
              ('00000000-0000-0000-0000-000000000003', 'fremtidens-kulturskole', now(), '{{1}}', 'ukjent', '{{}}');
            """);

        await db.Database.MigrateAsync();

        var names = await db.Database.SqlQueryRaw<string>("SELECT compiled_by_name AS \"Value\" FROM status_snapshots ORDER BY id").ToListAsync();
        Assert.Equal(["Kari Nordmann", "ProsessLøp", "ukjent"], names);
    }

    [Fact]
    public async Task ReminderArrays_KeepsDerivedCandidatesInOrder_AndNotDerivedRowsNull()
    {
        await using var db = await DatabaseAtAsync("20261130193602_ReminderSchedule");
        var (derived, notDerived) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        // A format string: {0} and {1} are parameters, {{ }} the literal braces.
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO programmes (id, definition_key, definition_version, participant_kind, participant_id, participant_name, county_numbers, start_date, status,
                                    current_stage_key, state, health, awaiting_review, created_at, updated_at, reminder_dates, reminder_dues, reminder_items) VALUES
              ({0}, 'fremtidens-kulturskole', 1, 'Municipality', '1804', 'Bodø', '{{18}}', '2027-01-04', 'Active', 'forankring', '{{}}', 'OnTrack', 0, now(), now(),
               '{{2027-03-16,2027-03-23}}', '{{2027-03-30,2027-03-02}}',
               '[{{"key":"forankre-politisk","name":"Politisk forankring","isTask":true,"due":"2027-03-30"}},{{"key":"statusrapport#2","name":"Statusrapport 2","isTask":false,"due":"2027-03-02"}}]'),
              ({1}, 'fremtidens-kulturskole', 1, 'Municipality', '1806', 'Narvik', '{{18}}', '2027-01-04', 'Active', 'forankring', '{{}}', 'OnTrack', 0, now(), now(),
               NULL, NULL, NULL);
            """, derived, notDerived);

        await db.Database.MigrateAsync();

        var rows = await db.Programmes.AsNoTracking().ToDictionaryAsync(p => p.Id);
        Assert.Equal(["forankre-politisk", "statusrapport#2"], rows[derived].ReminderKeys!);
        // The names were derived too, then dropped (DropReminderNames): the sweep names items from the definition.
        Assert.Equal([true, false], rows[derived].ReminderTasks!);
        Assert.Equal([new DateOnly(2027, 3, 30), new DateOnly(2027, 3, 2)], rows[derived].ReminderDues!);
        Assert.Equal([new DateOnly(2027, 3, 16), new DateOnly(2027, 3, 23)], rows[derived].ReminderDates!);
        Assert.Equal((null, null, null), (rows[notDerived].ReminderKeys, rows[notDerived].ReminderTasks, rows[notDerived].ReminderDates));
        // Kept in the row (PostgreSQL's STORAGE MAIN), so the sweep reads no TOAST table for them.
        var storage = await db.Database.SqlQueryRaw<string>("""
            SELECT attname || '=' || attstorage::text AS "Value" FROM pg_attribute
            WHERE attrelid = 'programmes'::regclass AND attname LIKE 'reminder\_%' AND NOT attisdropped ORDER BY attname
            """).ToListAsync();
        Assert.Equal(["reminder_dates=m", "reminder_dues=m", "reminder_keys=m", "reminder_tasks=m"], storage);
    }

    /// The state document as json text instead of jsonb: the same document, still compressed with
    /// lz4 (a type change alone would fall back to pglz), read back by EF as before.
    [Fact]
    public async Task StateAsJsonText_KeepsTheDocument_CompressedWithLz4()
    {
        await using var db = await DatabaseAtAsync("20261201085710_AssignedOnProgrammes");
        var id = Guid.CreateVersion7();
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO programmes (id, definition_key, definition_version, participant_kind, participant_id, participant_name, county_numbers, start_date, status,
                                    current_stage_key, state, health, awaiting_review, created_at, updated_at) VALUES
              ({0}, 'fremtidens-kulturskole', 1, 'Municipality', '1804', 'Bodø', '{{18}}', '2027-01-04', 'Active', 'forankring',
               '{{"definitionKey": "fremtidens-kulturskole", "definitionVersion": 1, "currentStageIndex": 2}}', 'OnTrack', 0, now(), now())
            """, id);

        await db.Database.MigrateAsync();

        Task<string> Column() => db.Database.SqlQueryRaw<string>("""
            SELECT format_type(atttypid, NULL) || ' ' || attcompression::text AS "Value" FROM pg_attribute
            WHERE attrelid = 'programmes'::regclass AND attname = 'state'
            """).SingleAsync();
        Assert.Equal("json l", await Column());
        var state = await db.Programmes.AsNoTracking().Where(p => p.Id == id).Select(p => p.State).SingleAsync();
        Assert.Equal(("fremtidens-kulturskole", 1, 2), (state.DefinitionKey, state.DefinitionVersion, state.CurrentStageIndex));

        // Down: jsonb again, still lz4, the document kept.
        await db.GetService<IMigrator>().MigrateAsync("20261201085710_AssignedOnProgrammes");
        Assert.Equal("jsonb l", await Column());
        Assert.Equal(2, await db.Database.SqlQueryRaw<int>("SELECT (state ->> 'currentStageIndex')::int AS \"Value\" FROM programmes WHERE id = {0}", id).SingleAsync());
    }
}
