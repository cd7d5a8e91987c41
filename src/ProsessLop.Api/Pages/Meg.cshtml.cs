using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.People;

namespace ProsessLop.Api.Pages;

/// A person's own page: who they are here, their roles, and their personal access tokens
/// (made here, shown once, revoked here).
[Microsoft.AspNetCore.Authorization.AllowAnonymous] // anyone signed in, also without a role; checked below
public sealed class MegModel(IMediator mediator, Microsoft.Extensions.Options.IOptions<Infrastructure.Auth.AuthOptions> auth) : FormPage(mediator)
{
    /// How the person signed in, as the sign-in page names it.
    public string SignedInWith => Me.Demo ? PeopleTexts.Me_DemoSignIn
        : Me.SignedInWith is { } name && auth.Value.AllProviders().GetValueOrDefault(name) is { } provider ? provider.Title(name)
        : Me.SignedInWith == "personal-access-token" ? PeopleTexts.Me_AccessToken : Me.SignedInWith ?? "";

    public const string TokenForm = "token";

    public MeView Me { get; private set; } = null!;

    public IReadOnlyList<AccessTokenView> Tokens { get; private set; } = [];

    /// A token just made: shown on this one answer, never again.
    public CreatedAccessToken? Created { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string name, TokenScope scope, int? expiresInDays, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }

        var sent = await SendAsync(new CreateAccessToken(name ?? "", scope, expiresInDays), TokenForm, ct);
        if (sent.Stop is { } stop)
        {
            return stop;
        }

        // Not post/redirect/get: the token is shown in this answer only, and kept nowhere for a redirect.
        Created = sent.Succeeded ? sent.Value : null;
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct) =>
        User.Identity?.IsAuthenticated != true
            ? Challenge()
            : await AfterAsync(await SendAsync(new RevokeAccessToken(id), TokenForm, ct), PeopleTexts.Me_Revoked, ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Me = await Mediator.Send(new GetMe(User), ct);
        Tokens = Me.Id is null || Me.Demo ? [] : await Mediator.Send(new ListAccessTokens(), ct);
    }
}
