using Hangfire;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Jobs;
using ProsessLop.Api.Infrastructure.Telemetry;

namespace ProsessLop.Api.Features.Notifications;

/// Sends due outbox messages. Each message is locked (FOR UPDATE SKIP LOCKED) while it is
/// sent, so two job servers never send the same one; a failure is retried with exponential
/// backoff and, after the last attempt, kept visibly as failed.
public sealed record RelayOutbox(int BatchSize = 50) : ICommand<RelayResult>, IMeasured<RelayResult>
{
    public void Measure(RelayResult response, ProsessMetrics metrics) => metrics.Relayed(response);
}

/// GivenUp: failures that were the last attempt. Backlog and OldestWaitingSince: what is still
/// waiting after this run (the outbox gauges show it between runs).
public sealed record RelayResult(int Sent, int Failed, int GivenUp = 0, int Backlog = 0, DateTimeOffset? OldestWaitingSince = null);

public sealed class RelayOutboxHandler(
    ProsessDb db, IEmailSender sender, TimeProvider clock, IOptions<EmailOptions> options, Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection,
    ILogger<RelayOutboxHandler> logger)
    : ICommandHandler<RelayOutbox, RelayResult>
{
    public async ValueTask<RelayResult> Handle(RelayOutbox command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.OutboxMessages
            .FromSqlInterpolated($"""
                SELECT * FROM outbox_messages
                WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= {now}
                ORDER BY next_attempt_at
                LIMIT {command.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(ct);

        int sent = 0, failed = 0, givenUp = 0;
        foreach (var message in due)
        {
            message.Attempts++;
            try
            {
                await sender.SendAsync(EmailOutbox.Readable(message, protection), ct);
                message.SentAt = clock.GetUtcNow();
                message.LastError = null;
                if (message.Protected)
                {
                    message.Html = message.Text = EmailOutbox.Wiped;
                }

                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                var error = $"{e.GetType().Name}: {e.Message}";
                message.LastError = error.Length > 2000 ? error[..2000] : error;
                if (message.Attempts >= options.Value.MaxAttempts)
                {
                    message.FailedAt = clock.GetUtcNow();
                    givenUp++;
                }
                else
                {
                    // 1, 2, 4, 8 … minutes: a short SMTP outage costs little, a long one little load.
                    message.NextAttemptAt = clock.GetUtcNow().AddMinutes(Math.Pow(2, message.Attempts - 1));
                }

                // The message id only: addresses are personal data and stay out of logs.
                logger.LogWarning("Outbox message {MessageId} failed (attempt {Attempt}): {Error}", message.Id, message.Attempts, e.GetType().Name);
            }
        }

        // What is left, for the outbox gauges: measured here, once a minute by the relay, rather
        // than by a query on every metrics collection of every replica. Saved first, so this
        // batch's sends are no longer counted as waiting. The partial index on waiting messages
        // keeps it as small as the backlog.
        await db.SaveChangesAsync(ct);
        var waiting = await db.Database.SqlQuery<Waiting>($"""
                SELECT count(*)::int AS count, min(created_at) AS oldest
                FROM outbox_messages WHERE sent_at IS NULL AND failed_at IS NULL
                """)
            .SingleAsync(ct);
        return new RelayResult(sent, failed, givenUp, waiting.Count, waiting.Oldest);
    }

    private sealed record Waiting(int Count, DateTimeOffset? Oldest);
}

/// The daily-life job: relays the outbox every minute.
public sealed class OutboxRelayJob(IMediator mediator) : IRecurringJob
{
    public const string RecurringId = "outbox-relay";

    public static void Schedule(IRecurringJobManager jobs, IServiceProvider services) =>
        jobs.AddOrUpdateInOslo<OutboxRelayJob>(RecurringId, job => job.RunAsync(CancellationToken.None), services.GetRequiredService<JobOptions>().OutboxRelayCron);

    /// Messages one run sends at most (a minute's work at a slow server).
    public const int MessagesPerRun = 50;

    // One message per transaction: the row lock and its "sent" mark are committed right after the
    // SMTP server's OK, so a crash resends only the message in flight. A batch in one transaction
    // resent every message it had already sent (bench/faults/jobs-kill.sh: 11 of 11 killed mid-batch).
    public async Task RunAsync(CancellationToken ct)
    {
        for (var i = 0; i < MessagesPerRun; i++)
        {
            var result = await mediator.Send(new RelayOutbox(BatchSize: 1), ct);
            if (result.Sent + result.Failed == 0)
            {
                break;
            }
        }
    }
}

public sealed record ListFailedDeliveries : IQuery<IReadOnlyList<FailedDelivery>>;

public sealed record FailedDelivery(Guid Id, IReadOnlyList<string> To, string Subject, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? FailedAt);

public sealed class ListFailedDeliveriesHandler(ProsessDb db) : IQueryHandler<ListFailedDeliveries, IReadOnlyList<FailedDelivery>>
{
    public async ValueTask<IReadOnlyList<FailedDelivery>> Handle(ListFailedDeliveries query, CancellationToken ct) =>
        await db.OutboxMessages.AsNoTracking()
            .Where(m => m.FailedAt != null)
            .OrderByDescending(m => m.FailedAt)
            .Take(500)
            .Select(m => new FailedDelivery(m.Id, m.To, m.Subject, m.Attempts, m.LastError, m.CreatedAt, m.FailedAt))
            .ToListAsync(ct);
}

public static partial class NotificationEndpoints
{
    public static async Task<Ok<IReadOnlyList<FailedDelivery>>> ListFailedDeliveries(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListFailedDeliveries(), ct));
}
