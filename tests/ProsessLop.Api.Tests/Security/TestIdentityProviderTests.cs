using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Security;

public sealed class TestIdentityProviderFixture : IAsyncLifetime
{
    /// Never called back: the tests read the redirect instead of following it.
    public const string RedirectUri = "http://127.0.0.1:1/signin-testidp";
    public const string SignedOutUri = "http://127.0.0.1:1/signout-callback-testidp";

    public TestIdentityProvider Idp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Idp = await TestIdentityProvider.StartAsync();
        await Idp.AllowRedirectUriAsync(RedirectUri);
        await Idp.AllowPostLogoutRedirectUriAsync(SignedOutUri);
    }

    public async Task DisposeAsync()
    {
        if (Idp is not null)
        {
            await Idp.DisposeAsync();
        }
    }
}

/// The test identity provider is itself tested: sign-in tests built on a provider that accepts
/// anything would prove nothing.
public sealed class TestIdentityProviderTests(TestIdentityProviderFixture fixture) : IClassFixture<TestIdentityProviderFixture>
{
    private readonly TestIdentityProvider idp = fixture.Idp;
    private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false });

    [Fact]
    public async Task Discovery_ListsTheEndpoints_AndRequiresS256()
    {
        var discovery = await http.GetFromJsonAsync<JsonElement>(idp.Authority + "/.well-known/openid-configuration");

        Assert.Equal(idp.Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal(idp.Authority + TestIdentityProvider.AuthorizationPath, discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(idp.Authority + TestIdentityProvider.TokenPath, discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal(idp.Authority + TestIdentityProvider.UserInfoPath, discovery.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(idp.Authority + TestIdentityProvider.EndSessionPath, discovery.GetProperty("end_session_endpoint").GetString());
        Assert.StartsWith(idp.Authority, discovery.GetProperty("jwks_uri").GetString(), StringComparison.Ordinal);
        Assert.Contains("S256", Strings(discovery, "code_challenge_methods_supported"));
        Assert.DoesNotContain("plain", Strings(discovery, "code_challenge_methods_supported"));
        Assert.Contains("authorization_code", Strings(discovery, "grant_types_supported"));
    }

    [Fact]
    public async Task Issuer_IsTheSame_WhateverHostTheClientNames()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, idp.Authority + "/.well-known/openid-configuration");
        request.Headers.Host = "localhost";

        var discovery = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(idp.Issuer, discovery.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task PasswordGrantAccessToken_ValidatesAgainstTheJwks_WithIssuerAudienceAndSubject()
    {
        var token = await idp.GetAccessTokenAsync("kari");

        var result = await ValidateAsync(token);

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(idp.Issuer, jwt.Issuer);
        Assert.Equal([TestIdentityProvider.DefaultAudience], jwt.Audiences);
        Assert.Equal(idp.User("kari").Subject, jwt.Subject);
        Assert.Equal("01817012309", jwt.GetClaim("pid").Value);
        Assert.Equal(idp.SigningKey.KeyId, jwt.Kid);
    }

    [Fact]
    public async Task PasswordGrant_CanAskForAnotherAudience()
    {
        var token = new JsonWebToken(await idp.GetAccessTokenAsync("ola", audience: "another-api"));

        Assert.Equal(["another-api"], token.Audiences);
        Assert.Equal(idp.User("ola").ObjectId, token.GetClaim("oid").Value);
    }

    [Fact]
    public async Task PasswordGrant_ForAnUnknownUser_IsRefused()
    {
        var answer = await idp.PasswordGrantAsync("nobody");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("invalid_grant", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task CodeFlowWithPkce_SignsInThroughTheLoginForm_AndReturnsAnIdTokenWithNameAndPid()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        var form = await http.GetStringAsync(AuthorizeUrl(Challenge(verifier)));
        Assert.Contains("<label for=\"username\">Brukernavn</label>", form, StringComparison.Ordinal);
        Assert.Contains("<input id=\"username\" name=\"username\"", form, StringComparison.Ordinal);

        var redirect = await SubmitLoginAsync(form, "kari");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!.ToString();
        Assert.StartsWith(TestIdentityProviderFixture.RedirectUri + "?", location, StringComparison.Ordinal);
        var answer = QueryHelpers.ParseQuery(new Uri(location).Query);
        Assert.Equal("state-123", answer["state"].ToString());

        var tokens = await ExchangeAsync(answer["code"].ToString(), verifier);
        Assert.True(tokens.IsSuccessStatusCode, await tokens.Content.ReadAsStringAsync());
        var body = await tokens.Content.ReadFromJsonAsync<JsonElement>();
        var idToken = new JsonWebToken(body.GetProperty("id_token").GetString());
        Assert.Equal(idp.Issuer, idToken.Issuer);
        Assert.Equal([idp.ClientId], idToken.Audiences);
        Assert.Equal("Kari Nordmann", idToken.GetClaim("name").Value);
        Assert.Equal("01817012309", idToken.GetClaim("pid").Value);
        Assert.Equal("nonce-123", idToken.GetClaim("nonce").Value);

        var accessToken = body.GetProperty("access_token").GetString()!;
        Assert.True((await ValidateAsync(accessToken)).IsValid);
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, idp.Authority + TestIdentityProvider.UserInfoPath);
        userInfo.Headers.Authorization = new("Bearer", accessToken);
        var claims = await (await http.SendAsync(userInfo)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("kari.nordmann@example.no", claims.GetProperty("email").GetString());
        Assert.Equal("01817012309", claims.GetProperty("pid").GetString());
    }

    [Fact]
    public async Task CodeFlow_InFormPostMode_AnswersWithAFormPostingTheCodeToTheRedirectUri()
    {
        // ASP.NET Core's OpenID Connect handler asks for response_mode=form_post unless told otherwise.
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var form = await http.GetStringAsync(AuthorizeUrl(Challenge(verifier)) + "&response_mode=form_post");

        var answer = await SubmitLoginAsync(form, "ola");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var page = await answer.Content.ReadAsStringAsync();
        Assert.Contains($"action=\"{TestIdentityProviderFixture.RedirectUri}\"", page, StringComparison.Ordinal);
        Assert.Matches("name=\"code\" value=\"[^\"]+\"", page);
    }

    [Fact]
    public async Task EndSession_WithAnIdTokenHint_RedirectsToTheRegisteredPostLogoutUri()
    {
        var tokens = await idp.PasswordGrantAsync("kari");
        var idToken = (await tokens.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id_token").GetString()!;

        var answer = await http.GetAsync(QueryHelpers.AddQueryString(idp.Authority + TestIdentityProvider.EndSessionPath, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = TestIdentityProviderFixture.SignedOutUri,
            ["state"] = "bye",
        }));

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(TestIdentityProviderFixture.SignedOutUri + "?state=bye", answer.Headers.Location!.ToString());
    }

    [Fact]
    public async Task AspNetCoresOpenIdConnectHandler_SignsInAndOutThroughTheProvider_WithItsDefaults()
    {
        // A relying party as stock as it gets (form_post, PKCE, userinfo): if it signs in, a host
        // built on the same handler can.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRouting().AddAuthorization().AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = "testidp";
            })
            .AddCookie()
            .AddOpenIdConnect("testidp", o =>
            {
                o.Authority = idp.Authority;
                o.ClientId = idp.ClientId;
                o.ClientSecret = idp.ClientSecret;
                o.ResponseType = "code";
                o.RequireHttpsMetadata = false;
                o.CallbackPath = "/signin-testidp";
                o.SignedOutCallbackPath = "/signout-callback-testidp";
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = true;
            });
        await using var relyingParty = builder.Build();
        relyingParty.UseAuthentication();
        relyingParty.UseAuthorization();
        relyingParty.MapGet("/me", (ClaimsPrincipal user) => $"{user.FindFirst("name")?.Value} {user.FindFirst("pid")?.Value}").RequireAuthorization();
        relyingParty.MapGet("/logout", () => Results.SignOut(new() { RedirectUri = "/signed-out" }, [CookieAuthenticationDefaults.AuthenticationScheme, "testidp"]));
        await relyingParty.StartAsync();
        var baseUrl = relyingParty.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        await idp.AllowRelyingPartyAsync(baseUrl, "testidp");
        using var browser = new HttpClient(new LoopbackCookies { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false } });

        var answer = await idp.SignInAsync(browser, baseUrl + "/me", "kari");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("Kari Nordmann 01817012309", await answer.Content.ReadAsStringAsync());

        // Out: the relying party → the end-session endpoint → its signout callback → where it meant to go.
        var toProvider = (await browser.GetAsync(baseUrl + "/logout")).Headers.Location!;
        Assert.StartsWith(idp.Authority + TestIdentityProvider.EndSessionPath, toProvider.ToString(), StringComparison.Ordinal);
        var toCallback = (await browser.GetAsync(toProvider)).Headers.Location!;
        Assert.StartsWith(baseUrl + "/signout-callback-testidp", toCallback.ToString(), StringComparison.Ordinal);
        Assert.Equal("/signed-out", (await browser.GetAsync(toCallback)).Headers.Location!.ToString());
        Assert.StartsWith(idp.Authority, (await browser.GetAsync(baseUrl + "/me")).Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginForm_WithAnUnknownUsername_ShowsTheFormAgain_AndIssuesNoCode()
    {
        var form = await http.GetStringAsync(AuthorizeUrl(Challenge("some-verifier-that-is-long-enough-for-pkce-43chars")));

        var answer = await SubmitLoginAsync(form, "nobody");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Ukjent brukernavn", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizationRequest_WithoutCodeChallenge_IsRefused()
    {
        var answer = await http.GetAsync(AuthorizeUrl(challenge: null));

        // OpenIddict answers with its own error page (no redirect, no login form, no code).
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.Contains("error:invalid_request", body, StringComparison.Ordinal);
        Assert.Contains("'code_challenge' parameter is missing", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeExchange_WithTheWrongVerifier_IsRefused()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var redirect = await SubmitLoginAsync(await http.GetStringAsync(AuthorizeUrl(Challenge(verifier))), "kari");
        var code = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["code"].ToString();

        var tokens = await ExchangeAsync(code, Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)));

        Assert.Equal(HttpStatusCode.BadRequest, tokens.StatusCode);
        Assert.Equal("invalid_grant", (await tokens.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task AuthorizationRequest_ForAnUnregisteredRedirectUri_ShowsNoLoginForm()
    {
        var url = AuthorizeUrl(Challenge("x")).Replace(Uri.EscapeDataString(TestIdentityProviderFixture.RedirectUri), Uri.EscapeDataString("http://127.0.0.1:2/elsewhere"), StringComparison.Ordinal);

        var answer = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.DoesNotContain("username", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("forged", typeof(SecurityTokenInvalidSignatureException))]
    [InlineData("expired", typeof(SecurityTokenExpiredException))]
    [InlineData("wrong-audience", typeof(SecurityTokenInvalidAudienceException))]
    [InlineData("unsigned", typeof(SecurityTokenInvalidSignatureException))]
    public async Task BadTokens_FailValidationAgainstTheJwks_ForTheirReason(string kind, Type expected)
    {
        var token = kind switch
        {
            "forged" => idp.ForgedToken("kari"),
            "expired" => idp.ExpiredToken("kari"),
            "wrong-audience" => idp.WrongAudienceToken("kari"),
            _ => idp.UnsignedToken("kari"),
        };

        var result = await ValidateAsync(token);

        Assert.False(result.IsValid);
        Assert.IsAssignableFrom(expected, result.Exception);
    }

    private static string[] Strings(JsonElement json, string property) =>
        [.. json.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private string AuthorizeUrl(string? challenge)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = idp.ClientId,
            ["redirect_uri"] = TestIdentityProviderFixture.RedirectUri,
            ["scope"] = "openid profile email",
            ["state"] = "state-123",
            ["nonce"] = "nonce-123",
        };
        if (challenge is not null)
        {
            query["code_challenge"] = challenge;
            query["code_challenge_method"] = "S256";
        }

        return QueryHelpers.AddQueryString(idp.Authority + TestIdentityProvider.AuthorizationPath, query);
    }

    private Task<HttpResponseMessage> SubmitLoginAsync(string form, string username) => idp.SubmitLoginFormAsync(http, form, username);

    private Task<HttpResponseMessage> ExchangeAsync(string code, string verifier) =>
        http.PostAsync(idp.Authority + TestIdentityProvider.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = TestIdentityProviderFixture.RedirectUri,
            ["code_verifier"] = verifier,
            ["client_id"] = idp.ClientId,
            ["client_secret"] = idp.ClientSecret,
        }));

    /// Validates as a resource server would: keys from the provider's discovery document and JWKS.
    private async Task<TokenValidationResult> ValidateAsync(string token)
    {
        var configuration = await new ConfigurationManager<OpenIdConnectConfiguration>(
            idp.Authority + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = false }).GetConfigurationAsync(CancellationToken.None);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = TestIdentityProvider.DefaultAudience,
            IssuerSigningKeys = configuration.SigningKeys,
        });
    }
}
