using Mediator;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Infrastructure.Pipeline;

/// One transaction per command, outside the handler: the handler changes tracked entities,
/// this saves and commits them together — or nothing, when the handler reports a failure or
/// throws. Queries pass straight through.
public sealed class TransactionBehavior<TMessage, TResponse>(ProsessDb db)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IBaseCommand || db.Database.CurrentTransaction is not null)
        {
            return await next(message, cancellationToken);
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
        await transaction.CommitAsync(cancellationToken);
        return response;
    }
}
