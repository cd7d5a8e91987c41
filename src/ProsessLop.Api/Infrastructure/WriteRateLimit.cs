using System.Collections.Concurrent;
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
/// runaway script cannot flood the journal. A fixed window per clock minute, counted in
/// PostgreSQL so it holds across replicas (`… ON CONFLICT DO UPDATE SET writes = writes + n
/// RETURNING writes`, atomic).
///
/// Each replica takes writes from the shared count in leases of up to <see cref="MaxLease"/>
/// (never more than a twelfth of the limit) and hands them out from memory, so most writes
/// make no round trip for the limit: one upsert was one of four round trips and one of two
/// transactions per command (bench/README.md, issue 15). No replica admits a write the shared
/// count has not granted, so the limit is never exceeded; a person whose writes are spread over
/// R replicas may be refused at most (R − 1) × (lease − 1) writes early in a minute, as leases left
/// unused on the other replicas lapse with it. With a limit under 24 the lease is one write:
/// every write counted as it is made, exactly as before.
public sealed class WriteRateLimitMiddleware(RequestDelegate next)
{
    public const int MaxLease = 10;

    // Per person: the minute of the lease and the writes left in it. This middleware is one
    // instance per host, so the leases are the replica's own.
    private readonly ConcurrentDictionary<string, Lease> leases = new(StringComparer.Ordinal);
    private long swept;

    private sealed class Lease
    {
        public long Minute;
        public int Left;
        public bool Exhausted;
    }

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
        var limit = options.Value.WritesPerMinute;
        if (await AdmitAsync(db, user, window, limit, http.RequestAborted))
        {
            await next(http);
            return;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling((window.AddMinutes(1) - now).TotalSeconds));
        await TooManyRequests.WriteAsync(http, seconds, ProblemTexts.WriteLimit_Title,
            Workflow.Engine.Vocabulary.Format(ProblemTexts.WriteLimit_Detail, limit, seconds));
    }

    private async Task<bool> AdmitAsync(ProsessDb db, string user, DateTimeOffset window, int limit, CancellationToken ct)
    {
        var minute = window.ToUnixTimeSeconds() / 60;
        var lease = leases.GetOrAdd(user, static _ => new Lease());
        lock (lease)
        {
            if (lease.Minute != minute)
            {
                (lease.Minute, lease.Left, lease.Exhausted) = (minute, 0, false);
            }

            if (lease.Left > 0)
            {
                lease.Left--;
                return true;
            }

            // Refused once this minute: the shared count only grows until the minute is over.
            if (lease.Exhausted)
            {
                return false;
            }
        }

        SweepPastMinutes(minute);
        var size = Math.Clamp(limit / 12, 1, MaxLease);
        var counted = await ReserveAsync(db, user, window, size, ct);
        // The writes this lease may still use: all of it, or what was left under the limit.
        var granted = Math.Min(size, limit - (counted - size));
        lock (lease)
        {
            if (lease.Minute != minute)
            {
                // The minute turned while the lease was taken: it counts towards the old one.
                return granted > 0;
            }

            if (granted <= 0)
            {
                lease.Exhausted = true;
                return false;
            }

            lease.Left += granted - 1;
            return true;
        }
    }

    // Drops the leases of people who have not written since an earlier minute, once a minute.
    private void SweepPastMinutes(long minute)
    {
        var last = Interlocked.Read(ref swept);
        if (last == minute || Interlocked.CompareExchange(ref swept, minute, last) != last)
        {
            return;
        }

        foreach (var (user, lease) in leases)
        {
            if (Volatile.Read(ref lease.Minute) < minute)
            {
                leases.TryRemove(new KeyValuePair<string, Lease>(user, lease));
            }
        }
    }

    // Npgsql directly, on the context's connection: EF's raw-SQL query pipeline (parameter
    // extraction, query cache, materialiser) cost more host CPU than the statement itself
    // (bench/README.md, issue 15).
    private const string Upsert = """
        INSERT INTO write_counts (user_id, window_start, writes) VALUES ($1, $2, $3)
        ON CONFLICT (user_id, window_start) DO UPDATE SET writes = write_counts.writes + $3
        RETURNING writes
        """;

    private static async Task<int> ReserveAsync(ProsessDb db, string user, DateTimeOffset window, int size, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(Upsert, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = window });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = size });
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
