using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ProsessLop.Api.Tests.Infrastructure;

/// The SQL EF Core sends to one test database while it is open (tests run in parallel, each
/// class on its own database, so statements are told apart by database name).
public sealed class SqlLog : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _database;
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly List<IDisposable> _subscriptions = [];

    private SqlLog(string connectionString, bool everyStatement)
    {
        _database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        if (everyStatement)
        {
            // Npgsql's own trace: every command and batch it sends, EF's and those a handler sends
            // through Npgsql directly (ActOnProgramme's write) — and the job server's polling.
            var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = Record,
            };
            ActivitySource.AddActivityListener(listener);
            _subscriptions.Add(listener);
        }
        else
        {
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }
    }

    /// Starts listening. EF remembers for a second (its logging cache time) that nobody listened
    /// to a pooled context's commands, so the log is ready only after that second has passed.
    /// <paramref name="everyStatement"/>: what Npgsql sends for anyone (EF, handlers writing
    /// through Npgsql directly, the job server), not only EF's commands.
    public static async Task<SqlLog> StartAsync(string connectionString, bool everyStatement = false)
    {
        var log = new SqlLog(connectionString, everyStatement);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        return log;
    }

    private void Record(Activity activity)
    {
        var database = activity.GetTagItem("db.namespace") ?? activity.GetTagItem("db.name");
        if (database as string == _database && (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string statement)
        {
            _commands.Enqueue(statement);
        }
    }

    public IReadOnlyList<string> Commands => [.. _commands];

    /// How many times the statement starting with this text ran (a batch may hold several).
    public int Count(string statementStart) => Commands.Sum(c => c.Split(statementStart).Length - 1);

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData executed
            && executed.Command.Connection?.Database == _database)
        {
            _commands.Enqueue(executed.Command.CommandText);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
