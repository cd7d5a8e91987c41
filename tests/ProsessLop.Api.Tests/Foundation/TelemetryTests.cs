using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Telemetry;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Calendar;

namespace ProsessLop.Api.Tests.Foundation;

/// The telemetry tests run alone, after the others. Each host has its own "ProsessLop" meter, but
/// an OpenTelemetry meter provider listens to every meter of that name in the process and merges
/// instruments of the same name into one stream — which stops when any of those hosts stops. One
/// host at a time (the production case) makes the exported figures exact.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

/// The host with OpenTelemetry's in-memory exporters added beside the production wiring (which
/// exports nothing here: no OTEL_EXPORTER_OTLP_ENDPOINT), and a log provider that keeps each
/// line's scopes.
public sealed class TelemetryApp : ProsessApp
{
    public LockedList<Activity> Spans { get; } = new();

    public LockedList<MetricSnapshot> Metrics { get; } = new();

    public LogCapture Logs { get; } = new();

    public string MailDirectory { get; } = Directory.CreateTempSubdirectory("prosesslop-mail-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Email:PickupDirectory", MailDirectory);
        builder.UseSetting("Auth:DevelopmentSignIn", "true");
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
            services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics));
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }

    /// Every metric as of now (the reader would otherwise export once a minute).
    public IReadOnlyList<MetricSnapshot> CollectMetrics()
    {
        Metrics.Clear();
        Assert.True(Services.GetRequiredService<MeterProvider>().ForceFlush());
        return Metrics.ToList();
    }

    /// The spans of one trace, once the one the test waits for has ended (a server span ends
    /// just after the client has its answer).
    public async Task<List<Activity>> TraceAsync(ActivityTraceId trace, Func<Activity, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Spans.ToList().Any(s => s.TraceId == trace && until(s)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Spans.ToList().Where(s => s.TraceId == trace).ToList();
    }
}

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(TelemetryApp app) : IClassFixture<TelemetryApp>
{
    [Fact]
    public async Task ApiRequest_GivesAServerSpan_ACommandSpanWithItsOutcome_AndNpgsqlSpansBeneath_ButNothingOfTheBody()
    {
        var programme = await app.StartAsync("4601");
        var marker = $"Telemetrimerke-{Guid.NewGuid():N}";
        var before = Telemetry.Sum(app.CollectMetrics(), "prosesslop.commands", ("command", "AddComment"), ("outcome", "success"));

        var (trace, response) = await SendTracedAsync(app.ClientAs(Roles.Coordinator, "4601"), HttpMethod.Post,
            $"/api/programmes/{programme}/comments", new { target = "forankring", text = marker });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spans = await app.TraceAsync(trace, s => s.Kind == ActivityKind.Server);
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal("Microsoft.AspNetCore", server.Source.Name);
        Assert.Equal(201, server.GetTagItem("http.response.status_code"));
        var command = Assert.Single(spans, s => s.Source.Name == ProsessTelemetry.SourceName && s.DisplayName == "AddComment");
        Assert.True(Telemetry.IsBeneath(command, server, spans));
        Assert.Equal("command", command.GetTagItem("prosesslop.message.kind"));
        Assert.Equal("success", command.GetTagItem("prosesslop.outcome"));
        Assert.Null(command.GetTagItem("error.type"));
        var sql = spans.Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.Contains(sql, s => Telemetry.IsBeneath(s, command, spans));
        Assert.All(sql, s => Assert.True(Telemetry.IsBeneath(s, server, spans)));

        // The comment reached the database, and no span or metric anywhere in the host carries it.
        Assert.True(await app.WithDbAsync(db => db.Comments.AnyAsync(c => c.Text == marker)));
        Assert.DoesNotContain(app.Spans.ToList(), s => Telemetry.Carries(s, marker));
        var metrics = app.CollectMetrics();
        Assert.DoesNotContain(metrics.SelectMany(m => m.MetricPoints).SelectMany(Telemetry.Tags), t => $"{t.Value}".Contains(marker, StringComparison.Ordinal));
        Assert.Equal(before + 1, Telemetry.Sum(metrics, "prosesslop.commands", ("command", "AddComment"), ("kind", "command"), ("outcome", "success")));
        Assert.Contains(metrics, m => m.Name == "prosesslop.command.duration");

        // A message that succeeded is not logged at Information: its span and metric record it
        // (the console line per command cost 3.8 % of the host's CPU samples, bench/README.md session 9).
        // Refused ones are (RefusedCommands_…). No line carries the request's path (a path can be
        // a credential: /calendar/{token}.ics).
        Assert.DoesNotContain(app.Logs.Entries, e => e.Category.Contains("LoggingBehavior", StringComparison.Ordinal) && e.Level >= LogLevel.Information
            && Equals(e.Scope.GetValueOrDefault("TraceId"), trace.ToString()));
        Assert.DoesNotContain(app.Logs.Entries, e => e.Scope.ContainsKey("RequestPath"));
        Assert.True(app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
    }

    [Fact]
    public async Task RefusedCommands_RecordTheirOutcome_OnTheSpan_AndInTheCommandCounter()
    {
        var programme = await app.StartAsync("4602");
        var coordinator = app.ClientAs(Roles.Coordinator, "4602");
        var etag = (await coordinator.GetAsync($"/api/programmes/{programme}")).Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostAsJsonAsync($"/api/programmes/{programme}/comments", new { target = "forankring", text = "Første" })).StatusCode);
        var metrics = app.CollectMetrics();
        var conflictsBefore = Telemetry.Sum(metrics, "prosesslop.commands", ("command", "AddComment"), ("outcome", "failed"), ("error.type", "conflict"));
        var notFoundBefore = Telemetry.Sum(metrics, "prosesslop.commands", ("command", "AddComment"), ("outcome", "failed"), ("error.type", "not_found"));

        var (staleTrace, stale) = await SendTracedAsync(coordinator, HttpMethod.Post, $"/api/programmes/{programme}/comments",
            new { target = "forankring", text = "For sent" }, ifMatch: etag);
        var (unknownTrace, unknown) = await SendTracedAsync(coordinator, HttpMethod.Post, $"/api/programmes/{Guid.NewGuid()}/comments",
            new { target = "forankring", text = "Ingen" });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var (trace, errorType) in new[] { (staleTrace, "conflict"), (unknownTrace, "not_found") })
        {
            var spans = await app.TraceAsync(trace, s => s.Kind == ActivityKind.Server);
            var command = Assert.Single(spans, s => s.DisplayName == "AddComment");
            Assert.Equal("failed", command.GetTagItem("prosesslop.outcome"));
            Assert.Equal(errorType, command.GetTagItem("error.type"));
            // A refusal is an answer, not a fault.
            Assert.Equal(ActivityStatusCode.Unset, command.Status);
            // The pipeline logs it, with the trace.
            var line = Assert.Single(app.Logs.Entries, e => e.Category.Contains("LoggingBehavior", StringComparison.Ordinal) && e.Message.StartsWith("AddComment ", StringComparison.Ordinal)
                && Equals(e.Scope.GetValueOrDefault("TraceId"), trace.ToString()));
            Assert.Equal(LogLevel.Information, line.Level);
            Assert.Equal(command.SpanId.ToString(), line.Scope["SpanId"]);
        }

        metrics = app.CollectMetrics();
        Assert.Equal(conflictsBefore + 1, Telemetry.Sum(metrics, "prosesslop.commands", ("command", "AddComment"), ("outcome", "failed"), ("error.type", "conflict")));
        Assert.Equal(notFoundBefore + 1, Telemetry.Sum(metrics, "prosesslop.commands", ("command", "AddComment"), ("outcome", "failed"), ("error.type", "not_found")));
    }

    [Fact]
    public async Task CalendarFeedAndInvitationTokens_NeverReachASpan()
    {
        // The token is the feed's credential; a wrong one is still a path worth keeping out.
        var token = $"hemmelig{Guid.NewGuid():N}";

        var (trace, response) = await SendTracedAsync(app.CreateClient(), HttpMethod.Get, $"/calendar/{token}.ics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        var server = Assert.Single(await app.TraceAsync(trace, s => s.Kind == ActivityKind.Server), s => s.Kind == ActivityKind.Server);
        Assert.Equal("/calendar/{token}.ics", server.GetTagItem("url.path"));
        Assert.DoesNotContain(app.Spans.ToList(), s => Telemetry.Carries(s, token));

        // An invitation link's token likewise.
        var (invitation, answer) = await SendTracedAsync(app.CreateClient(), HttpMethod.Get, $"/invitasjon/{token}");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        var page = Assert.Single(await app.TraceAsync(invitation, s => s.Kind == ActivityKind.Server), s => s.Kind == ActivityKind.Server);
        Assert.Equal("/invitasjon/{token}", page.GetTagItem("url.path"));
        Assert.DoesNotContain(app.Spans.ToList(), s => Telemetry.Carries(s, token));
    }

    [Fact]
    public async Task QueryStringText_NeverReachesASpan()
    {
        var words = $"sokeord{Guid.NewGuid():N}";

        var (trace, response) = await SendTracedAsync(app.ClientAs(Roles.Owner), HttpMethod.Get, $"/api/learning?q={words}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var spans = await app.TraceAsync(trace, s => s.Kind == ActivityKind.Server);
        Assert.Contains(spans, s => s.DisplayName == "SearchLearning" && Equals(s.GetTagItem("prosesslop.message.kind"), "query"));
        Assert.Contains(spans, s => s.Source.Name == "Npgsql");
        Assert.DoesNotContain(app.Spans.ToList(), s => Telemetry.Carries(s, words));
    }

    [Fact]
    public async Task SignIn_IsCounted_ByMethod()
    {
        var before = Telemetry.Sum(app.CollectMetrics(), "prosesslop.sign_ins", ("method", "development"));
        await app.SignedInToPagesAsync();
        Assert.Equal(before + 1, Telemetry.Sum(app.CollectMetrics(), "prosesslop.sign_ins", ("method", "development")));
    }

    private static async Task<(ActivityTraceId Trace, HttpResponseMessage Response)> SendTracedAsync(
        HttpClient client, HttpMethod method, string path, object? body = null, string? ifMatch = null)
    {
        // Our own trace id in the W3C header: the host continues it, so this request's spans are
        // told apart from those of other hosts in the test process.
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return (trace, await client.SendAsync(request));
    }
}

/// Jobs as Hangfire runs them: a span per job, the commands beneath it, and the reminder, outbox
/// and status metrics. A class of its own: it moves the host's clock to the morning a reminder is due.
[Collection(TelemetryCollection.Name)]
public sealed class JobTelemetryTests(TelemetryApp app) : IClassFixture<TelemetryApp>
{
    [Fact]
    public async Task Jobs_GiveAJobSpan_WithTheirCommandsBeneath_AndTheReminderOutboxAndStatusMetrics()
    {
        // Start Monday 19 April 2027: "forankre-politisk" is due 30 March, reminded 14 days before (16 March).
        var programme = await app.StartAsync("1103", new DateOnly(2027, 4, 19));
        await app.WithDbAsync(async db =>
        {
            db.ContactPersons.Add(new ContactPerson
            {
                Id = Guid.CreateVersion7(), ParticipantId = "1103", Name = "Koordinator Telemetri", Email = "koordinator.telemetri@kommune.test",
                GroupRole = "Kulturskoleleder", IsCoordinator = true, CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        app.Clock.SetUtcNow(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2027, 3, 16, 7, 0, 0, DateTimeKind.Unspecified), OsloTime.Zone));
        var before = app.CollectMetrics();

        var sweep = await RunJobAsync<ReminderJob>(j => j.RunAsync(CancellationToken.None));

        var sweepSpans = app.Spans.ToList().Where(s => s.TraceId == sweep.TraceId).ToList();
        Assert.Equal("ReminderJob.RunAsync", sweep.DisplayName);
        Assert.Equal(ActivityKind.Consumer, sweep.Kind);
        Assert.Equal("success", sweep.GetTagItem("prosesslop.outcome"));
        var command = Assert.Single(sweepSpans, s => s.DisplayName == nameof(SendDueReminders));
        Assert.True(Telemetry.IsBeneath(command, sweep, sweepSpans));
        Assert.Equal("success", command.GetTagItem("prosesslop.outcome"));
        Assert.Contains(sweepSpans, s => s.Source.Name == "Npgsql" && Telemetry.IsBeneath(s, command, sweepSpans));
        var claimed = await app.WithDbAsync(db => db.ReminderDeliveries.CountAsync(d => d.ProgrammeId == programme));
        Assert.True(claimed > 0);
        var afterSweep = app.CollectMetrics();
        Assert.Equal(Telemetry.Sum(before, "prosesslop.reminders.planned", ("reach", "people")) + claimed,
            Telemetry.Sum(afterSweep, "prosesslop.reminders.planned", ("reach", "people")));

        // One more mail waiting, not due for an hour and queued ten minutes ago: the relay leaves it.
        var queuedAt = app.Clock.GetUtcNow().AddMinutes(-10);
        await app.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = Guid.CreateVersion7(), To = ["venter@kommune.test"], Subject = "Venter", Html = "<p>Venter</p>", Text = "Venter",
                CreatedAt = queuedAt, NextAttemptAt = app.Clock.GetUtcNow().AddHours(1),
            });
            return await db.SaveChangesAsync();
        });

        var relay = await RunJobAsync<OutboxRelayJob>(j => j.RunAsync(CancellationToken.None));

        Assert.Equal("OutboxRelayJob.RunAsync", relay.DisplayName);
        Assert.Contains(app.Spans.ToList(), s => s.TraceId == relay.TraceId && s.DisplayName == nameof(RelayOutbox) && Equals(s.GetTagItem("prosesslop.outcome"), "success"));
        var sent = await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt != null));
        Assert.True(sent > 0);
        var afterRelay = app.CollectMetrics();
        Assert.Equal(Telemetry.Sum(afterSweep, "prosesslop.emails.sent") + sent, Telemetry.Sum(afterRelay, "prosesslop.emails.sent"));
        Assert.Equal(1, Assert.Single(Assert.Single(afterRelay, m => m.Name == "prosesslop.outbox.backlog").MetricPoints).GetGaugeLastValueLong());
        Assert.Equal(600, Assert.Single(Assert.Single(afterRelay, m => m.Name == "prosesslop.outbox.oldest_age").MetricPoints).GetGaugeLastValueDouble(), 0.01);

        // The scheduled status compilation: its own job span and the compilation counted by definition.
        var compile = await RunJobAsync<StatusCompilationJob>(j => j.RunAsync(ProgrammeSteps.DefaultDefinition, CancellationToken.None));
        Assert.Equal("StatusCompilationJob.RunAsync", compile.DisplayName);
        Assert.Contains(app.Spans.ToList(), s => s.TraceId == compile.TraceId && s.DisplayName == nameof(CompileStatus) && Equals(s.GetTagItem("prosesslop.outcome"), "success"));
        var afterCompile = app.CollectMetrics();
        Assert.Equal(Telemetry.Sum(afterRelay, "prosesslop.status.compilations", ("definition", ProgrammeSteps.DefaultDefinition)) + 1,
            Telemetry.Sum(afterCompile, "prosesslop.status.compilations", ("definition", ProgrammeSteps.DefaultDefinition)));

        // A compilation that is refused is a failed command, and no compilation.
        var refused = await app.SendAsync<Api.Infrastructure.Errors.Result<StatusReportView>>(new CompileStatus("finnes-ikke"));
        Assert.False(refused.Succeeded);
        var afterRefusal = app.CollectMetrics();
        Assert.Equal(Telemetry.Sum(afterCompile, "prosesslop.status.compilations"), Telemetry.Sum(afterRefusal, "prosesslop.status.compilations"));
        Assert.Equal(Telemetry.Sum(afterCompile, "prosesslop.commands", ("command", nameof(CompileStatus)), ("outcome", "failed"), ("error.type", "not_found")) + 1,
            Telemetry.Sum(afterRefusal, "prosesslop.commands", ("command", nameof(CompileStatus)), ("outcome", "failed"), ("error.type", "not_found")));
    }

    /// Enqueues the job in this host's Hangfire, waits for it to succeed, and returns its span.
    private async Task<Activity> RunJobAsync<TJob>(System.Linq.Expressions.Expression<Func<TJob, Task>> job)
    {
        var id = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(job);
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? state = null;
        while (DateTime.UtcNow < deadline && state is not ("Succeeded" or "Failed" or "Scheduled"))
        {
            await Task.Delay(100);
            state = monitor.JobDetails(id)?.History.FirstOrDefault()?.StateName;
        }

        // Hangfire retries a failed job (state Scheduled): its failure is in the history.
        var history = monitor.JobDetails(id).History;
        var failure = history.FirstOrDefault(h => h.StateName == "Failed")?.Data;
        Assert.True(state == "Succeeded", $"{typeof(TJob).Name}: {state} {(failure is null ? "" : string.Join("; ", failure))}");
        // Job ids count from 1 in every test database: the server that ran it tells this host's span apart.
        var server = history.Single(h => h.StateName == "Processing").Data["ServerId"];
        return Assert.Single(app.Spans.ToList(), s => Equals(s.GetTagItem("hangfire.job.id"), id) && Equals(s.GetTagItem("hangfire.server.id"), server));
    }
}

