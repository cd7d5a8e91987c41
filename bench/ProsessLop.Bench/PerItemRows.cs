using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Bench;

/// The sweep's preselection as it was before session 7 (session 6, native arrays): one row per
/// due item, grouped into programmes in .NET, without the assignee join. It sent each item's name
/// from `reminder_names`; that column is gone (session 8, round 2: DropReminderNames), so the
/// items are now named from the definition by key, as the handler does: what this way still
/// measures beside the handler's query is the query without its assignee join.
internal static class PerItemRows
{
    public const string Query = """
        SELECT p.id, p.definition_key, p.definition_version, p.participant_id, p.participant_name, u.key, u.is_task, u.due
        FROM programmes p, unnest(p.reminder_dues, p.reminder_keys, p.reminder_tasks) AS u(due, key, is_task)
        WHERE p.status = 'Active' AND p.reminder_dates && @window AND u.due = ANY(@dues)
        """;

    /// `query`: another preselection with the same columns (JsonbLayout's).
    public static async Task<List<SweepProgramme>> ProgrammesAsync(ProsessDb db, IEnumerable<ReminderWindow> windows, DateOnly today, DateOnly horizon, Func<string, int, ProgrammeDefinition?> definitionOf, CancellationToken ct, string query = Query)
    {
        var programmes = new List<SweepProgramme>();
        var names = new CandidateNames(definitionOf);
        var byId = new Dictionary<Guid, (List<ReminderItem> Items, CandidateNames.OfVersion Names)>();
        await ReminderPreselection.ReadAsync(db, query, windows, today, reader =>
        {
            var id = reader.GetGuid(0);
            if (!byId.TryGetValue(id, out var programme))
            {
                var (definitionKey, version) = (reader.GetString(1), reader.GetInt32(2));
                programme = ([], names.For(definitionKey, version));
                byId[id] = programme;
                programmes.Add(new SweepProgramme(id, definitionKey, version, reader.GetString(3), reader.GetString(4), programme.Items, null));
            }

            var (key, isTask) = (reader.GetString(5), reader.GetBoolean(6));
            programme.Items.Add(new ReminderItem(key, programme.Names.Of(key, isTask), isTask, reader.GetFieldValue<DateOnly>(7)));
        }, ct);
        programmes.AddRange(await ReminderPreselection.NotDerivedAsync(db, horizon, ct));
        return programmes;
    }
}
