using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages;

/// The link in an invitation mail. Not signed in: sign in with a provider and come back here.
/// Signed in: take the invitation, which links this sign-in to the person and gives the role.
[AllowAnonymous]
public sealed class InvitasjonModel(IMediator mediator, IOptions<AuthOptions> auth, SignInResolution signIns) : FormPage(mediator)
{
    public const string Form = "invitasjon";

    public InvitationView? Invitation { get; private set; }

    public IReadOnlyList<(string Name, string Title)> Providers { get; } = auth.Value.PageProviders();

    /// The sign-in this browser has through a provider, if any (a demo sign-in cannot take invitations).
    public (string Provider, string Key)? Identity =>
        User.FindFirst(ProsessClaims.Provider)?.Value is { } provider && User.FindFirst(ProsessClaims.ExternalKey)?.Value is { } key ? (provider, key) : null;

    public string ProviderTitle(string name) => auth.Value.AllProviders().GetValueOrDefault(name)?.Title(name) ?? name;

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Invitation = await Mediator.Send(new GetInvitation(Token), ct);
        return Invitation is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Invitation = await Mediator.Send(new GetInvitation(Token), ct);
        if (Invitation is null)
        {
            return NotFound();
        }

        if (Identity is not { } identity)
        {
            ModelState.AddModelError(Form, PeopleTexts.Invitation_SignInFirst);
            return Page();
        }

        var sent = await SendAsync(new AcceptInvitation(Token, identity.Provider, identity.Key), Form, ct);
        if (!sent.Succeeded)
        {
            return sent.Stop ?? Page();
        }

        // Signed in as the person from now on: a new session with their memberships.
        // The cookie's properties stay: they hold the provider's id_token, which signing out there needs.
        var principal = await signIns.StartSessionAsync(sent.Value.PersonId, identity.Provider, identity.Key);
        var current = await HttpContext.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, current.Properties);
        return LocalRedirect(sent.Value.ScopeKind == ScopeKind.Participant ? "/min-kommune" : "/oversikt");
    }
}
