using System.Globalization;
using System.Text.Json;
using Npgsql;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Bench;

/// `fault-verify --url U --connection CS --signing-key K --log FILE`
///
/// After a fault experiment, against a healthy host: checks what `fault-load` was told against
/// what the database holds.
/// - lost: a command answered 2xx with no journal entry of its own (per programme, task and
///   action, journal entries by the load's person are counted against 2xx answers);
/// - extra: journal entries beyond the 2xx answers (commands carried out whose client never got
///   the answer: in flight when the host died and not retried to an answer);
/// - state: each task's final status (from allowedActions) against the last 2xx command on it;
/// - idempotency: each 2xx key stored with its status; keys left "in progress" (status 0);
///   every 2xx key sent again must answer the first status and body with Idempotent-Replayed.
internal static class FaultVerify
{
    public static async Task<int> Run(BenchOptions options)
    {
        var url = new Uri(options.Required("url"));
        var token = LocalTokens.Create(new AuthOptions { SigningKey = options.Required("signing-key") },
            "fault-owner", "Feilforsøk", Roles.Owner, [], TimeSpan.FromHours(2));
        using var http = FaultLoad.Client(token);
        var log = File.ReadLines(options.Required("log")).Select(l => JsonSerializer.Deserialize<FaultLoad.Accepted>(l)!).ToList();
        var acked = log.Where(r => r.Status is >= 200 and < 300).ToList();

        await using var db = NpgsqlDataSource.Create(options.Required("connection"));
        var journal = new Dictionary<(Guid, string, string), int>();
        await using (var command = db.CreateCommand("""
            SELECT programme_id, target, action, count(*)::int FROM journal_entries
            WHERE actor_id = 'fault-owner' AND action IN ('CompleteTask', 'ReopenTask') GROUP BY 1, 2, 3
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                journal[(reader.GetGuid(0), reader.GetString(1), reader.GetString(2) == "CompleteTask" ? "complete" : "reopen")] = reader.GetInt32(3);
            }
        }
        var keys = new Dictionary<string, int>();
        await using (var command = db.CreateCommand("SELECT key, status_code FROM idempotency_keys WHERE user_id = 'fault-owner'"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        int lost = 0, extra = 0;
        foreach (var group in acked.GroupBy(r => (r.Programme, r.Task, r.Action)))
        {
            var inJournal = journal.GetValueOrDefault(group.Key);
            lost += Math.Max(0, group.Count() - inJournal);
            extra += Math.Max(0, inJournal - group.Count());
        }
        extra += journal.Where(j => !acked.Any(a => (a.Programme, a.Task, a.Action) == j.Key)).Sum(j => j.Value);

        var keyMissing = acked.Count(r => !keys.TryGetValue(r.Key, out var s) || s != r.Status);
        var stuck = keys.Count(k => k.Value == 0);

        // Final state of every task the load touched.
        int stateWrong = 0;
        foreach (var programme in acked.GroupBy(r => r.Programme))
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(url, $"api/programmes/{programme.Key}")));
            var allowed = json.RootElement.GetProperty("allowedActions").EnumerateArray()
                .Select(a => (Kind: a.GetProperty("kind").GetString()!.ToLowerInvariant(), Target: a.TryGetProperty("target", out var t) ? t.GetString() : null))
                .ToHashSet();
            foreach (var task in programme.GroupBy(r => r.Task))
            {
                var last = task.OrderBy(r => r.At).Last();
                var expectedDone = last.Action == "complete";
                var open = allowed.Contains(("completetask", task.Key));
                if (open == expectedDone)
                {
                    stateWrong++;
                }
            }
        }

        // Every acknowledged key again: the first answer, marked as a replay.
        int replayWrong = 0;
        var replaySamples = new List<string>();
        foreach (var r in acked)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, $"api/programmes/{r.Programme}/tasks/{r.Task}/{r.Action}"));
            request.Headers.Add("Idempotency-Key", r.Key);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Contains("true");
            if ((int)response.StatusCode != r.Status || !replayed || body != r.Body)
            {
                replayWrong++;
                if (replaySamples.Count < 3)
                {
                    replaySamples.Add($"{r.Key}: first {r.Status}, again {(int)response.StatusCode} replayed={replayed}");
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"VERIFY acknowledged={acked.Count} lost={lost} carried_out_without_answer={extra} key_missing_or_wrong={keyMissing} keys_stuck_in_progress={stuck} " +
            $"task_state_wrong={stateWrong} replay_not_first_answer={replayWrong} retried_then_2xx={acked.Count(r => r.Attempts > 1)} of_which_replayed={acked.Count(r => r.Attempts > 1 && r.Replayed)}"));
        if (replaySamples.Count > 0)
        {
            Console.WriteLine("replay mismatches: " + string.Join(" | ", replaySamples));
        }
        return lost == 0 && stateWrong == 0 && replayWrong == 0 && keyMissing == 0 ? 0 : 2;
    }
}
