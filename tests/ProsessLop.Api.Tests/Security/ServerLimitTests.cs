using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Security;

/// Some requests are answered by Kestrel itself, before any middleware of ours runs, and no
/// hook lets us change those answers (README, "Errors").
public sealed class ServerLimitTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    private static (string StatusLine, string Headers, string Body) Split(string raw)
    {
        var end = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (raw[..raw.IndexOf("\r\n", StringComparison.Ordinal)], raw[..end], raw[(end + 4)..]);
    }

    [Theory]
    [InlineData("/api/regions/%00", "HTTP/1.1 400 Bad Request")]
    [InlineData("/logg-inn%00", "HTTP/1.1 400 Bad Request")]
    [InlineData("/api/x?", "HTTP/1.1 414 URI Too Long")]   // + 9,000 characters: over MaxRequestLineSize (8 KB)
    public async Task KestrelAnswers_NulInThePath_AndOverLongRequestLines_ItselfWithAnEmptyBody(string target, string expected)
    {
        var (status, headers, body) = Split(await app.RawAsync(target.EndsWith('?') ? target + new string('a', 9000) : target));

        // Pinned so that a change in Kestrel shows here and the README is corrected.
        Assert.Equal(expected, status);
        Assert.Contains("Content-Length: 0", headers, StringComparison.Ordinal);
        Assert.Empty(body);
        // Not even Kestrel's own answers say what server this is.
        Assert.DoesNotContain("Server:", headers, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ALongUrlWithinKestrelsLimit_GetsOurProblemDocument_WithTheSecurityHeaders()
    {
        var (status, headers, body) = Split(await app.RawAsync("/api/finnes-ikke/" + new string('a', 7000)));

        Assert.Equal("HTTP/1.1 404 Not Found", status);
        Assert.Contains("Content-Type: application/problem+json", headers, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", headers, StringComparison.Ordinal);
        Assert.Contains("X-Content-Type-Options: nosniff", headers, StringComparison.Ordinal);
        Assert.DoesNotContain("Server:", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":404", body, StringComparison.Ordinal);
    }
}
