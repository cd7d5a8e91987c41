using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Infrastructure.Pipeline;

/// A command whose handler, when it succeeds, writes one statement of its own and leaves
/// nothing for SaveChanges (ActOnProgramme's ProgrammeWrite). One statement is atomic by itself,
/// and its reads see at READ COMMITTED what they would see inside a transaction (no locks are
/// taken before the write), so the command needs no transaction: no BEGIN, and no COMMIT round
/// trip — one of three to PostgreSQL per command (bench/README.md, issue 15).
public interface IWritesInOneStatement
{
    /// False for the variants that write more; those run in a transaction as any command.
    bool WritesInOneStatement { get; }
}

/// One transaction per command, outside the handler: the handler changes tracked entities,
/// this saves and commits them together — or nothing, when the handler reports a failure or
/// throws. Queries pass straight through, and so, on one connection, do commands that write in
/// one statement (IWritesInOneStatement) unless an Idempotency-Key must be marked with them.
public sealed class TransactionBehavior<TMessage, TResponse>(ProsessDb db, IdempotencyClaims claims)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IBaseCommand || db.Database.CurrentTransaction is not null)
        {
            return await next(message, cancellationToken);
        }

        if (message is IWritesInOneStatement { WritesInOneStatement: true } && claims.Current is null)
        {
            return await InOneStatementAsync(message, next, cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A handler may save early (to return the new version); inside our transaction that
        // needs no savepoint round-trips.
        db.Database.AutoSavepointsEnabled = false;
        var response = await next(message, cancellationToken);
        if (response is IOutcome { Succeeded: false })
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return response;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (claims.Current is { Marked: false } claim)
        {
            // The request's Idempotency-Key is marked carried out in the change's own transaction,
            // and only if it is still this request's claim: a retry that took over an abandoned
            // claim and this request can never both commit (bench/faults/web-kill.sh).
            var marked = await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                UPDATE idempotency_keys SET status_code = {IdempotencyKey.CarriedOut}
                WHERE user_id = {claim.UserId} AND key = {claim.Key} AND created_at = {claim.ClaimedAt} AND status_code = {IdempotencyKey.InProgress}
                """, cancellationToken);
            if (marked == 0)
            {
                throw new IdempotencyConflictException(StatusCodes.Status409Conflict,
                    Workflow.Engine.Vocabulary.Format(ProblemTexts.Idempotency_TakenOver, IdempotencyMiddleware.Header));
            }

            claim.Marked = true;
        }

        await transaction.CommitAsync(cancellationToken);
        return response;
    }

    private async ValueTask<TResponse> InOneStatementAsync(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        // Held open, so the command's reads and its write share one pooled connection.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var response = await next(message, cancellationToken);
            if (response is IOutcome { Succeeded: false })
            {
                db.ChangeTracker.Clear();
            }
            else if (db.ChangeTracker.HasChanges())
            {
                // Saving them now would write them apart from the command's statement.
                throw new InvalidOperationException($"{typeof(TMessage).Name} writes in one statement, yet left changes for SaveChanges.");
            }

            return response;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
