using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
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

    /// Anyone signed in, with or without a membership: `/api/me` says which.
    public const string SignedIn = "signed-in";
}

public static class ProsessClaims
{
    public const string Role = "role";
    public const string Participant = "participant";
    public const string Name = "name";

    /// The person's own choice of written standard (`nb` / `nn`), when they made one.
    public const string WrittenStandard = "malform";

    /// The decision of the person's participants (`nb` / `nn`, empty for none), read with their
    /// memberships so choosing the page's standard needs no query of its own.
    public const string ParticipantWrittenStandard = "malform-deltakar";
    public const string Subject = "sub";

    /// The participants a person coordinates (a person may coordinate one and only take part in another).
    public const string Coordinates = "coordinates";

    /// The organisations a programme owner is an owner for (their owner memberships' scope).
    public const string Organisation = "organisation";

    /// The sign-in session a page cookie belongs to.
    public const string Session = "sid";

    /// The configured identity provider a sign-in came through, and the person's key there.
    public const string Provider = "idp";
    public const string ExternalKey = "ext";

    /// A personal access token's id and scope (read or readWrite).
    public const string TokenId = "token_id";
    public const string TokenScope = "token_scope";
}

/// One OpenID Connect provider (`Auth__Providers__<name>__…`): ID-porten, Ansattporten, a
/// municipality's Entra ID. It says who a person is; memberships here say what they may do.
public sealed class ProviderOptions
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// The name on the sign-in button, e.g. «ID-porten».
    public string? DisplayName { get; set; }

    /// The claim that identifies a person at this provider: `sub`, `pid` (ID-porten's
    /// fødselsnummer), `email`, or `oid+tid` (Entra ID: object id within a tenant).
    public string IdentityClaim { get; set; } = "sub";

    /// Audience of the provider's access tokens the API takes; empty: the API takes none from it.
    public string? Audience { get; set; }

    /// Issuer of its tokens when it is not the authority itself.
    public string? Issuer { get; set; }

    /// Entra ID multi-tenant (`…/organizations/v2.0`): tokens come from each tenant's own issuer.
    public bool EntraMultiTenant { get; set; }

    /// Extra scopes beyond `openid profile`.
    public List<string> Scopes { get; set; } = [];

    /// Security level asked for at sign-in (`acr_values`), e.g. ID-porten's `idporten-loa-substantial`.
    public string? AcrValues { get; set; }

    /// Security levels accepted in the id_token's `acr`; empty: any. ID-porten requires the client to check it.
    public List<string> AcceptedAcr { get; set; } = [];

    /// Plain-HTTP metadata: only for a provider on loopback in tests; refused in Production.
    public bool RequireHttpsMetadata { get; set; } = true;

    public string Title(string name) => string.IsNullOrWhiteSpace(DisplayName) ? name : DisplayName;

    /// Whether a token with this `iss` comes from this provider.
    public bool Issued(string issuer) => EntraMultiTenant
        ? issuer.StartsWith("https://login.microsoftonline.com/", StringComparison.Ordinal) && issuer.EndsWith("/v2.0", StringComparison.Ordinal)
        : string.Equals(issuer.TrimEnd('/'), (Issuer ?? Authority ?? "").TrimEnd('/'), StringComparison.Ordinal);

    public static readonly IReadOnlyList<string> IdentityClaims = ["sub", "pid", "email", "oid+tid"];

    /// The person's key at this provider, from the claims it sent; null when it sent none.
    public string? KeyOf(ClaimsPrincipal principal)
    {
        string? Claim(string type) => principal.FindFirst(type)?.Value is { Length: > 0 } v ? v : null;
        return IdentityClaim switch
        {
            "oid+tid" => Claim("oid") is { } oid && Claim("tid") is { } tid ? $"{tid}/{oid}" : null,
            "email" => Claim("email")?.Trim().ToLowerInvariant(),
            var other => Claim(other),
        };
    }
}

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// Identity providers by name (the name is part of the callback path `/signin-<name>`).
    public Dictionary<string, ProviderOptions> Providers { get; set; } = [];

    /// A single provider the older way (`Auth__Authority`, `Auth__ClientId`): the same as
    /// `Auth__Providers__oidc__…`.
    public string? Authority { get; set; }

    public string Audience { get; set; } = "prosesslop";

    /// Symmetric key for locally issued tokens (Development, tests, the `token` subcommand).
    /// Outside Development it must be random and at least 256 bits (SigningKeys).
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "prosesslop-local";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// The demo sign-in: the page picker and role claims in locally issued tokens are believed.
    /// Development only by default; refused in Production.
    public bool DevelopmentSignIn { get; set; }

    /// The providers a person can sign in with on the pages (those with a client): name and button text.
    public IReadOnlyList<(string Name, string Title)> PageProviders() =>
        [.. AllProviders().Where(p => !string.IsNullOrWhiteSpace(p.Value.ClientId)).Select(p => (p.Key, p.Value.Title(p.Key)))];

    /// Every configured provider, the older single one included.
    public IReadOnlyDictionary<string, ProviderOptions> AllProviders()
    {
        var all = Providers.Where(p => !string.IsNullOrWhiteSpace(p.Value.Authority)).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(Authority) && !all.ContainsKey("oidc"))
        {
            all["oidc"] = new ProviderOptions { Authority = Authority, ClientId = ClientId, ClientSecret = ClientSecret, Audience = Audience, DisplayName = "Logg inn" };
        }

        return all;
    }
}

