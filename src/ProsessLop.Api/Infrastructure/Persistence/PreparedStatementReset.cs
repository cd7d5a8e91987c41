using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ProsessLop.Api.Infrastructure.Persistence;

/// Works around an Npgsql defect (10.0.3, the newest release available; upstream
/// npgsql/npgsql#6391, open). Npgsql auto-prepares a statement on its second use on a connection
/// (Parse, Bind, Describe, Execute). When PostgreSQL refuses that execution at Bind — a parameter
/// it cannot accept, e.g. a NUL in text (22021) — the Parse has already succeeded, so Npgsql keeps
/// the statement as prepared, but the row description never came. The next use of the statement
/// on that physical connection expects no rows, reads the first row as a protocol error
/// ("Received unexpected backend message DataRow. Please file a bug.") and breaks the connection
/// under whichever request got it from the pool.
///
/// So a connection on which PostgreSQL refused anything forgets all its prepared statements
/// (DEALLOCATE ALL, and Npgsql's own bookkeeping with it) before it goes back to the pool; they are
/// prepared again on their next uses. EF Core disposes the transaction before it closes the
/// connection, so the reset never runs inside a failed transaction. Evidence: bench/README.md
/// ("Connection desynchronisation after a refused write"); test: ConnectionRecoveryTests.
public sealed class PreparedStatementReset : DbCommandInterceptor, IDbConnectionInterceptor, ISaveChangesInterceptor
{
    public static readonly PreparedStatementReset Instance = new();

    private static readonly object Refused = new();

    // Keyed by the DbConnection object, which lives as long as its (pooled) DbContext.
    private readonly ConditionalWeakTable<DbConnection, object> _refused = new();

    private PreparedStatementReset()
    {
    }

    // A statement refused when the command starts (the first statement of a batch, every query).
    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        Remember(command.Connection, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Remember(command.Connection, eventData.Exception);
        return Task.CompletedTask;
    }

    // A later statement of an update batch, refused while EF reads the batch's results.
    void ISaveChangesInterceptor.SaveChangesFailed(DbContextErrorEventData eventData) =>
        Remember(eventData.Context?.Database.GetDbConnection(), eventData.Exception);

    Task ISaveChangesInterceptor.SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken)
    {
        Remember(eventData.Context?.Database.GetDbConnection(), eventData.Exception);
        return Task.CompletedTask;
    }

    InterceptionResult IDbConnectionInterceptor.ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ResetIfRefused(connection);
        return result;
    }

    ValueTask<InterceptionResult> IDbConnectionInterceptor.ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        // Npgsql has no asynchronous UnprepareAll; one round-trip, only after a refused statement.
        ResetIfRefused(connection);
        return ValueTask.FromResult(result);
    }

    /// For a statement sent through Npgsql directly on the context's connection (ProgrammeWrite),
    /// which EF's interceptors do not see. The reset runs when the connection closes: after the
    /// transaction has ended, or when a command that needs none (IWritesInOneStatement) ends.
    public void RememberRefused(DbConnection connection, Exception exception) => Remember(connection, exception);

    private void Remember(DbConnection? connection, Exception exception)
    {
        if (connection is not null && IsRefusedByServer(exception))
        {
            _refused.AddOrUpdate(connection, Refused);
        }
    }

    // Only an error PostgreSQL sent can leave the connection usable but its bookkeeping wrong;
    // a network failure breaks the connection, which then never returns to the pool.
    private static bool IsRefusedByServer(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException)
            {
                return true;
            }
        }

        return false;
    }

    private void ResetIfRefused(DbConnection connection)
    {
        if (_refused.Remove(connection) && connection is NpgsqlConnection { State: ConnectionState.Open } npgsql)
        {
            npgsql.UnprepareAll();
        }
    }
}
