using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Publication;

public sealed class PublicRateLimitOptions
{
    public const string Section = "RateLimit";

    /// Requests one client address may make to the public theme pages per minute (per replica:
    /// counted in the process, since the pages are meant to be cheap and cached by a proxy).
    public int PublicPerMinute { get; set; } = 300;
}

/// The anonymous theme pages are open to anyone, so one client (by address, after the trusted
/// proxies' X-Forwarded-For) cannot take them all: a fixed window per address on /tema; every other
/// path is left to the per-person write limit.
public static class PublicRateLimit
{
    public const string Prefix = "/tema";

    public static void AddPublicRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PublicRateLimitOptions.Section).Get<PublicRateLimitOptions>() ?? new PublicRateLimitOptions();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments(Prefix)
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "ukjent", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.PublicPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)retry.TotalSeconds) : 60;
                await Infrastructure.TooManyRequests.WriteAsync(http, seconds, PublicationTexts.RateLimit_Title,
                    Vocabulary.Format(PublicationTexts.RateLimit_Detail, options.PublicPerMinute, seconds));
            };
        });
    }
}
