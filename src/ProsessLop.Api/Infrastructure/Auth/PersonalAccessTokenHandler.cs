using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Infrastructure.Auth;

/// `Authorization: Bearer plpat_…`: a personal access token. Looked up by its hash; refused when
/// revoked, expired or its person is gone. The person's memberships then decide, as for any sign-in.
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ProsessDb db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// Last use is written at most this often, so a busy script does not write on every request.
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer " + PersonalAccessToken.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = Secrets.Hash(header["Bearer ".Length..].Trim());
        var now = clock.GetUtcNow();
        var token = await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && t.ExpiresAt > now)
            .Select(t => new { t.Id, t.PersonId, t.Scope, t.LastUsedAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("Unknown, revoked or expired personal access token.");
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUseResolution)
        {
            await db.PersonalAccessTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new(ProsessClaims.Subject, token.PersonId), new(ProsessClaims.TokenId, token.Id.ToString()),
                new(ProsessClaims.TokenScope, token.Scope == TokenScope.Read ? "read" : "readWrite"),
            ],
            AuthSetup.PatKind, ProsessClaims.Name, ProsessClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
