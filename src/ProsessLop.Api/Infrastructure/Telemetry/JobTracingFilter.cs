using System.Diagnostics;
using Hangfire.Common;
using Hangfire.Server;

namespace ProsessLop.Api.Infrastructure.Telemetry;

/// One span per Hangfire job run, named after the job's class and method ("ReminderJob.RunAsync"),
/// with its outcome. The commands the job sends become its children. Arguments are left out: a
/// job's arguments are its input, like a command's contents.
public sealed class JobTracingFilter : IServerFilter
{
    private const string ActivityKey = "prosesslop.activity";

    public void OnPerforming(PerformingContext context)
    {
        var job = context.BackgroundJob.Job;
        var activity = ProsessTelemetry.Source.StartActivity($"{job.Type.Name}.{job.Method.Name}", ActivityKind.Consumer);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("hangfire.job.id", context.BackgroundJob.Id);
        activity.SetTag("hangfire.job.type", job.Type.Name);
        activity.SetTag("hangfire.job.method", job.Method.Name);
        activity.SetTag("hangfire.server.id", context.ServerId);
        if (context.GetJobParameter<string>("RecurringJobId") is { Length: > 0 } recurring)
        {
            activity.SetTag("hangfire.recurring_job.id", recurring);
        }

        context.Items[ActivityKey] = activity;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (!context.Items.TryGetValue(ActivityKey, out var item) || item is not Activity activity)
        {
            return;
        }

        // Hangfire wraps what the job threw; the type that tells what went wrong is inside.
        var exception = context.Exception is JobPerformanceException { InnerException: { } inner } ? inner : context.Exception;
        var outcome = exception switch
        {
            null => "success",
            OperationCanceledException => "canceled",
            _ => "exception",
        };
        activity.SetTag("prosesslop.outcome", outcome);
        if (exception is not null)
        {
            // The type only: an exception's message can quote data (a constraint's values).
            activity.SetTag("error.type", exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        }

        activity.Dispose();
    }
}