public static class AuthSetup
{
    public const string SmartScheme = "prosesslop";
    public const string PatScheme = "pat";

    /// How each kind of sign-in is told apart after authentication (the identity's authentication type).
    public const string LocalKind = "local";
    public const string DemoKind = "demo";
    public const string CookieKind = "cookie";
    public const string PatKind = "pat";
    public const string BearerKindPrefix = "bearer:";

    public static string OidcScheme(string provider) => $"oidc-{provider}";

    public static string BearerScheme(string provider) => $"bearer-{provider}";

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

        var providers = options.AllProviders();
        foreach (var (name, provider) in providers)
        {
            if (!provider.RequireHttpsMetadata && environment.IsProduction())
            {
                throw new StartupException($"Auth__Providers__{name}__RequireHttpsMetadata=false cannot be used in Production: the provider's keys would be fetched over plain HTTP.");
            }

            if (!ProviderOptions.IdentityClaims.Contains(provider.IdentityClaim))
            {
                throw new StartupException($"Auth__Providers__{name}__IdentityClaim must be one of {string.Join(", ", ProviderOptions.IdentityClaims)}.");
            }
        }

        var hasLocalKey = !string.IsNullOrWhiteSpace(options.SigningKey);

        // A bearer token from no configured provider: the local key's handler judges it, or — with
        // no local key — the access-token handler, which knows nothing of it (401 either way).
        var noProvider = hasLocalKey ? JwtBearerDefaults.AuthenticationScheme : PatScheme;
        var bearerProviders = providers.Where(p => !string.IsNullOrWhiteSpace(p.Value.Audience)).ToList();

