using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Infrastructure;

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// How long a key and its first response are kept (then the housekeeping job purges them).
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromHours(24);

    /// How long a key may stay "in progress" before a retry may take it over: the first request's
    /// host died (kill -9, a lost node) or lost the database before it could answer. A takeover
    /// never runs a command twice: the command's own transaction marks the key as carried out,
    /// and only for the claim it was started with.
    public TimeSpan InProgressTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// The key this request claimed (scoped: one per request), so the command's transaction can mark
/// it as carried out — atomically with the change itself.
public sealed class IdempotencyClaims
{
    public sealed record Claim(string UserId, string Key, DateTimeOffset ClaimedAt)
    {
        public bool Marked { get; set; }
    }

    public Claim? Current { get; set; }
}

/// A POST sent with an `Idempotency-Key` header is carried out once per signed-in user and key:
/// a retry gets the first response again and changes nothing. The key is claimed (a row with
/// status 0) before the request runs, so two concurrent retries cannot both run it.
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

    public async Task InvokeAsync(HttpContext http, IServiceScopeFactory scopes, TimeProvider clock, Microsoft.Extensions.Options.IOptions<IdempotencyOptions> options)
    {
        var key = http.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(http.Request.Method) || key.Length == 0 || http.User.Identity?.IsAuthenticated != true)
        {
            await next(http);
            return;
        }

        if (key.Length > 200)
        {
            throw new BadHttpRequestException(Workflow.Engine.Vocabulary.Format(ProblemTexts.Idempotency_KeyTooLong, Header));
        }

        var userId = http.User.FindFirst(ProsessClaims.Subject)?.Value ?? "";
        var hash = await RequestHashAsync(http.Request);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProsessDb>();
        // PostgreSQL keeps microseconds: the claim time is also the claim's token, compared exactly.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));

        var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, created_at, expires_at)
            VALUES ({userId}, {key}, {hash}, 0, {now}, {now + options.Value.KeyLifetime})
            ON CONFLICT (user_id, key) DO NOTHING
            """);
        if (claimed == 0)
        {
            var first = await db.IdempotencyKeys.AsNoTracking().SingleAsync(k => k.UserId == userId && k.Key == key);
            // Left "in progress" by a request that died before its command committed: take it over
            // (only one retry can: the claim time must still be the one read).
            var abandoned = first is { StatusCode: IdempotencyKey.InProgress } && first.RequestHash == hash
                && now - first.CreatedAt > options.Value.InProgressTimeout
                && await db.Database.ExecuteSqlInterpolatedAsync(
                    $"""
                    UPDATE idempotency_keys SET created_at = {now}
                    WHERE user_id = {userId} AND key = {key} AND status_code = 0 AND created_at = {first.CreatedAt}
                    """) == 1;
            if (!abandoned)
            {
                await ReplayAsync(http, first, hash, now - first.CreatedAt > options.Value.InProgressTimeout);
                return;
            }
        }

        http.RequestServices.GetRequiredService<IdempotencyClaims>().Current = new IdempotencyClaims.Claim(userId, key, now);
        var mine = db.IdempotencyKeys.Where(k => k.UserId == userId && k.Key == key && k.CreatedAt == now);

        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        catch
        {
            // Nothing was carried out to remember: let a retry run it again.
            await mine.Where(k => k.StatusCode == IdempotencyKey.InProgress).ExecuteDeleteAsync();
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }

        if (http.Response.StatusCode >= 500)
        {
            await mine.Where(k => k.StatusCode == IdempotencyKey.InProgress).ExecuteDeleteAsync();
        }
        else if (http.Response.StatusCode < 300 && http.GetEndpoint()?.Metadata.GetMetadata<SecretResponse>() is not null)
        {
            // A secret is shown once and never kept in clear: remember only that it was shown.
            await mine.ExecuteUpdateAsync(k => k
                .SetProperty(x => x.StatusCode, http.Response.StatusCode)
                .SetProperty(x => x.ResponseWithheld, true));
        }
        else
        {
            var body = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            await mine.ExecuteUpdateAsync(k => k
                .SetProperty(x => x.StatusCode, http.Response.StatusCode)
                .SetProperty(x => x.ContentType, http.Response.ContentType)
                .SetProperty(x => x.Location, http.Response.Headers.Location.ToString())
                .SetProperty(x => x.ResponseBody, body));
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyKey first, string hash, bool stale)
    {
        if (first.RequestHash != hash)
        {
            throw new IdempotencyConflictException(StatusCodes.Status422UnprocessableEntity,
                Workflow.Engine.Vocabulary.Format(ProblemTexts.Idempotency_KeyReused, Header));
        }

        if (first.StatusCode == IdempotencyKey.CarriedOut && stale)
        {
            // The command committed, its host died before storing the answer: never run it again.
            throw new IdempotencyConflictException(StatusCodes.Status409Conflict,
                ProblemTexts.Idempotency_AnswerLost);
        }

        if (first.StatusCode is IdempotencyKey.InProgress or IdempotencyKey.CarriedOut)
        {
            throw new IdempotencyConflictException(StatusCodes.Status409Conflict,
                Workflow.Engine.Vocabulary.Format(ProblemTexts.Idempotency_InProgress, Header));
        }

        if (first.ResponseWithheld)
        {
            // Gone, not 409: retrying will never bring the secret back.
            throw new IdempotencyConflictException(StatusCodes.Status410Gone,
                ProblemTexts.Idempotency_SecretWithheld);
        }

        http.Response.StatusCode = first.StatusCode;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (!string.IsNullOrEmpty(first.Location))
        {
            http.Response.Headers.Location = first.Location;
        }

        if (first.ResponseBody is { Length: > 0 } body)
        {
            http.Response.ContentType = first.ContentType;
            await http.Response.WriteAsync(body);
        }
    }

    // Method, path and body: a retry must be the same request to get the same answer.
    private static async Task<string> RequestHashAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            sha.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// Endpoint metadata: the success response carries a secret (shown once), so the idempotency
/// middleware keeps only that it was answered, never the body or Location.
public sealed class SecretResponse
{
    public static readonly SecretResponse Instance = new();

    private SecretResponse()
    {
    }
}

public static class SecretResponseExtensions
{
    public static TBuilder CarriesSecret<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(SecretResponse.Instance);
}

public sealed class IdempotencyConflictException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