/// With OTEL_EXPORTER_OTLP_ENDPOINT set, traces and metrics go to that collector over OTLP —
/// here a loopback HTTP server standing in for one.
public sealed class OtlpApp : ProsessApp
{
    private readonly WebApplication _collector;

    public OtlpApp()
    {
        var collector = WebApplication.CreateSlimBuilder();
        collector.WebHost.UseUrls("http://127.0.0.1:0");
        _collector = collector.Build();
        _collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            Received.Enqueue((signal, request.ContentType ?? "", body.Length));
            return Results.Ok();
        });
        _collector.StartAsync().GetAwaiter().GetResult();
    }

    public ConcurrentQueue<(string Signal, string ContentType, long Bytes)> Received { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", _collector.Urls.Single());
        builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _collector.DisposeAsync();
    }
}

[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests(OtlpApp app) : IClassFixture<OtlpApp>
{
    [Fact]
    public async Task WithAnEndpoint_TracesAndMetrics_AreSentOverOtlp()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs(Roles.Owner).GetAsync("/api/municipalities?county=46")).StatusCode);

        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush());
        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());

        Assert.Contains(app.Received, r => r.Signal == "traces" && r.ContentType == "application/x-protobuf" && r.Bytes > 0);
        Assert.Contains(app.Received, r => r.Signal == "metrics" && r.ContentType == "application/x-protobuf" && r.Bytes > 0);
    }
}

