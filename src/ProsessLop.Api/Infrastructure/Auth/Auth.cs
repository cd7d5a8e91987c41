using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ProsessLop.Api.Infrastructure.Auth;

public static class Roles
{
    public const string Owner = "owner";
    public const string Steering = "steering";
    public const string Coordinator = "coordinator";
    public const string Participant = "participant";

    public static readonly IReadOnlyList<string> All = [Owner, Steering, Coordinator, Participant];
}

public static class Policies
{
    /// Any signed-in person with one of our roles.
    public const string Reader = "reader";

    /// Programme owners (KS / Kulturskolerådet).
    public const string Owner = "owner";

    /// Owners and the steering group: cross-participant summaries such as compiled status.
    public const string Overview = "overview";
}

public static class ProsessClaims
{
    public const string Role = "role";
    public const string Participant = "participant";
    public const string Name = "name";
    public const string Subject = "sub";
}

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// OpenID Connect authority (production). When set, tokens are validated against it.
    public string? Authority { get; set; }

    public string Audience { get; set; } = "prosesslop";

    /// Symmetric key for locally issued tokens (Development and tests) when no authority is set.
    /// Outside Development it must be random and at least 256 bits (SigningKeys).
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "prosesslop-local";

    /// OpenID Connect client for the pages (production sign-in).
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// The page sign-in that lets a person pick a demo user. Development only by default.
    public bool DevelopmentSignIn { get; set; }
}

public static class AuthSetup
{
    public const string SmartScheme = "prosesslop";

    public static IServiceCollection AddProsessAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        SigningKeys.Check(options, environment);
        if (options.DevelopmentSignIn && environment.IsProduction())
        {
            // The picker lets anyone sign in as any demo user, the owner too: a test and
            // benchmark aid that must never be switched on in service by a stray setting.
            throw new StartupException(
                "Auth__DevelopmentSignIn=true cannot be used in Production: it lets anyone sign in as any demo user, also as programme owner. Remove the setting.");
        }

        // The API takes bearer tokens only (no cookies, so no cross-site request forgery on it);
        // the pages use a cookie, signed in through OpenID Connect or, in Development, a demo picker.
        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "API: bearer; pages: cookie", o => o.ForwardDefaultSelector = http =>
                http.Request.Path.StartsWithSegments("/api") || http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters.NameClaimType = ProsessClaims.Name;
                jwt.TokenValidationParameters.RoleClaimType = ProsessClaims.Role;
                jwt.TokenValidationParameters.ValidAudience = options.Audience;
                if (!string.IsNullOrWhiteSpace(options.Authority))
                {
                    jwt.Authority = options.Authority;
                }
                else
                {
                    jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                    jwt.TokenValidationParameters.IssuerSigningKey = LocalTokens.Key(options.SigningKey!);
                }
            })
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "prosesslop";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                // Secure is decided for every cookie in one place: WebSecurity's cookie policy.
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/logg-inn";
                cookie.LogoutPath = "/logg-ut";
                cookie.AccessDeniedPath = "/ingen-tilgang";
                if (!options.DevelopmentSignIn && !string.IsNullOrWhiteSpace(options.Authority) && !string.IsNullOrWhiteSpace(options.ClientId))
                {
                    cookie.ForwardChallenge = OpenIdConnectDefaults.AuthenticationScheme;
                }
            });
        if (!string.IsNullOrWhiteSpace(options.Authority) && !string.IsNullOrWhiteSpace(options.ClientId))
        {
            authentication.AddOpenIdConnect(oidc =>
            {
                oidc.Authority = options.Authority;
                oidc.ClientId = options.ClientId;
                oidc.ClientSecret = options.ClientSecret;
                oidc.ResponseType = "code";
                oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                oidc.MapInboundClaims = false;
                oidc.GetClaimsFromUserInfoEndpoint = true;
                oidc.TokenValidationParameters.NameClaimType = ProsessClaims.Name;
                oidc.TokenValidationParameters.RoleClaimType = ProsessClaims.Role;
                oidc.Scope.Add("profile");
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Reader, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Owner, p => p.RequireRole(Roles.Owner))
            .AddPolicy(Policies.Overview, p => p.RequireRole(Roles.Owner, Roles.Steering));
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        return services;
    }
}

/// Issues tokens signed with the local key: the `token` subcommand for people trying the API,
/// and the tests. Never used when an OpenID Connect authority is configured.
public static class LocalTokens
{
    public static SymmetricSecurityKey Key(string signingKey) =>
        new(SHA256Key(signingKey));

    public static string Create(AuthOptions options, string subject, string name, string role, IEnumerable<string> participants, TimeSpan lifetime)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            throw new InvalidOperationException("Auth:SigningKey is not set; local tokens cannot be issued.");
        }

        var claims = new List<Claim> { new(ProsessClaims.Subject, subject), new(ProsessClaims.Name, name), new(ProsessClaims.Role, role) };
        claims.AddRange(participants.Select(p => new Claim(ProsessClaims.Participant, p)));
        var token = new JwtSecurityToken(
            options.Issuer, options.Audience, claims, expires: DateTime.UtcNow.Add(lifetime),
            signingCredentials: new SigningCredentials(Key(options.SigningKey), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    // Any passphrase becomes a 256-bit key, as HS256 requires.
    private static byte[] SHA256Key(string signingKey) => System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(signingKey));
}

/// Who is asking, as the handlers need it. Outside an HTTP request (Hangfire jobs) this is
/// the system itself, which acts with the owner's rights.
public interface ICurrentUser
{
    string Id { get; }
    string Name { get; }
    bool IsOwner { get; }
    bool IsSteering { get; }
    bool IsCoordinator { get; }
    bool IsParticipant { get; }
    IReadOnlyCollection<string> Participants { get; }
}

public sealed class HttpCurrentUser(IHttpContextAccessor http) : ICurrentUser
{
    public const string SystemId = "system";

    private ClaimsPrincipal? Principal => http.HttpContext?.User;
    private bool IsSystem => http.HttpContext is null;

    public string Id => IsSystem ? SystemId : Principal!.FindFirstValue(ProsessClaims.Subject) ?? "anonymous";
    public string Name => IsSystem ? "ProsessLøp" : Principal!.FindFirstValue(ProsessClaims.Name) ?? Id;
    public bool IsOwner => IsSystem || Principal!.IsInRole(Roles.Owner);
    public bool IsSteering => !IsSystem && Principal!.IsInRole(Roles.Steering);
    public bool IsCoordinator => !IsSystem && Principal!.IsInRole(Roles.Coordinator);
    public bool IsParticipant => !IsSystem && Principal!.IsInRole(Roles.Participant);
    public IReadOnlyCollection<string> Participants => IsSystem ? [] : Principal!.FindAll(ProsessClaims.Participant).Select(c => c.Value).ToArray();
}

/// The access rules, in one place. A participant's data is visible to owners, the steering
/// group and that participant's own people; it is changed by owners and its coordinators.
/// Someone outside the participant gets 404 (not 403), so ids do not reveal what exists.
public static class Access
{
    public static bool CanRead(this ICurrentUser user, string participantId) =>
        user.IsOwner || user.IsSteering || user.Participants.Contains(participantId);

    public static bool CanChange(this ICurrentUser user, string participantId) =>
        user.IsOwner || (user.IsCoordinator && user.Participants.Contains(participantId));
}
