using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Infrastructure.Auth;

/// Turns "who is this" (a provider's sign-in, a token) into "what may they do" (memberships in
/// our database), on every request: a removed membership, an erased person or an ended session
/// counts from the next request on, not when a cookie or token expires. A token's own role and
/// participant claims are dropped, except in the demo sign-in (Development, tests of pages).
public sealed class SignInResolution(ProsessDb db, IOptions<AuthOptions> options, TimeProvider clock, Telemetry.ProsessMetrics metrics, ILogger<SignInResolution> logger)
    : IClaimsTransformation
{
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    private const string Resolved = "prosesslop:resolved";

    private ClaimsPrincipal? lastIn;
    private ClaimsPrincipal? lastOut;

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity || principal.HasClaim(c => c.Type == Resolved))
        {
            return principal;
        }

        // Authentication may run more than once in a request: resolve once.
        if (ReferenceEquals(principal, lastIn) && lastOut is not null)
        {
            return lastOut;
        }

        lastIn = principal;
        lastOut = await ResolveAsync(identity);
        return lastOut;
    }

    private async Task<ClaimsPrincipal> ResolveAsync(ClaimsIdentity identity)
    {
        var kind = identity.AuthenticationType ?? "";
        if (options.Value.DevelopmentSignIn && kind is AuthSetup.LocalKind or AuthSetup.DemoKind && identity.HasClaim(c => c.Type == ProsessClaims.Role))
        {
            // The demo: believe the roles the picker or the `token` subcommand wrote.
            var demo = new ClaimsIdentity(identity.Claims.Where(c => c.Type != ProsessClaims.Coordinates), kind, ProsessClaims.Name, ProsessClaims.Role);
            if (identity.HasClaim(ProsessClaims.Role, Roles.Coordinator))
            {
                demo.AddClaims(identity.FindAll(ProsessClaims.Participant).Select(p => new Claim(ProsessClaims.Coordinates, p.Value)));
            }

            // The demo owner is «Programeier (KS)»: an owner for the organisation a new installation starts with.
            if (identity.HasClaim(ProsessClaims.Role, Roles.Owner) && !identity.HasClaim(c => c.Type == ProsessClaims.Organisation))
            {
                demo.AddClaim(new Claim(ProsessClaims.Organisation, BootstrapOwner.DefaultOrganisation));
            }

            demo.AddClaim(new Claim(Resolved, "demo"));
            return new ClaimsPrincipal(demo);
        }

        string? personId;
        if (kind.StartsWith(AuthSetup.BearerKindPrefix, StringComparison.Ordinal))
        {
            var provider = kind[AuthSetup.BearerKindPrefix.Length..];
            var key = options.Value.AllProviders().GetValueOrDefault(provider)?.KeyOf(new ClaimsPrincipal(identity));
            personId = key is null ? null : await db.ExternalIdentities.AsNoTracking()
                .Where(i => i.Provider == provider && i.Key == key).Select(i => i.PersonId).SingleOrDefaultAsync();
        }
        else
        {
            personId = identity.FindFirst(ProsessClaims.Subject)?.Value;
            if (kind == AuthSetup.DemoKind)
            {
                // A demo cookie without roles (the picker is off now): it is nobody.
                personId = null;
            }
        }

        var resolved = new ClaimsIdentity(kind, ProsessClaims.Name, ProsessClaims.Role);
        resolved.AddClaim(new Claim(Resolved, "memberships"));
        // Kept so /api/me and the invitation page can say which sign-in this is.
        resolved.AddClaims(identity.Claims.Where(c => c.Type is ProsessClaims.Provider or ProsessClaims.ExternalKey or ProsessClaims.TokenId or ProsessClaims.TokenScope));
        if (personId is null)
        {
            resolved.AddClaims(identity.FindAll(ProsessClaims.Name));
            return new ClaimsPrincipal(resolved);
        }

        var person = await db.People.AsNoTracking()
            .Where(p => p.Id == personId)
            .Select(p => new
            {
                p.Name,
                p.WrittenStandard,
                Memberships = p.Memberships.Select(m => new { m.Role, m.ScopeId }).ToList(),
                // The participants' decisions in the same round trip (the page's standard reads them on every request).
                Municipalities = db.Municipalities
                    .Where(x => x.WrittenStandard != Language.WrittenStandard.Neutral
                                && p.Memberships.Any(m => (m.Role == Roles.Coordinator || m.Role == Roles.Participant) && m.ScopeId == x.Number))
                    .Select(x => x.WrittenStandard)
                    .ToList(),
                Regions = db.Regions
                    .Where(r => r.WrittenStandard != Language.WrittenStandard.Neutral
                                && p.Memberships.Any(m => (m.Role == Roles.Coordinator || m.Role == Roles.Participant) && m.ScopeId == r.Id.ToString()))
                    .Select(r => r.WrittenStandard)
                    .ToList(),
            })
            .SingleOrDefaultAsync();
        if (person is null)
        {
            // A valid token for someone who is nobody here (yet): signed in, without any rights.
            resolved.AddClaims(identity.FindAll(ProsessClaims.Name));
            return new ClaimsPrincipal(resolved);
        }

        resolved.AddClaim(new Claim(ProsessClaims.Subject, personId));
        resolved.AddClaim(new Claim(ProsessClaims.Name, person.Name));
        resolved.AddClaims(identity.FindAll(ProsessClaims.Session));
        if (person.WrittenStandard is { } standard)
        {
            resolved.AddClaim(new Claim(ProsessClaims.WrittenStandard, Language.WrittenStandards.Code(standard)));
        }

        var participants = Language.WrittenStandards.OfParticipants(person.Municipalities.Concat(person.Regions));
        resolved.AddClaim(new Claim(ProsessClaims.ParticipantWrittenStandard, participants is { } decided ? Language.WrittenStandards.Code(decided) : ""));

        foreach (var role in person.Memberships.Select(m => m.Role).Distinct())
        {
            resolved.AddClaim(new Claim(ProsessClaims.Role, role));
        }

        foreach (var m in person.Memberships.Where(m => m.Role == Roles.Owner))
        {
            resolved.AddClaim(new Claim(ProsessClaims.Organisation, m.ScopeId));
        }

        foreach (var m in person.Memberships.Where(m => m.Role is Roles.Coordinator or Roles.Participant))
        {
            resolved.AddClaim(new Claim(ProsessClaims.Participant, m.ScopeId));
            if (m.Role == Roles.Coordinator)
            {
                resolved.AddClaim(new Claim(ProsessClaims.Coordinates, m.ScopeId));
            }
        }

        return new ClaimsPrincipal(resolved);
    }

    /// Every request with a page cookie of a person: its session must be open (not signed out,
    /// not expired, its person not erased — erasure deletes the sessions). Otherwise the cookie is
    /// rejected and removed, and the person is sent to sign in again.
    public static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var identity = context.Principal?.Identity as ClaimsIdentity;
        if (identity?.AuthenticationType != AuthSetup.CookieKind || identity.FindFirst(ProsessClaims.Subject) is null)
        {
            return; // the demo, or a sign-in not yet linked to a person: no session to check
        }

        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var open = Guid.TryParse(identity.FindFirst(ProsessClaims.Session)?.Value, out var sid)
            && await services.GetRequiredService<ProsessDb>().SignInSessions.AnyAsync(s => s.Id == sid && s.EndedAt == null && s.ExpiresAt > now);
        if (!open)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// After a provider's sign-in (authorization code flow with PKCE): the cookie gets who the
    /// person is here — our person id and a new session when the identity is linked; only the
    /// provider and key otherwise (an invitation can then link it; until then: no access).
    public async Task CompleteProviderSignInAsync(TicketReceivedContext context, string provider, ProviderOptions settings)
    {
        var key = settings.KeyOf(context.Principal!);
        if (key is null)
        {
            logger.LogWarning("Provider {Provider} sent no {Claim} claim; the sign-in is refused.", provider, settings.IdentityClaim);
            context.Fail($"Innloggingen fra {settings.Title(provider)} manglet {settings.IdentityClaim}.");
            return;
        }

        var name = context.Principal!.FindFirst("name")?.Value
            ?? string.Join(' ', new[] { context.Principal.FindFirst("given_name")?.Value, context.Principal.FindFirst("family_name")?.Value }.Where(v => !string.IsNullOrWhiteSpace(v)));
        context.Principal = await SignedInAsync(provider, key, string.IsNullOrWhiteSpace(name) ? settings.Title(provider) : name);
        metrics.SignedIn(provider);
    }

    /// The cookie principal for an external identity: linked or not.
    public async Task<ClaimsPrincipal> SignedInAsync(string provider, string key, string shownName)
    {
        var personId = await db.ExternalIdentities.Where(i => i.Provider == provider && i.Key == key).Select(i => i.PersonId).SingleOrDefaultAsync();
        return personId is null
            ? new ClaimsPrincipal(new ClaimsIdentity(
                [new(ProsessClaims.Provider, provider), new(ProsessClaims.ExternalKey, key), new(ProsessClaims.Name, shownName)],
                AuthSetup.CookieKind, ProsessClaims.Name, ProsessClaims.Role))
            : await StartSessionAsync(personId, provider, key);
    }

    /// A new session for a person (after a sign-in or after accepting an invitation).
    public async Task<ClaimsPrincipal> StartSessionAsync(string personId, string provider, string key)
    {
        var now = clock.GetUtcNow();
        var session = new SignInSession { Id = Guid.CreateVersion7(), PersonId = personId, Provider = provider, CreatedAt = now, ExpiresAt = now + SessionLifetime };
        db.SignInSessions.Add(session);
        var person = await db.People.SingleAsync(p => p.Id == personId);
        person.LastSignInAt = now;
        await db.SaveChangesAsync();
        return new ClaimsPrincipal(new ClaimsIdentity(
            [
                new(ProsessClaims.Subject, personId), new(ProsessClaims.Name, person.Name), new(ProsessClaims.Session, session.Id.ToString()),
                new(ProsessClaims.Provider, provider), new(ProsessClaims.ExternalKey, key),
            ],
            AuthSetup.CookieKind, ProsessClaims.Name, ProsessClaims.Role));
    }

    /// Signing out ends the session here too, so a copy of the cookie is worth nothing.
    public async Task SignOutAsync(HttpContext http)
    {
        if (Guid.TryParse(http.User.FindFirst(ProsessClaims.Session)?.Value, out var sid))
        {
            await db.SignInSessions.Where(s => s.Id == sid && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, clock.GetUtcNow()));
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
