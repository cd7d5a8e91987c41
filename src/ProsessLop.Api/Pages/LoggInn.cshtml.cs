using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Pages;

/// Sign-in for the pages: through one of the configured identity providers (ID-porten,
/// Ansattporten, a municipality's Entra ID: OpenID Connect, code flow with PKCE), and in
/// Development also by picking a demo user — the owner, the steering group, or a person of the
/// demo kommunegrupper (their contact records).
[AllowAnonymous]
public sealed class LoggInnModel(ProsessDb db, IOptions<AuthOptions> auth) : PageModel
{
    public sealed record DemoUser(string Key, string Name, string Role, string? Participant, string Description);

    public IReadOnlyList<DemoUser> Users { get; private set; } = [];

    public IReadOnlyList<(string Name, string Title)> Providers { get; } = auth.Value.PageProviders();

    public bool DevelopmentSignIn => auth.Value.DevelopmentSignIn;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (DevelopmentSignIn)
        {
            Users = await DemoUsersAsync();
        }

        return Page();
    }

    /// Off to the chosen provider; back at ReturnUrl when signed in.
    public IActionResult OnPostProvider(string provider)
    {
        var chosen = Providers.Where(p => string.Equals(p.Name, provider, StringComparison.OrdinalIgnoreCase)).Select(p => p.Name).FirstOrDefault();
        return chosen is null
            ? NotFound()
            : Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl() }, AuthSetup.OidcScheme(chosen));
    }

    public async Task<IActionResult> OnPostAsync(string user)
    {
        if (!DevelopmentSignIn)
        {
            return NotFound();
        }

        var chosen = (await DemoUsersAsync()).FirstOrDefault(u => u.Key == user);
        if (chosen is null)
        {
            ModelState.AddModelError("user", PeopleTexts.SignIn_ChooseUser);
            Users = await DemoUsersAsync();
            return Page();
        }

        var claims = new List<Claim>
        {
            new(ProsessClaims.Subject, chosen.Key.StartsWith("demo-", StringComparison.Ordinal) ? chosen.Key : $"demo-{chosen.Key}"),
            new(ProsessClaims.Name, chosen.Name),
            new(ProsessClaims.Role, chosen.Role),
        };
        if (chosen.Participant is not null)
        {
            claims.Add(new(ProsessClaims.Participant, chosen.Participant));
        }

        var identity = new ClaimsIdentity(claims, AuthSetup.DemoKind, ProsessClaims.Name, ProsessClaims.Role);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        HttpContext.RequestServices.GetRequiredService<Infrastructure.Telemetry.ProsessMetrics>().SignedIn("development");
        return LocalRedirect(SafeReturnUrl());
    }

    private string SafeReturnUrl() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    private async Task<IReadOnlyList<DemoUser>> DemoUsersAsync()
    {
        var people = await db.ContactPersons.AsNoTracking()
            .Where(c => c.UserSubject != null && c.ErasedAt == null && c.UserSubject.StartsWith("demo-"))
            .OrderBy(c => c.Name)
            .Select(c => new { c.UserSubject, c.Name, c.IsCoordinator, c.ParticipantId })
            .ToListAsync();
        return
        [
            new("demo-owner", PeopleTexts.SignIn_DemoOwner, Roles.Owner, null, PeopleTexts.SignIn_DemoOwnerDoes),
            new("demo-steering", PeopleTexts.SignIn_DemoSteering, Roles.Steering, null, PeopleTexts.SignIn_DemoSteeringDoes),
            .. people.Select(p => new DemoUser(p.UserSubject!, p.Name, p.IsCoordinator ? Roles.Coordinator : Roles.Participant, p.ParticipantId,
                p.IsCoordinator ? PeopleTexts.SignIn_DemoCoordinatorDoes : PeopleTexts.SignIn_DemoParticipantDoes)),
        ];
    }
}

/// Signing out ends the session in the database too: a copy of the cookie then opens nothing.
/// Signed in through a provider, the person is also signed out there (RP-initiated logout with
/// the id_token as hint) and comes back to the sign-in page.
public sealed class LoggUtModel(SignInResolution signIns, IAuthenticationSchemeProvider schemes) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        var provider = User.FindFirst(ProsessClaims.Provider)?.Value;
        await signIns.SignOutAsync(HttpContext);
        if (provider is not null && await schemes.GetSchemeAsync(AuthSetup.OidcScheme(provider)) is not null)
        {
            await HttpContext.SignOutAsync(AuthSetup.OidcScheme(provider), new AuthenticationProperties { RedirectUri = "/logg-inn" });
            if (Response.Headers.Location.Count > 0)
            {
                return new EmptyResult(); // on the way to the provider's end-session endpoint
            }
        }

        return LocalRedirect("/logg-inn");
    }
}
