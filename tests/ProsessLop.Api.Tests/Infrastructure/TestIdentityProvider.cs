using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ProsessLop.Api.Tests.Infrastructure;

/// A person the test identity provider knows. `Username` is what the login form asks for;
/// the rest becomes claims (pid, oid and tid only when given).
public sealed record TestUser(
    string Username,
    string Subject,
    string Name,
    string Email,
    string? Pid = null,
    string? ObjectId = null,
    string? TenantId = null);

/// A real OpenID Connect provider (OpenIddict's server, EF Core stores in PostgreSQL) in its own
/// ASP.NET Core host on a loopback port, for sign-in tests: discovery, JWKS, authorization code
/// flow with PKCE for one confidential client, userinfo, end session, and the password grant so
/// API tests get real tokens without a browser. It is NOT the ProsessLøp host: ProsessLøp talks
/// to it over HTTP exactly as it would to ID-porten or Entra ID.
///
/// The login page asks only for a username (no password, no session cookie): every authorization
/// request shows the form again, so a test always knows who signs in.
public sealed partial class TestIdentityProvider : IAsyncDisposable
{
    public const string DefaultAudience = "prosesslop";
    public const string DefaultClientId = "prosesslop";
    public const string AuthorizationPath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string UserInfoPath = "/connect/userinfo";
    public const string EndSessionPath = "/connect/endsession";
    private const string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    /// Synthetic people. Kari's pid is a Tenor-style synthetic fødselsnummer (month + 80, valid
    /// check digits), which can never belong to a real person. Ola looks like an Entra ID user.
    public static IReadOnlyList<TestUser> DefaultUsers { get; } =
    [
        new("kari", "b7f3c0de-0001-4a6e-9d1b-000000000001", "Kari Nordmann", "kari.nordmann@example.no", Pid: "01817012309"),
        new("ola", "b7f3c0de-0002-4a6e-9d1b-000000000002", "Ola Normann", "ola.normann@example.no",
            ObjectId: "5d2a4c1e-7b8f-4e0a-9c3d-2f6e8a1b4c70", TenantId: "9e1f3a5b-2c4d-4e6f-8a0b-1c2d3e4f5a6b"),
    ];

    private readonly WebApplication app;
    private readonly Dictionary<string, TestUser> users;

    private TestIdentityProvider(WebApplication app, IEnumerable<TestUser> users, string audience, string clientId, RsaSecurityKey signingKey)
    {
        this.app = app;
        this.users = users.ToDictionary(u => u.Username, StringComparer.OrdinalIgnoreCase);
        Audience = audience;
        ClientId = clientId;
        SigningKey = signingKey;
    }

    /// http://127.0.0.1:port, no trailing slash: what ProsessLøp's `Authority` setting takes.
    public string Authority { get; private set; } = "";

    /// The `iss` in every token and in the discovery document (the authority with a slash).
    public string Issuer => Authority + "/";

    public string ClientId { get; }

    /// Made up per start, so no secret lives in the repository.
    public string ClientSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// The `aud` of access tokens unless a request asks for another.
    public string Audience { get; }

    /// The key the provider signs with (also published in its JWKS).
    public RsaSecurityKey SigningKey { get; }

    public IReadOnlyCollection<TestUser> Users => users.Values;

    public TestUser User(string username) =>
        users.TryGetValue(username, out var user) ? user : throw new ArgumentException($"No test user '{username}'.", nameof(username));

    public static async Task<TestIdentityProvider> StartAsync(
        IEnumerable<TestUser>? users = null, string audience = DefaultAudience, string clientId = DefaultClientId)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("identity_provider");
        var signingKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

