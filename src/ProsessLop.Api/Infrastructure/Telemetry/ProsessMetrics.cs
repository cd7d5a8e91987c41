using System.Diagnostics;
using System.Diagnostics.Metrics;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Reminders;

namespace ProsessLop.Api.Infrastructure.Telemetry;

/// The domain's own metrics, all on one meter ("ProsessLop"). Tags are names and outcomes only —
/// never ids of people, addresses or anything a request carried — so they stay few and safe to export.
public sealed class ProsessMetrics
{
    public const string MeterName = "ProsessLop";

    private readonly TimeProvider _clock;
    private readonly Counter<long> _commands;
    private readonly Histogram<double> _commandDuration;
    private readonly Counter<long> _remindersPlanned;
    private readonly Counter<long> _emailsSent;
    private readonly Counter<long> _emailsFailed;
    private readonly Counter<long> _statusCompilations;
    private readonly Counter<long> _signIns;
    private volatile OutboxObservation? _outbox;

    public ProsessMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        // From the host's meter factory, not a static Meter: two hosts in one process (the tests)
        // each have their own instruments and their own outbox observation.
        var meter = meters.Create(MeterName);
        _commands = meter.CreateCounter<long>("prosesslop.commands", "{message}",
            "Commands and queries through the mediator, by name (command), kind (command/query), outcome (success/failed/exception/canceled) and error.type.");
        _commandDuration = meter.CreateHistogram("prosesslop.command.duration", "s",
            "Time from the mediator to the answer, the transaction's commit included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30] });
        _remindersPlanned = meter.CreateCounter<long>("prosesslop.reminders.planned", "{reminder}",
            "Reminder occurrences the sweep claimed, by reach: people (someone was told) or nobody (listed for owners).");
        _emailsSent = meter.CreateCounter<long>("prosesslop.emails.sent", "{email}", "Outbox e-mails (reminders, escalations, status) the relay delivered.");
        _emailsFailed = meter.CreateCounter<long>("prosesslop.emails.failed", "{email}",
            "Failed delivery attempts; given_up=true when it was the last attempt and the mail is listed as failed.");
        _statusCompilations = meter.CreateCounter<long>("prosesslop.status.compilations", "{compilation}", "Status snapshots compiled, by definition.");
        _signIns = meter.CreateCounter<long>("prosesslop.sign_ins", "{sign_in}", "Sign-ins to the pages, by method.");
        meter.CreateObservableGauge("prosesslop.outbox.backlog", () => _outbox is { } o ? [new Measurement<long>(o.Backlog)] : Array.Empty<Measurement<long>>(),
            "{email}", "E-mails waiting to be sent (neither sent nor given up), as the relay last saw them. Reported by hosts that run jobs.");
        meter.CreateObservableGauge("prosesslop.outbox.oldest_age", ObserveOldestAge,
            "s", "Age of the oldest e-mail waiting to be sent, as of now: it keeps growing when the relay stops.");
    }

    public void CommandHandled(string command, string kind, string outcome, string? errorType, TimeSpan elapsed)
    {
        var tags = new TagList { { "command", command }, { "kind", kind }, { "outcome", outcome } };
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        _commands.Add(1, tags);
        _commandDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void RemindersPlanned(ReminderRun run)
    {
        if (run.Reminders - run.NobodyToSendTo > 0)
        {
            _remindersPlanned.Add(run.Reminders - run.NobodyToSendTo, new KeyValuePair<string, object?>("reach", "people"));
        }

        if (run.NobodyToSendTo > 0)
        {
            _remindersPlanned.Add(run.NobodyToSendTo, new KeyValuePair<string, object?>("reach", "nobody"));
        }
    }

    /// What a relay run did, and what it left behind (the backlog gauges read this).
    public void Relayed(RelayResult result)
    {
        if (result.Sent > 0)
        {
            _emailsSent.Add(result.Sent);
        }

        if (result.Failed - result.GivenUp > 0)
        {
            _emailsFailed.Add(result.Failed - result.GivenUp, new KeyValuePair<string, object?>("given_up", false));
        }

        if (result.GivenUp > 0)
        {
            _emailsFailed.Add(result.GivenUp, new KeyValuePair<string, object?>("given_up", true));
        }

        _outbox = new OutboxObservation(result.Backlog, result.OldestWaitingSince);
    }

    public void StatusCompiled(string definitionKey) =>
        _statusCompilations.Add(1, new KeyValuePair<string, object?>("definition", definitionKey));

    /// A person signed in to the pages; method: "development" (the demo picker), "oidc", …
    public void SignedIn(string method) => _signIns.Add(1, new KeyValuePair<string, object?>("method", method));

    private IEnumerable<Measurement<double>> ObserveOldestAge()
    {
        if (_outbox is not { } outbox)
        {
            yield break;
        }

        yield return new Measurement<double>(outbox.OldestWaitingSince is { } since ? Math.Max(0, (_clock.GetUtcNow() - since).TotalSeconds) : 0);
    }

    private sealed record OutboxObservation(int Backlog, DateTimeOffset? OldestWaitingSince);
}

/// A message whose answer feeds a domain metric. The telemetry behaviour calls this after the
/// whole pipeline has run — for a command, after its transaction committed — so a run that was
/// rolled back counts nothing, and a retried one counts once.
public interface IMeasured<in TResponse>
{
    void Measure(TResponse response, ProsessMetrics metrics);
}
