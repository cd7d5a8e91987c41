using System.Diagnostics;
using Mediator;

namespace ProsessLop.Api.Infrastructure.Pipeline;

/// Logs which message ran, how long it took and whether it succeeded — never the message
/// itself, since commands carry personal data (names, e-mail addresses).
public sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var (level, outcome) = response is Errors.IOutcome { Succeeded: false } ? (LogLevel.Information, "rejected") : (LogLevel.Debug, "ok");
            Handled(logger, level, typeof(TMessage).Name, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception e)
        {
            Failed(logger, typeof(TMessage).Name, e.GetType().Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    // Source-generated, without boxing or parsing the template each time. A message that
    // succeeded is logged at Debug: the TelemetryBehavior's span and duration metric already
    // record it, and the console line per command was 3.8 % of the host's CPU samples on the command path
    // (bench/README.md, session 9); Logging:LogLevel:ProsessLop.Api.Infrastructure.Pipeline =
    // Debug turns it back on. Rejected and failed messages are always logged. Same fields for all.
    [LoggerMessage(Message = "{Message} {Outcome} in {ElapsedMs:0.0} ms")]
    private static partial void Handled(ILogger logger, LogLevel level, string message, string outcome, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message} failed with {Exception} in {ElapsedMs:0.0} ms")]
    private static partial void Failed(ILogger logger, string message, string exception, double elapsedMs);
}
