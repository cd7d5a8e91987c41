using System.Diagnostics;
using System.Globalization;
using Npgsql;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Reminders;

namespace ProsessLop.Bench;

internal static class ReminderProbe
{
    public static async Task<int> Run(BenchOptions options)
    {
        var connection = options.Required("connection");
        var iterations = options.Int("iterations", 5);
        var query = Environment.GetEnvironmentVariable("PROBE_QUERY") ?? ReminderPreselection.Query;
        var definition = DerivedStatusBench.LoadDefault();
        var policy = definition.Reminders!;
        var calendar = new WorkingDayCalendar(definition.Pauses);
        var today = OsloTime.Today(TimeProvider.System);
        var window = new ReminderWindow(policy, calendar, today);
        for (var i = 0; i < iterations; i++)
        {
            foreach (var sync in new[] { false, true })
            {
                await using var data = NpgsqlDataSource.Create(connection);
                await using var conn = await data.OpenConnectionAsync();
                var self = Process.GetCurrentProcess();
                var cpu = self.TotalProcessorTime.TotalMilliseconds;
                var watch = Stopwatch.StartNew();
                await using var command = new NpgsqlCommand(query, conn);
                command.Parameters.Add(new NpgsqlParameter<DateOnly[]>("window", [.. ReminderSchedule.Window(today)]));
                command.Parameters.Add(new NpgsqlParameter<DateOnly[]>("dues", [.. window.FiringDeadlines()]));
                var rows = 0;
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (sync ? reader.Read() : await reader.ReadAsync())
                    {
                        rows++;
                        _ = reader.GetGuid(0);
                        _ = reader.GetString(5);
                        _ = reader.GetBoolean(6);
                        _ = reader.GetFieldValue<DateOnly>(7);
                        if (!reader.IsDBNull(8)) _ = reader.GetGuid(8);
                    }
                }
                self.Refresh();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(sync ? "sync " : "async")} rows {rows}: {watch.Elapsed.TotalMilliseconds:F0} ms, .NET CPU {self.TotalProcessorTime.TotalMilliseconds - cpu:F0} ms"));
            }
        }
        return 0;
    }
}
