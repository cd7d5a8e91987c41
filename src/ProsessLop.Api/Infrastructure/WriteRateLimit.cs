using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Npgsql;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Infrastructure;

public sealed class WriteRateLimitOptions
{
    public const string Section = "RateLimit";

    /// Writes (POST, PUT, PATCH, DELETE) one signed-in person may make per minute, across all
    /// replicas together.
    public int WritesPerMinute { get; set; } = 120;
}

/// How many writes one person has made in one clock minute. Counted in PostgreSQL, not in the
/// process, so the limit holds however many web replicas share the load. Unlogged: a count lives
/// a minute, so losing it in a crash (or on a failover) costs nothing, and it writes no WAL.
public sealed class WriteCount
{
    public required string UserId { get; init; }
    public DateTimeOffset WindowStart { get; init; }
    public int Writes { get; init; }
}

internal sealed class WriteCountMap : IEntityTypeConfiguration<WriteCount>
{
    public void Configure(EntityTypeBuilder<WriteCount> e)
    {
        e.ToTable("write_counts");
        e.IsUnlogged();
        e.HasKey(c => new { c.UserId, c.WindowStart });
        e.Property(c => c.UserId).HasMaxLength(200);
    }
}

/// A per-person limit on writes, answering 429 with Retry-After and a problem document, so a
/// runaway script cannot flood the journal. A fixed window per clock minute: one upsert per write
/// (`… ON CONFLICT DO UPDATE SET writes = writes + 1 RETURNING writes`), atomic across replicas.
public sealed class WriteRateLimitMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, ProsessDb db, TimeProvider clock, IOptions<WriteRateLimitOptions> options)
    {
        var user = http.User.FindFirst(ProsessClaims.Subject)?.Value;
        if (user is null || !IsWrite(http.Request.Method))
        {
            await next(http);
            return;
        }

        var now = clock.GetUtcNow();
        var window = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var writes = await CountAsync(db, user, window, http.RequestAborted);

        var limit = options.Value.WritesPerMinute;
        if (writes <= limit)
        {
            await next(http);
            return;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling((window.AddMinutes(1) - now).TotalSeconds));
        await TooManyRequests.WriteAsync(http, seconds, ProblemTexts.WriteLimit_Title,
            Workflow.Engine.Vocabulary.Format(ProblemTexts.WriteLimit_Detail, limit, seconds));
    }

    // Npgsql directly, on the context's connection: one statement on every write request, and EF's
    // raw-SQL query pipeline (parameter extraction, query cache, materialiser) cost more host CPU
    // than the statement itself (bench/README.md, issue 15).
    private const string Upsert = """
        INSERT INTO write_counts (user_id, window_start, writes) VALUES ($1, $2, 1)
        ON CONFLICT (user_id, window_start) DO UPDATE SET writes = write_counts.writes + 1
        RETURNING writes
        """;

    private static async Task<int> CountAsync(ProsessDb db, string user, DateTimeOffset window, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(Upsert, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = window });
            return (int)(await command.ExecuteScalarAsync(ct))!;
        }
        catch (PostgresException)
        {
            // What PreparedStatementReset does for EF's commands (npgsql/npgsql#6391): a statement
            // refused at Bind must not stay half-prepared on a pooled connection.
            connection.UnprepareAll();
            throw;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}

/// The one shape of a 429: status, Retry-After and a problem document that says when to try again.
public static class TooManyRequests
{
    public static Task WriteAsync(HttpContext http, int seconds, string title, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = title, Detail = detail },
        }).AsTask();
    }
}