        // The empty builder reads no appsettings.json or ASPNETCORE_* variables: the test output
        // folder holds ProsessLøp's settings, which are not this host's.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRouting();
        builder.Services.AddDbContext<IdentityProviderDb>(o => o.UseNpgsql(connectionString).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IdentityProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris(AuthorizationPath.TrimStart('/'))
                    .SetTokenEndpointUris(TokenPath.TrimStart('/'))
                    .SetUserInfoEndpointUris(UserInfoPath.TrimStart('/'))
                    .SetEndSessionEndpointUris(EndSessionPath.TrimStart('/'));
                o.AllowAuthorizationCodeFlow().AllowPasswordFlow().RequireProofKeyForCodeExchange();
                // S256 only, as a careful provider would: "plain" PKCE protects nothing once the request is seen.
                o.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                o.AddSigningKey(signingKey).AddEphemeralEncryptionKey();
                // Resource servers validate access tokens against the JWKS, as ProsessLøp does.
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore()
                    .DisableTransportSecurityRequirement()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
            });

        var app = builder.Build();
        var idp = new TestIdentityProvider(app, users ?? DefaultUsers, audience, clientId, signingKey);
        app.UseAuthentication();
        app.MapMethods(AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], idp.Authorize);
        // Typed as Func so the minimal API writes the returned IResult (a bare RequestDelegate would drop it).
        app.MapPost(TokenPath, (Func<HttpContext, Task<IResult>>)idp.Token);
        app.MapMethods(UserInfoPath, [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)idp.UserInfo);
        app.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], EndSession);
        app.MapGet("/", () => Results.Content(Page("Test-ID", "<p>Du er logget ut.</p>"), "text/html; charset=utf-8"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The database is a copy of ProsessLøp's template, so EnsureCreated would see tables and
            // do nothing; creating the model's tables (in their own schema) is what is meant.
            var db = scope.ServiceProvider.GetRequiredService<IdentityProviderDb>();
            await db.GetService<IRelationalDatabaseCreator>().CreateTablesAsync();
            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(idp.Client());
        }

        await app.StartAsync();
        idp.Authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        // The port is known only now. Without an explicit issuer OpenIddict would take it from
        // each request's Host header, so a client calling "localhost" would see another issuer.
        app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.Issuer = new Uri(idp.Issuer);
        return idp;
    }

    /// Redirect URIs are registered one by one, as at a real provider: OpenIddict then refuses
    /// any other redirect_uri, which is part of what a sign-in test should exercise.
    public Task AllowRedirectUriAsync(string redirectUri) =>
        UpdateClientAsync(d => d.RedirectUris.Add(new Uri(redirectUri)));

    public Task AllowPostLogoutRedirectUriAsync(string redirectUri) =>
        UpdateClientAsync(d => d.PostLogoutRedirectUris.Add(new Uri(redirectUri)));

    /// Both callbacks of a relying party that names this provider `name` the ASP.NET Core way:
    /// `{baseUrl}/signin-{name}` and `{baseUrl}/signout-callback-{name}`.
    public Task AllowRelyingPartyAsync(string baseUrl, string name) =>
        UpdateClientAsync(d =>
        {
            d.RedirectUris.Add(new Uri($"{baseUrl.TrimEnd('/')}/signin-{name}"));
            d.PostLogoutRedirectUris.Add(new Uri($"{baseUrl.TrimEnd('/')}/signout-callback-{name}"));
        });

    /// ProsessLøp's settings for this provider under `Auth:Providers:<name>`, for an in-memory
    /// configuration source.
    public Dictionary<string, string?> ProviderSettings(string name, string identityClaim = Claims.Subject, string displayName = "Test-ID") =>
        new()
        {
            [$"Auth:Providers:{name}:Authority"] = Authority,
            [$"Auth:Providers:{name}:ClientId"] = ClientId,
            [$"Auth:Providers:{name}:ClientSecret"] = ClientSecret,
            [$"Auth:Providers:{name}:DisplayName"] = displayName,
            [$"Auth:Providers:{name}:IdentityClaim"] = identityClaim,
            [$"Auth:Providers:{name}:Audience"] = Audience,
            [$"Auth:Providers:{name}:RequireHttpsMetadata"] = "false",
        };

    /// A real access token from the token endpoint (password grant, authenticated client).
    public async Task<string> GetAccessTokenAsync(string username, string? audience = null)
    {
        using var response = await PasswordGrantAsync(User(username).Username, audience);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode
            ? body.GetProperty(Parameters.AccessToken).GetString()!
            : throw new InvalidOperationException($"The test provider refused the token request: {body}");
    }

    /// The token endpoint's answer to a password grant for scopes openid, profile and email, as it
    /// came (access_token, id_token; or an error for a name the provider does not know).
    public async Task<HttpResponseMessage> PasswordGrantAsync(string username, string? audience = null)
    {
        var form = new Dictionary<string, string>
        {
            [Parameters.GrantType] = GrantTypes.Password,
            [Parameters.ClientId] = ClientId,
            [Parameters.ClientSecret] = ClientSecret,
            [Parameters.Username] = username,
            // Required by the grant; the test provider knows people by username alone.
            [Parameters.Password] = "test",
            [Parameters.Scope] = "openid profile email",
        };
        if (audience is not null)
        {
            form[AudienceParameter] = audience;
        }

        using var http = new HttpClient();
        return await http.PostAsync(Authority + TokenPath, new FormUrlEncodedContent(form));
    }

    /// Signs in as a browser without JavaScript would, through any relying party: from `startUrl`
    /// (say ProsessLøp's sign-in link) it follows redirects, fills this provider's login form with
    /// `username`, posts a form_post answer on to the relying party, and returns the first
    /// response that is none of these. The client must not follow redirects itself and must keep
    /// the relying party's cookies (see LoopbackCookies).
    public async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string startUrl, string username) =>
        await ContinueSignInAsync(browser, await browser.GetAsync(startUrl), username);

    /// As SignInAsync, from a response the test already has: say the redirect answering a POST of
    /// the relying party's own sign-in form (which carries an antiforgery token).
    public async Task<HttpResponseMessage> ContinueSignInAsync(HttpClient browser, HttpResponseMessage response, string username)
    {
        var startUrl = response.RequestMessage!.RequestUri;
        for (var step = 0; step < 20; step++)
        {
            var url = response.RequestMessage!.RequestUri!;
            if (response.Headers.Location is { } location)
            {
                response = await browser.GetAsync(new Uri(url, location));
            }
            else if (url.AbsoluteUri.StartsWith(Authority + AuthorizationPath, StringComparison.Ordinal) && response.IsSuccessStatusCode)
            {
                var page = await response.Content.ReadAsStringAsync();
                response = page.Contains("id=\"username\"", StringComparison.Ordinal)
                    ? await SubmitLoginFormAsync(browser, page, username)
                    : await PostFormAsync(browser, page, new Uri(url, WebUtility.HtmlDecode(FormAction().Match(page).Groups[1].Value)), []);
            }
            else
            {
                return response;
            }
        }

        throw new InvalidOperationException($"Signing in from {startUrl} went round in circles.");
    }

    /// Posts this provider's login form as a browser would: its hidden fields plus the username.
    /// Returns the provider's answer (a redirect to the client, or a form_post page).
    public Task<HttpResponseMessage> SubmitLoginFormAsync(HttpClient browser, string loginPage, string username) =>
        PostFormAsync(browser, loginPage, new Uri(Authority + AuthorizationPath), [KeyValuePair.Create(Parameters.Username, username)]);

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, Uri action, KeyValuePair<string, string>[] extra)
    {
        var fields = HiddenField().Matches(page)
            .Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Concat(extra);
        return browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    // Both this provider's login form and OpenIddict's form_post page write inputs this way.
    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"\\s*/?>")]
    private static partial Regex HiddenField();

    [GeneratedRegex("<form[^>]* action=\"([^\"]*)\"")]
    private static partial Regex FormAction();

    /// Same claims as a real token, signed with another RSA key under the provider's key id.
    public string ForgedToken(string username) =>
        Token(username, Audience, DateTime.UtcNow, new SigningCredentials(
            new RsaSecurityKey(RSA.Create(2048)) { KeyId = SigningKey.KeyId }, SecurityAlgorithms.RsaSha256));

    /// Signed with the real key, expired an hour ago (well past any clock skew).
    public string ExpiredToken(string username) =>
        Token(username, Audience, DateTime.UtcNow.AddHours(-2), RealSigning);

    /// Signed with the real key, for another audience.
    public string WrongAudienceToken(string username) =>
        Token(username, "another-api", DateTime.UtcNow, RealSigning);

    /// `alg: none`, no signature.
    public string UnsignedToken(string username) =>
        Token(username, Audience, DateTime.UtcNow, signing: null);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        SigningKey.Rsa?.Dispose();
    }

    /// A custom token request parameter naming the access token's audience: `audience` is
    /// reserved for token exchange, and RFC 8707's `resource` would have to be an absolute URI.
    private const string AudienceParameter = "test_audience";

    private SigningCredentials RealSigning => new(SigningKey, SecurityAlgorithms.RsaSha256);

    private OpenIddictApplicationDescriptor Client() => new()
    {
        ClientId = ClientId,
        ClientSecret = ClientSecret,
        ClientType = ClientTypes.Confidential,
        ConsentType = ConsentTypes.Implicit,
        DisplayName = "ProsessLøp (test)",
        Permissions =
        {
            Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
            Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.Password, Permissions.ResponseTypes.Code,
            Permissions.Scopes.Profile, Permissions.Scopes.Email,
        },
        Requirements = { Requirements.Features.ProofKeyForCodeExchange },
    };

    private async Task UpdateClientAsync(Action<OpenIddictApplicationDescriptor> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var client = await manager.FindByClientIdAsync(ClientId) ?? throw new InvalidOperationException("The client is gone.");
        var descriptor = new OpenIddictApplicationDescriptor();
        await manager.PopulateAsync(descriptor, client);
        change(descriptor);
        await manager.UpdateAsync(client, descriptor);
    }

    private IResult Authorize(HttpContext http)
    {
        // OpenIddict has validated the request (client, redirect_uri, PKCE) before this runs.
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var username = (string?)request[Parameters.Username];
        if (!HttpMethods.IsPost(http.Request.Method) || string.IsNullOrWhiteSpace(username))
        {
            return LoginPage(request, error: null);
        }

        if (!users.TryGetValue(username.Trim(), out var user))
        {
            return LoginPage(request, "Ukjent brukernavn. Prøv igjen.");
        }

        return Results.SignIn(Principal(user, request.GetScopes(), Audience), authenticationScheme: Scheme);
    }

    private async Task<IResult> Token(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsPasswordGrantType())
        {
            return users.TryGetValue(request.Username ?? "", out var user)
                ? Results.SignIn(Principal(user, request.GetScopes(), (string?)request[AudienceParameter] ?? Audience), authenticationScheme: Scheme)
                : Results.Forbid(Refusal(Errors.InvalidGrant, "Ukjent brukernavn."), [Scheme]);
        }

        // Authorization code: OpenIddict has checked the code, the client and the code_verifier;
        // the principal it stored with the code is what the tokens carry.
        var result = await http.AuthenticateAsync(Scheme);
        return Results.SignIn(result.Principal!, authenticationScheme: Scheme);
    }

    private async Task<IResult> UserInfo(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        var subject = result.Principal?.GetClaim(Claims.Subject);
        var user = users.Values.FirstOrDefault(u => u.Subject == subject);
        if (user is null)
        {
            return Results.Challenge(Refusal(Errors.InvalidToken, "Ukjent bruker."), [Scheme]);
        }

        return Results.Json(UserClaims(user));
    }

    private static IResult EndSession() =>
        // OpenIddict redirects to a registered post_logout_redirect_uri when one was sent.
        Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [Scheme]);

    private static AuthenticationProperties Refusal(string error, string description) =>
        new(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        });

    private static ClaimsPrincipal Principal(TestUser user, IEnumerable<string> scopes, string audience)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        foreach (var (type, value) in UserClaims(user))
        {
            identity.SetClaim(type, value);
        }

        identity.SetScopes(scopes);
        identity.SetResources(audience);
        // Everything goes into both tokens: a test provider has no reason to hold claims back.
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return new ClaimsPrincipal(identity);
    }

    private static Dictionary<string, string> UserClaims(TestUser user)
    {
        var claims = new Dictionary<string, string>
        {
            [Claims.Subject] = user.Subject,
            [Claims.Name] = user.Name,
            [Claims.Email] = user.Email,
        };
        AddIfGiven(claims, "pid", user.Pid);
        AddIfGiven(claims, "oid", user.ObjectId);
        AddIfGiven(claims, "tid", user.TenantId);
        return claims;

        static void AddIfGiven(Dictionary<string, string> claims, string type, string? value)
        {
            if (value is not null)
            {
                claims[type] = value;
            }
        }
    }

    /// A token shaped like the provider's access tokens, for the negative tests.
    private string Token(string username, string audience, DateTime issuedAt, SigningCredentials? signing)
    {
        var claims = UserClaims(User(username)).ToDictionary(c => c.Key, object (c) => c.Value);
        claims[Claims.ClientId] = ClientId;
        claims[Claims.Scope] = "openid profile email";
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt.AddHours(1),
            TokenType = JsonWebTokenTypes.AccessToken,
            Claims = claims,
            SigningCredentials = signing,
        });
    }

    /// The form posts back to the authorization endpoint with every original parameter, so
    /// OpenIddict validates the whole request again on the way in.
    private IResult LoginPage(OpenIddictRequest request, string? error)
    {
        var html = new StringBuilder();
        if (error is not null)
        {
            html.Append($"<p role=\"alert\">{Encode(error)}</p>");
        }

        html.Append($"<form method=\"post\" action=\"{AuthorizationPath}\">");
        foreach (var (name, value) in request.GetParameters())
        {
            if (name == Parameters.Username)
            {
                continue;
            }

            foreach (var item in (StringValues)value)
            {
                html.Append($"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(item)}\">");
            }
        }

        html.Append("<label for=\"username\">Brukernavn</label> ")
            .Append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required> ")
            .Append("<button type=\"submit\">Logg inn</button></form>")
            .Append($"<p>Testbrukere: {Encode(string.Join(", ", users.Keys))}</p>");
        return Results.Content(Page("Logg inn – Test-ID", html.ToString()), "text/html; charset=utf-8");
    }

    private static string Page(string title, string body) =>
        $"<!doctype html><html lang=\"nb\"><head><meta charset=\"utf-8\"><title>{Encode(title)}</title></head>" +
        $"<body><main><h1>{Encode(title)}</h1>{body}</main></body></html>";

    private static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");
}

/// OpenIddict's tables, in their own schema beside ProsessLøp's (the database is a copy of its template).
internal sealed class IdentityProviderDb(DbContextOptions<IdentityProviderDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema("openiddict");
}
