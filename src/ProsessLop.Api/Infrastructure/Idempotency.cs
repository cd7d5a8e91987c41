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
            throw new BadHttpRequestException($"{Header} kan ha høyst 200 tegn.");
        }

        var userId = http.User.FindFirst(ProsessClaims.Subject)?.Value ?? "";
        var hash = await RequestHashAsync(http.Request);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProsessDb>();
        var now = clock.GetUtcNow();

        var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, created_at, expires_at)
            VALUES ({userId}, {key}, {hash}, 0, {now}, {now + options.Value.KeyLifetime})
            ON CONFLICT (user_id, key) DO NOTHING
            """);
        if (claimed == 0)
        {
            var first = await db.IdempotencyKeys.AsNoTracking().SingleAsync(k => k.UserId == userId && k.Key == key);
            await ReplayAsync(http, first, hash);
            return;
        }

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
            await db.IdempotencyKeys.Where(k => k.UserId == userId && k.Key == key).ExecuteDeleteAsync();
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }

        if (http.Response.StatusCode >= 500)
        {
            await db.IdempotencyKeys.Where(k => k.UserId == userId && k.Key == key).ExecuteDeleteAsync();
        }
        else if (http.Response.StatusCode < 300 && http.GetEndpoint()?.Metadata.GetMetadata<SecretResponse>() is not null)
        {
            // A secret is shown once and never kept in clear: remember only that it was shown.
            await db.IdempotencyKeys.Where(k => k.UserId == userId && k.Key == key).ExecuteUpdateAsync(k => k
                .SetProperty(x => x.StatusCode, http.Response.StatusCode)
                .SetProperty(x => x.ResponseWithheld, true));
        }
        else
        {
            var body = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            await db.IdempotencyKeys.Where(k => k.UserId == userId && k.Key == key).ExecuteUpdateAsync(k => k
                .SetProperty(x => x.StatusCode, http.Response.StatusCode)
                .SetProperty(x => x.ContentType, http.Response.ContentType)
                .SetProperty(x => x.Location, http.Response.Headers.Location.ToString())
                .SetProperty(x => x.ResponseBody, body));
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyKey first, string hash)
    {
        if (first.RequestHash != hash)
        {
            throw new IdempotencyConflictException(StatusCodes.Status422UnprocessableEntity,
                $"{Header} er allerede brukt for en annen forespørsel. Bruk en ny nøkkel for en ny forespørsel.");
        }

        if (first.StatusCode == 0)
        {
            throw new IdempotencyConflictException(StatusCodes.Status409Conflict,
                $"En forespørsel med samme {Header} behandles fortsatt. Prøv igjen om litt.");
        }

        if (first.ResponseWithheld)
        {
            // Gone, not 409: retrying will never bring the secret back.
            throw new IdempotencyConflictException(StatusCodes.Status410Gone,
                "Forespørselen er allerede utført. Svaret inneholdt en hemmelighet som vises bare én gang og ikke lagres. " +
                "Har du mistet den, trekk tilbake det som ble laget og lag et nytt.");
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