        // The API takes bearer tokens only (no cookies, so no cross-site request forgery on it):
        // a personal access token, a provider's access token (told apart by its issuer) or a
        // locally issued one. The pages use a cookie, signed in through a provider or the demo picker.
        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "API: bearer; pages: cookie", o => o.ForwardDefaultSelector = http =>
            {
                var header = http.Request.Headers.Authorization.ToString();
                if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                {
                    var token = header["Bearer ".Length..].Trim();
                    if (token.StartsWith(Features.People.PersonalAccessToken.Prefix, StringComparison.Ordinal))
                    {
                        return PatScheme;
                    }

                    // No provider takes bearer tokens: no need to read the token's issuer.
                    if (bearerProviders.Count == 0)
                    {
                        return noProvider;
                    }

                    var issuer = UnvalidatedIssuer(token);
                    var provider = bearerProviders.FirstOrDefault(p => issuer is not null && p.Value.Issued(issuer));
                    return provider.Key is not null ? BearerScheme(provider.Key) : noProvider;
                }

                return http.Request.Path.StartsWithSegments("/api") ? noProvider : CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PatScheme, null)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "prosesslop";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                // Secure is decided for every cookie in one place: WebSecurity's cookie policy.
                cookie.ExpireTimeSpan = SignInResolution.SessionLifetime;
                cookie.SlidingExpiration = false;
                cookie.LoginPath = "/logg-inn";
                cookie.LogoutPath = "/logg-ut";
                cookie.AccessDeniedPath = "/ingen-tilgang";
                // A provider sign-in is a session in the database: ended (signed out, person
                // erased) means the cookie is refused, and the person is asked to sign in again.
                cookie.Events.OnValidatePrincipal = SignInResolution.ValidateSessionAsync;
            });
        if (hasLocalKey)
        {
            authentication.AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                RememberValidTokens(jwt);
                jwt.TokenValidationParameters.NameClaimType = ProsessClaims.Name;
                jwt.TokenValidationParameters.RoleClaimType = ProsessClaims.Role;
                jwt.TokenValidationParameters.AuthenticationType = LocalKind;
                jwt.TokenValidationParameters.ValidAudience = options.Audience;
                jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                jwt.TokenValidationParameters.IssuerSigningKey = LocalTokens.Key(options.SigningKey!);
                jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            });
        }

        foreach (var (name, provider) in providers)
        {
            if (!string.IsNullOrWhiteSpace(provider.Audience))
            {
                authentication.AddJwtBearer(BearerScheme(name), jwt =>
                {
                    jwt.Authority = provider.Authority;
                    jwt.RequireHttpsMetadata = provider.RequireHttpsMetadata;
                    jwt.MapInboundClaims = false;
                    RememberValidTokens(jwt);
                    jwt.TokenValidationParameters.NameClaimType = ProsessClaims.Name;
                    jwt.TokenValidationParameters.RoleClaimType = ProsessClaims.Role;
                    jwt.TokenValidationParameters.AuthenticationType = BearerKindPrefix + name;
                    jwt.TokenValidationParameters.ValidAudience = provider.Audience;
                    jwt.TokenValidationParameters.ValidateLifetime = true;
                    jwt.TokenValidationParameters.RequireSignedTokens = true;
                    if (provider.Issuer is not null)
                    {
                        jwt.TokenValidationParameters.ValidIssuer = provider.Issuer;
                    }

                    if (provider.EntraMultiTenant)
                    {
                        jwt.TokenValidationParameters.IssuerValidator = EntraIssuer.Validate;
                    }
                });
            }

            if (!string.IsNullOrWhiteSpace(provider.ClientId))
            {
                authentication.AddOpenIdConnect(OidcScheme(name), provider.Title(name), oidc =>
                {
                    oidc.Authority = provider.Authority;
                    oidc.RequireHttpsMetadata = provider.RequireHttpsMetadata;
                    oidc.ClientId = provider.ClientId;
                    oidc.ClientSecret = provider.ClientSecret;
                    oidc.ResponseType = "code";
                    oidc.UsePkce = true;
                    oidc.CallbackPath = $"/signin-{name}";
                    oidc.SignedOutCallbackPath = $"/signout-callback-{name}";
                    oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                    oidc.MapInboundClaims = false;
                    oidc.SaveTokens = false;
                    oidc.GetClaimsFromUserInfoEndpoint = true;
                    oidc.TokenValidationParameters.NameClaimType = ProsessClaims.Name;
                    oidc.Scope.Clear();
                    oidc.Scope.Add("openid");
                    oidc.Scope.Add("profile");
                    foreach (var scope in provider.Scopes)
                    {
                        oidc.Scope.Add(scope);
                    }

                    if (provider.EntraMultiTenant)
                    {
                        oidc.TokenValidationParameters.IssuerValidator = EntraIssuer.Validate;
                    }

                    oidc.Events.OnRedirectToIdentityProvider = context =>
                    {
                        if (!string.IsNullOrWhiteSpace(provider.AcrValues))
                        {
                            context.ProtocolMessage.AcrValues = provider.AcrValues;
                        }

                        return Task.CompletedTask;
                    };
                    oidc.Events.OnTokenValidated = context =>
                    {
                        var acr = context.Principal?.FindFirst("acr")?.Value;
                        if (provider.AcceptedAcr.Count > 0 && (acr is null || !provider.AcceptedAcr.Contains(acr)))
                        {
                            context.Fail($"The sign-in's security level (acr '{acr}') is not one of Auth__Providers__{name}__AcceptedAcr.");
                            return Task.CompletedTask;
                        }

                        // Only the id_token is kept (in the encrypted cookie), as the hint signing out at
                        // the provider needs (ID-porten requires it); access and refresh tokens are not.
                        if ((context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage?.IdToken) is { } idToken)
                        {
                            context.Properties!.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
                        }

                        return Task.CompletedTask;
                    };

                    // Who the person is here, not what the provider's claims say: the cookie gets
                    // our person id and a session (SignInResolution).
                    oidc.Events.OnTicketReceived = context =>
                        context.HttpContext.RequestServices.GetRequiredService<SignInResolution>().CompleteProviderSignInAsync(context, name, provider);
                });
            }
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Reader, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Owner, p => p.RequireRole(Roles.Owner))
            .AddPolicy(Policies.Overview, p => p.RequireRole(Roles.Owner, Roles.Steering))
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser());
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<SignInResolution>();
        services.AddScoped<IClaimsTransformation>(sp => sp.GetRequiredService<SignInResolution>());
        return services;
    }

    // One handler per scheme, so a token is remembered only by the scheme that validated it.
    private static void RememberValidTokens(JwtBearerOptions jwt)
    {
        jwt.TokenHandlers.Clear();
        jwt.TokenHandlers.Add(new RememberingTokenHandler());
    }

    /// The `iss` of a JWT, read without validating it: only to pick which provider validates it.
    private static string? UnvalidatedIssuer(string token)
    {
        try
        {
            return new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

/// Entra ID multi-tenant: each municipality's tenant signs with its own issuer
/// `https://login.microsoftonline.com/{tid}/v2.0`; the token's `tid` must name that same tenant.
public static class EntraIssuer
{
    public static string Validate(string issuer, SecurityToken token, TokenValidationParameters parameters)
    {
        var tid = token switch
        {
            Microsoft.IdentityModel.JsonWebTokens.JsonWebToken jwt => jwt.TryGetPayloadValue<string>("tid", out var t) ? t : null,
            JwtSecurityToken jwt => jwt.Payload.TryGetValue("tid", out var t) ? t as string : null,
            _ => null,
        };
        if (tid is not null && Guid.TryParse(tid, out _) && issuer == $"https://login.microsoftonline.com/{tid}/v2.0")
        {
            return issuer;
        }

        throw new SecurityTokenInvalidIssuerException($"Issuer {issuer} is not an Entra ID tenant issuer matching the token's tid.");
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

        // Role and participant claims count only in the demo sign-in; elsewhere the subject names a person.
        var claims = new List<Claim> { new(ProsessClaims.Subject, subject), new(ProsessClaims.Name, name) };
        if (!string.IsNullOrEmpty(role))
        {
            claims.Add(new(ProsessClaims.Role, role));
        }

        claims.AddRange(participants.Select(p => new Claim(ProsessClaims.Participant, p)));
        var token = new JwtSecurityToken(
            options.Issuer, options.Audience, claims, expires: DateTime.UtcNow.Add(lifetime),
            signingCredentials: new SigningCredentials(Key(options.SigningKey), SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    // Any passphrase becomes a 256-bit key, as HS256 requires.
    private static byte[] SHA256Key(string signingKey) => System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(signingKey));
}

/// Who is asking, as the handlers need it. Outside an HTTP request (Hangfire jobs, the
/// `bootstrap-owner` command) this is the system itself, which acts with the owner's rights.
public interface ICurrentUser
{
    /// The person's id (a person signed in through a provider, a personal access token or a
    /// locally issued token), or a demo subject.
    string Id { get; }
    string Name { get; }
    bool IsOwner { get; }
    bool IsSteering { get; }
    bool IsCoordinator { get; }
    bool IsParticipant { get; }

    /// Every participant the person belongs to.
    IReadOnlyCollection<string> Participants { get; }

    /// The participants the person coordinates.
    IReadOnlyCollection<string> Coordinates { get; }

    /// The organisations the person is a programme owner for.
    IReadOnlyCollection<string> Organisations { get; }

    /// Signed in through a personal access token (which may not make more tokens).
    bool ViaAccessToken { get; }
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
    public IReadOnlyCollection<string> Participants => Values(ProsessClaims.Participant);
    public IReadOnlyCollection<string> Coordinates => Values(ProsessClaims.Coordinates);
    public IReadOnlyCollection<string> Organisations => Values(ProsessClaims.Organisation);
    public bool ViaAccessToken => !IsSystem && Principal!.HasClaim(c => c.Type == ProsessClaims.TokenId);

    private string[] Values(string type) => IsSystem ? [] : Principal!.FindAll(type).Select(c => c.Value).ToArray();
}

/// The access rules, in one place. A participant's data is visible to owners, the steering
/// group and that participant's own people; it is changed by owners and its coordinators.
/// Someone outside the participant gets 404 (not 403), so ids do not reveal what exists.
public static class Access
{
    public static bool CanRead(this ICurrentUser user, string participantId) =>
        user.IsOwner || user.IsSteering || user.Participants.Contains(participantId);

    public static bool CanChange(this ICurrentUser user, string participantId) =>
        user.IsOwner || user.Coordinates.Contains(participantId);
}
