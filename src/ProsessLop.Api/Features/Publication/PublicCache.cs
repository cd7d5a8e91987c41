using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Publication;

/// HTTP caching for the public theme pages, feed and open data, so a reverse proxy can serve
/// them: a validator made from the definition's publication version (one primary-key row, never
/// the programme tables), `Last-Modified` from when it moved, and `Cache-Control: public` for
/// anonymous requests. A conditional request that still matches is answered 304 before any
/// page data is read.
public sealed class PublicCache(ProsessDb db, DefinitionRegistry registry)
{
    public const int MaxAgeSeconds = 300;

    /// Changes with every deployment: the markup around the data is part of what is cached.
    private static readonly string Build = typeof(PublicCache).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];

    /// Sets the caching headers; true when the client's copy is current and the answer is 304.
    public async Task<bool> NotModifiedAsync(HttpContext http, string definitionKey, CancellationToken ct)
    {
        var version = await db.PublicationVersions.AsNoTracking().Where(v => v.DefinitionKey == definitionKey)
            .Select(v => new { v.Version, v.ChangedAt }).SingleOrDefaultAsync(ct);
        var definitionVersion = registry.LatestOfEach().FirstOrDefault(d => d.Key == definitionKey)?.Version ?? 0;
        // The same address answers in bokmål or nynorsk (?malform= names it; else Accept-Language,
        // or the cookie of someone who chose on a signed-in page): each standard is its own
        // representation, with its own validator, and a shared cache keys on what it varies by.
        var standard = WrittenStandards.Code(CultureInfo.CurrentUICulture);
        var etag = new EntityTagHeaderValue($"\"{definitionVersion}.{version?.Version ?? 0}.{Build}.{standard}\"");
        var headers = http.Response.GetTypedHeaders();
        http.Response.Headers.Vary = "Accept-Language, Cookie";
        headers.ETag = etag;
        if (version is not null)
        {
            headers.LastModified = version.ChangedAt;
        }

        // A request with a cookie or a token may get a renewed cookie back: never in a shared cache.
        var anonymous = !http.Request.Headers.ContainsKey(HeaderNames.Cookie) && !http.Request.Headers.ContainsKey(HeaderNames.Authorization);
        http.Response.Headers.CacheControl = anonymous ? $"public, max-age={MaxAgeSeconds}" : "private, no-cache";

        var request = http.Request.GetTypedHeaders();
        var fresh = request.IfNoneMatch.Count > 0
            ? request.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false))
            : version is not null && request.IfModifiedSince is { } since && version.ChangedAt <= since.AddSeconds(1);
        return fresh;
    }
}
