using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Bench;

/// The reminder preselection as it was before the candidates were stored as native arrays (one
/// `reminder_items jsonb` array beside `reminder_dues`, elements fetched by position), kept
/// measurable beside today's: a copy of `programmes` in that layout (every column but the key
/// and kind arrays, then `reminder_items` built from them, as the migration
/// `ReminderArrays` reads it back), the same indexes the sweep used, and the earlier query and
/// reader. `reminder-due` times both in one run. Since `reminder_names` was dropped (session 8,
/// round 2) the elements hold no name and the items are named from the definition, as today.
internal static class JsonbLayout
{
    public const string Table = "bench_jsonb_programmes";

    public const string Query = $"""
        SELECT p.id, p.definition_key, p.definition_version, p.participant_id, p.participant_name, i ->> 'key', (i ->> 'isTask')::boolean, u.due
        FROM {Table} p, unnest(p.reminder_dues) WITH ORDINALITY AS u(due, n), LATERAL (SELECT p.reminder_items -> (u.n::int - 1)) AS item(i)
        WHERE p.status = 'Active' AND p.reminder_dates && @window AND u.due = ANY(@dues)
        """;

    public static async Task CreateAsync(string connection)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        var columns = new List<string>();
        await using (var list = data.CreateCommand("""
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'programmes' AND column_name NOT IN ('reminder_keys', 'reminder_tasks')
            ORDER BY ordinal_position
            """))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        foreach (var sql in new[]
        {
            $"DROP TABLE IF EXISTS {Table}",
            $"""
            CREATE TABLE {Table} AS SELECT {string.Join(", ", columns)},
                (SELECT coalesce(jsonb_agg(jsonb_build_object('key', k, 'isTask', t, 'due', d) ORDER BY o), '[]'::jsonb)
                 FROM unnest(reminder_keys, reminder_tasks, reminder_dues) WITH ORDINALITY AS x(k, t, d, o)) AS reminder_items
            FROM programmes
            """,
            $"ALTER TABLE {Table} ALTER COLUMN state SET COMPRESSION lz4",
            $"CREATE INDEX ON {Table} USING gin (reminder_dates)",
            $"VACUUM ANALYZE {Table}",
        })
        {
            await using var command = data.CreateCommand(sql);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }

        await using var size = data.CreateCommand($"SELECT pg_size_pretty(pg_table_size('{Table}')), pg_size_pretty(pg_table_size('programmes')), (SELECT avg(pg_column_size(reminder_items))::int FROM {Table} WHERE status = 'Active')");
        await using var sizes = await size.ExecuteReaderAsync();
        await sizes.ReadAsync();
        Console.WriteLine($"jsonb layout: {Table} {sizes.GetString(0)} (programmes {sizes.GetString(1)}), reminder_items {sizes.GetInt32(2)} B per Active programme");
    }

    public static async Task DropAsync(string connection)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        await using var command = data.CreateCommand($"DROP TABLE IF EXISTS {Table}");
        await command.ExecuteNonQueryAsync();
    }

    /// The earlier ReminderPreselection.ProgrammesAsync, on the copy (the not-derived part is the
    /// same query as today's, on programmes: it finds nothing in a derived set either way).
    public static Task<List<SweepProgramme>> ProgrammesAsync(ProsessDb db, IEnumerable<ReminderWindow> windows, DateOnly today, DateOnly horizon, Func<string, int, ProgrammeDefinition?> definitionOf, CancellationToken ct) =>
        PerItemRows.ProgrammesAsync(db, windows, today, horizon, definitionOf, ct, Query);
}