public static class Telemetry
{
    public static bool IsBeneath(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }

            parent = trace.FirstOrDefault(s => s.SpanId == parent)?.ParentSpanId ?? default;
        }

        return false;
    }

    /// Whether the text appears anywhere in the span: name, attributes, events, status.
    public static bool Carries(Activity span, string text) =>
        span.DisplayName.Contains(text, StringComparison.Ordinal)
        || $"{span.StatusDescription}".Contains(text, StringComparison.Ordinal)
        || span.TagObjects.Any(t => $"{t.Value}".Contains(text, StringComparison.Ordinal))
        || span.Events.Any(e => e.Name.Contains(text, StringComparison.Ordinal) || e.Tags.Any(t => $"{t.Value}".Contains(text, StringComparison.Ordinal)));

    public static IEnumerable<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        foreach (var tag in point.Tags)
        {
            yield return tag;
        }
    }

    /// The sum of a counter over the points that have all these tags.
    public static long Sum(IEnumerable<MetricSnapshot> metrics, string name, params (string Key, object Value)[] tags) =>
        metrics.Where(m => m.Name == name)
            .SelectMany(m => m.MetricPoints)
            .Where(p => tags.All(t => Tags(p).Any(kv => kv.Key == t.Key && Equals(kv.Value, t.Value))))
            .Sum(p => p.GetSumLong());
}

/// A list the exporters may add to from any thread while a test reads it.
public sealed class LockedList<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count { get { lock (_items) { return _items.Count; } } }

    public bool IsReadOnly => false;

    public void Add(T item) { lock (_items) { _items.Add(item); } }

    public void Clear() { lock (_items) { _items.Clear(); } }

    public bool Contains(T item) { lock (_items) { return _items.Contains(item); } }

    public void CopyTo(T[] array, int arrayIndex) { lock (_items) { _items.CopyTo(array, arrayIndex); } }

    public bool Remove(T item) { lock (_items) { return _items.Remove(item); } }

    public List<T> ToList() { lock (_items) { return [.. _items]; } }

    public IEnumerator<T> GetEnumerator() => ToList().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// Keeps every log line with the values of its scopes (TraceId, SpanId, RequestPath, …).
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider? _scopes;

    public ConcurrentQueue<(string Category, LogLevel Level, string Message, Dictionary<string, object?> Scope)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            owner._scopes?.ForEachScope((s, values) =>
            {
                if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        values[key] = value;
                    }
                }
            }, scope);
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception), scope));
        }
    }
}
