using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Bench;

/// The sweep's preselection as it was before this change (session 6, native arrays): one row per
/// due item, each with its name from `reminder_names`, grouped into programmes in .NET. Same table,
/// same columns (reminder_names is still derived), so `reminder-due` can time it beside the
/// handler's query in one run: the "before" of bench/README.md's session 7 table.
internal static class PerItemRows
{
    public const string Query = """
        SELECT p.id, p.definition_key, p.definition_version, p.participant_id, p.participant_name, u.key, u.name, u.is_task, u.due
        FROM programmes p, unnest(p.reminder_dues, p.reminder_keys, p.reminder_names, p.reminder_tasks) AS u(due, key, name, is_task)
        WHERE p.status = 'Active' AND p.reminder_dates && @window AND u.due = ANY(@dues)
        """;

    /// `query`: another preselection with the same columns (JsonbLayout's).
    public static async Task<List<SweepProgramme>> ProgrammesAsync(ProsessDb db, IEnumerable<ReminderWindow> windows, DateOnly today, DateOnly horizon, CancellationToken ct, string query = Query)
    {
        var programmes = new List<SweepProgramme>();
        var byId = new Dictionary<Guid, List<ReminderItem>>();
        await ReminderPreselection.ReadAsync(db, query, windows, today, reader =>
        {
            var id = reader.GetGuid(0);
            if (!byId.TryGetValue(id, out var items))
            {
                items = [];
                byId[id] = items;
                programmes.Add(new SweepProgramme(id, reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), items, null));
            }

            items.Add(new ReminderItem(reader.GetString(5), reader.GetString(6), reader.GetBoolean(7), reader.GetFieldValue<DateOnly>(8)));
        }, ct);
        programmes.AddRange(await ReminderPreselection.NotDerivedAsync(db, horizon, ct));
        return programmes;
    }
}
