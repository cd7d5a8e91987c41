using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ProsessLop.Api.Infrastructure.Jobs;

namespace ProsessLop.Api.Infrastructure.Telemetry;

/// OpenTelemetry traces and metrics: ASP.NET Core, HttpClient, Npgsql's own instrumentation,
/// Hangfire jobs and the mediator pipeline. Exported over OTLP only when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the other OTEL_* variables itself);
/// otherwise nothing leaves the process and nothing is printed.
public static class ProsessTelemetry
{
    public const string SourceName = "ProsessLop";

    /// Spans of our own: one per mediator message and one per Hangfire job.
    public static readonly ActivitySource Source = new(SourceName);

    public const string DefaultServiceName = "prosesslop";

    private const string CalendarPath = "/calendar";
    private const string InvitationPath = "/invitasjon";

    public static void AddProsessTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton<ProsessMetrics>();

        // Logs carry the trace: TraceId/SpanId ride along as a log scope, and the JSON formatter
        // writes scopes. The hosting layer's own request scope would then print every request's
        // path on every line — and a path can be a credential (/calendar/{token}.ics) — so that
        // logger is off: its request lines were filtered out (Microsoft.AspNetCore: Warning)
        // anyway, and the server spans carry the route template instead.
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r
                .AddService(
                    serviceName: configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName,
                    serviceVersion: typeof(ProsessTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
                    // The pod's name on Kubernetes: which replica answered.
                    serviceInstanceId: Environment.MachineName)
                .AddAttributes([
                    new("deployment.environment.name", builder.Environment.EnvironmentName),
                    new("prosesslop.host.role", (configuration[HostRoles.Section] ?? "all").Trim().ToLowerInvariant()),
                ]))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new WithinWorkSampler()))
                .AddSource(SourceName)
                .AddAspNetCoreInstrumentation(o =>
                {
                    // Probes every few seconds from the platform are not work worth a trace.
                    o.Filter = http => !http.Request.Path.StartsWithSegments("/health");
                    // A calendar feed's token and an invitation's are credentials (stored only as
                    // hashes): the span keeps the route, not the path that carries them.
                    o.EnrichWithHttpRequest = (activity, request) =>
                    {
                        if (request.Path.StartsWithSegments(CalendarPath))
                        {
                            activity.SetTag("url.path", CalendarPath + "/{token}.ics");
                        }
                        else if (request.Path.StartsWithSegments(InvitationPath))
                        {
                            activity.SetTag("url.path", InvitationPath + "/{token}");
                        }
                    };
                })
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(ProsessMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                // .NET's built-in runtime meter (GC, thread pool, exceptions): no package needed.
                .AddMeter("System.Runtime"));

        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }
    }

    /// Root spans only for work: requests (server), jobs (consumer) and our own (internal).
    /// A database or HTTP call with no request or job around it is Hangfire's own polling and
    /// heartbeats — several a second on an idle job host — and would drown the traces that matter.
    private sealed class WithinWorkSampler : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            new(samplingParameters.Kind == ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
    }
}
