using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Infrastructure.Language;

namespace ProsessLop.Api.Pages;

/// The language switch in every page's header posts here (a form, so a link in a mail or on
/// another site cannot change anyone's choice: antiforgery): saved with the signed-in person, and
/// in a cookie for this browser; then back to the page it came from.
public sealed class MalformModel(IMediator mediator) : PageModel
{
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(365);

    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(string? standard, string? back, CancellationToken ct)
    {
        if (WrittenStandards.FromCode(standard) is not { } chosen)
        {
            return BadRequest();
        }

        if (User.Identity?.IsAuthenticated == true)
        {
            await mediator.Send(new ChooseWrittenStandard(chosen), ct);
        }

        Response.Cookies.Append(WrittenStandards.Cookie, WrittenStandards.Code(chosen), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true, // a setting the person asked for, not tracking
            SameSite = SameSiteMode.Lax,
            MaxAge = CookieLifetime,
        });
        return LocalRedirect(back is not null && Url.IsLocalUrl(back) ? back : "/");
    }
}
