using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Tests.Security;

/// The bearer schemes remember a token they found valid for at most five minutes, never past its
/// expiry; what the validation would decide is consulted again after that, and refused tokens are
/// never remembered. A changed signing key shows which: a remembered token is not checked again.
public sealed class RememberingTokenHandlerTests
{
    // Random per run: no key in the repository, not even a test's.
    private static readonly AuthOptions Options = new() { SigningKey = RandomKey(), Issuer = "prosesslop", Audience = "prosesslop-api" };
    private static readonly string OtherKey = RandomKey();

    private static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    private static TokenValidationParameters Parameters(string signingKey) => new()
    {
        ValidIssuer = Options.Issuer,
        ValidAudience = Options.Audience,
        IssuerSigningKey = LocalTokens.Key(signingKey),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = ProsessClaims.Name,
        RoleClaimType = ProsessClaims.Role,
        AuthenticationType = "local",
    };

    private static string Token(TimeSpan lifetime) => LocalTokens.Create(Options, "person-1", "Kari", Roles.Coordinator, ["4601"], lifetime);

    [Fact]
    public async Task AValidToken_IsRemembered_EachRequestGetsItsOwnIdentity()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new RememberingTokenHandler(clock);
        var token = Token(TimeSpan.FromHours(1));

        var first = await handler.ValidateTokenAsync(token, Parameters(Options.SigningKey!));
        Assert.True(first.IsValid);
        Assert.Equal(1, handler.Remembers);
        // What one request adds to its identity (claims transformation) stays with it.
        first.ClaimsIdentity.AddClaim(new Claim(ProsessClaims.Role, Roles.Owner));

        // Another key now: a remembered token is not checked against it.
        var second = await handler.ValidateTokenAsync(token, Parameters(OtherKey));
        Assert.True(second.IsValid);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("person-1", second.ClaimsIdentity.FindFirst(ProsessClaims.Subject)?.Value);
        Assert.Equal([Roles.Coordinator], second.ClaimsIdentity.FindAll(ProsessClaims.Role).Select(c => c.Value));
        Assert.Equal("local", second.ClaimsIdentity.AuthenticationType);
        Assert.True(second.ClaimsIdentity.IsAuthenticated);
        Assert.Equal("Kari", second.ClaimsIdentity.Name);

        // Five minutes on it is validated again, and the other key refuses it.
        clock.Advance(RememberingTokenHandler.Longest);
        Assert.False((await handler.ValidateTokenAsync(token, Parameters(OtherKey))).IsValid);
        Assert.Equal(0, handler.Remembers);
    }

    [Fact]
    public async Task AToken_IsRememberedNoLongerThanItsExpiry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new RememberingTokenHandler(clock);
        var token = Token(TimeSpan.FromMinutes(2));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(Options.SigningKey!))).IsValid);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(OtherKey))).IsValid);
        // Past its expiry (two minutes, not five), it is validated again.
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.False((await handler.ValidateTokenAsync(token, Parameters(OtherKey))).IsValid);
    }

    [Fact]
    public async Task RefusedTokens_AreNeverRemembered()
    {
        var handler = new RememberingTokenHandler(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var token = Token(TimeSpan.FromHours(1));
        var forged = token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        Assert.False((await handler.ValidateTokenAsync(forged, Parameters(Options.SigningKey!))).IsValid);
        Assert.False((await handler.ValidateTokenAsync(token, Parameters(OtherKey))).IsValid);
        Assert.Equal(0, handler.Remembers);
        // Once valid it is remembered, and the forged one is still refused.
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(Options.SigningKey!))).IsValid);
        Assert.False((await handler.ValidateTokenAsync(forged, Parameters(Options.SigningKey!))).IsValid);
        Assert.Equal(1, handler.Remembers);
    }
}
