using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Infrastructure;

public sealed class WriteRateLimitOptions
{
    public const string Section = "RateLimit";

    /// Writes (POST, PUT, PATCH, DELETE) one signed-in person may make per minute.
    public int WritesPerMinute { get; set; } = 120;
}

/// A per-person limit on writes, answering 429 with Retry-After and a problem document (not the
/// framework's default 503), so a runaway script cannot flood the journal.
public static class WriteRateLimit
{
    public static IServiceCollection AddWriteRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var limit = (configuration.GetSection(WriteRateLimitOptions.Section).Get<WriteRateLimitOptions>() ?? new WriteRateLimitOptions()).WritesPerMinute;
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var user = http.User.FindFirst(ProsessClaims.Subject)?.Value;
                return IsWrite(http.Request.Method) && user is not null
                    ? RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limit,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty);
            });
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "For mange endringer",
                        Detail = $"Du har gjort mer enn {limit} endringer det siste minuttet. Prøv igjen om {seconds} sekunder.",
                    },
                });
            };
        });
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}
