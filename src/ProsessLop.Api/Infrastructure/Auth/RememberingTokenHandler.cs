using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ProsessLop.Api.Infrastructure.Auth;

/// The bearer schemes' token handler: validates as JsonWebTokenHandler does, and remembers a token
/// it found valid, by the SHA-256 of the token, until the token expires but never longer than
/// <see cref="Longest"/>. A client sends the same token with every request for its lifetime, and
/// parsing and checking it again each time was 2–3 % of the host's CPU per command
/// (bench/README.md, issue 15).
///
/// Nothing a validation decides can change within that time for a local token (one key, one
/// issuer and audience, set at start). A provider may drop a signing key from its metadata: a
/// token signed with it stays accepted here for at most five minutes more — the clock skew the
/// lifetime check already allows past every token's expiry. Refused tokens are never remembered,
/// so only tokens signed by a trusted key take room, and at most <see cref="Capacity"/> of them.
public sealed class RememberingTokenHandler : JsonWebTokenHandler
{
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<TokenHash, Remembered> valid = new();
    private readonly TimeProvider clock;

    // The system clock by default: IdentityModel's own lifetime check reads it too.
    public RememberingTokenHandler(TimeProvider? clock = null)
    {
        this.clock = clock ?? TimeProvider.System;
        // As JwtBearerOptions' default handler: claim types as the token names them.
        MapInboundClaims = false;
    }

    private readonly record struct TokenHash(UInt128 First, UInt128 Second);

    private sealed record Remembered(TokenValidationResult Result, DateTimeOffset Until);

    public int Remembers => valid.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var hash = Hash(token);
        var now = clock.GetUtcNow();
        if (valid.TryGetValue(hash, out var remembered))
        {
            if (now < remembered.Until)
            {
                return Copy(remembered.Result);
            }

            valid.TryRemove(new KeyValuePair<TokenHash, Remembered>(hash, remembered));
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt && jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var exp))
        {
            var until = DateTimeOffset.FromUnixTimeSeconds(exp);
            if (until > now + Longest)
            {
                until = now + Longest;
            }

            if (until > now && Room(now))
            {
                // A copy: the caller's identity may gain claims on its way (claims transformation).
                valid[hash] = new Remembered(Copy(result), until);
            }
        }

        return result;
    }

    // Each request gets its own identity, so nothing one request adds reaches the next.
    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        Issuer = result.Issuer,
        TokenType = result.TokenType,
    };

    private bool Room(DateTimeOffset now)
    {
        if (valid.Count < Capacity)
        {
            return true;
        }

        foreach (var entry in valid)
        {
            if (entry.Value.Until <= now)
            {
                valid.TryRemove(entry);
            }
        }

        return valid.Count < Capacity;
    }

    private static TokenHash Hash(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(token.AsSpan()), hash);
        return new TokenHash(MemoryMarshal.Read<UInt128>(hash), MemoryMarshal.Read<UInt128>(hash[16..]));
    }
}
