using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Bench;

/// Tried for the sweep's preselection (session 7), not kept: one row per programme, its items
/// whose deadline may fire aggregated into arrays in SQL, names from the definition. Fewer rows
/// (87,588 instead of 147,251 at 1,000,000 open tasks) but three arrays decoded per row cost the
/// .NET side as much as the rows they replaced (bench/README.md, "Growth", session 7).
internal static class PerProgrammeRows
{
    /// The preselection's SQL (@window: today's catch-up days; @dues: the deadlines that may fire
    /// today). One row per programme with only its items whose deadline may fire, aggregated in
    /// the database; no names (ItemNames.Candidate gives them from the definition by key).
    public const string Query = """
        SELECT p.id, p.definition_key, p.definition_version, p.participant_id, p.participant_name, f.keys, f.tasks, f.dues
        FROM programmes p
        CROSS JOIN LATERAL (
            SELECT array_agg(u.key) AS keys, array_agg(u.is_task) AS tasks, array_agg(u.due) AS dues
            FROM unnest(p.reminder_dues, p.reminder_keys, p.reminder_tasks) AS u(due, key, is_task)
            WHERE u.due = ANY(@dues)) f
        WHERE p.status = 'Active' AND p.reminder_dates && @window AND f.keys IS NOT NULL
        """;

    public static async Task<List<SweepProgramme>> ProgrammesAsync(
        ProsessDb db, IEnumerable<ReminderWindow> windows, DateOnly today, DateOnly horizon, Func<string, int, ProgrammeDefinition?> definitionOf, CancellationToken ct)
    {
        // One row per programme, not per item (87,588 rows instead of 147,251 at 1,000,000 open
        // tasks), and no item names: reading the rows was most of the sweep's time in .NET, and
        // the names are the definition's (bench/README.md, "Growth").
        var programmes = new List<SweepProgramme>();
        var names = new CandidateNames(definitionOf);
        await ReminderPreselection.ReadAsync(db, Query, windows, today, reader =>
        {
            var (definitionKey, version) = (reader.GetString(1), reader.GetInt32(2));
            var named = names.For(definitionKey, version);
            var keys = reader.GetFieldValue<string[]>(5);
            var tasks = reader.GetFieldValue<bool[]>(6);
            var dues = reader.GetFieldValue<DateOnly[]>(7);
            var items = new ReminderItem[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                items[i] = new ReminderItem(keys[i], named.Of(keys[i], tasks[i]), tasks[i], dues[i]);
            }

            programmes.Add(new SweepProgramme(reader.GetGuid(0), definitionKey, version, reader.GetString(3), reader.GetString(4), items, null));
        }, ct);
        programmes.AddRange(await ReminderPreselection.NotDerivedAsync(db, horizon, ct));
        return programmes;
    }
}
