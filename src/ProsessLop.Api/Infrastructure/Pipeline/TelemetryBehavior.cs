using System.Diagnostics;
using Mediator;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Telemetry;

namespace ProsessLop.Api.Infrastructure.Pipeline;

/// One span per command or query, named after the message, with its outcome — success, a failed
/// Result with its error kind, or the exception's type — and the same as a metric. Never the
/// message's contents: commands carry personal data. Outermost, so the span and the duration
/// include validation and the commit, and a measured message is measured only once committed.
public sealed class TelemetryBehavior<TMessage, TResponse>(ProsessMetrics metrics)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string Name = typeof(TMessage).Name;

    private static readonly string Kind = typeof(IBaseCommand).IsAssignableFrom(typeof(TMessage)) ? "command" : "query";

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var activity = ProsessTelemetry.Source.StartActivity(Name);
        activity?.SetTag("prosesslop.message", Name);
        activity?.SetTag("prosesslop.message.kind", Kind);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var errorType = response is IOutcome { Succeeded: false, Error: { } error } ? ErrorType(error.Kind) : null;
            Finish(activity, errorType is null ? "success" : "failed", errorType, started);
            if (errorType is null && message is IMeasured<TResponse> measured)
            {
                measured.Measure(response, metrics);
            }

            return response;
        }
        catch (Exception e)
        {
            // The type only: an exception's message can quote data (a constraint's values).
            Finish(activity, e is OperationCanceledException ? "canceled" : "exception", e.GetType().FullName, started);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private void Finish(Activity? activity, string outcome, string? errorType, long started)
    {
        activity?.SetTag("prosesslop.outcome", outcome);
        if (errorType is not null)
        {
            activity?.SetTag("error.type", errorType);
        }

        metrics.CommandHandled(Name, Kind, outcome, errorType, Stopwatch.GetElapsedTime(started));
    }

    // A refusal (404, 409, …) is an answer, not a fault: the span's status stays unset and the
    // kind goes in error.type.
    private static string ErrorType(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => "not_found",
        ErrorKind.Forbidden => "forbidden",
        ErrorKind.Conflict => "conflict",
        ErrorKind.Invalid => "invalid",
        ErrorKind.Stale => "stale",
        _ => kind.ToString(),
    };
}
