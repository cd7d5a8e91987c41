using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ProsessLop.Api.Features.Publication;

namespace ProsessLop.Api.Pages.Tema;

/// The published recommendations to KS and Norsk kulturskoleråd, each section with the reports
/// and experiences it rests on. The files to send are at anbefalinger.html and anbefalinger.pdf;
/// `?last-ned=1`, the address the HTML file had first, leads there.
public sealed class AnbefalingerModel(ThemeReader reader, PublicCache cache) : PageModel
{
    public PublicRecommendations Recommendations { get; private set; } = null!;

    public string ThemeName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string definitionKey, [FromQuery(Name = "last-ned")] string? download, CancellationToken ct)
    {
        if (download is "1" or "true")
        {
            return RedirectPermanent(ThemeLinks.RecommendationsHtml(definitionKey));
        }

        if (await cache.NotModifiedAsync(HttpContext, definitionKey, ct))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        if (reader.Definition(definitionKey) is not { } definition || await reader.RecommendationsAsync(definitionKey, ct) is not { } recommendations)
        {
            return NotFound();
        }

        Recommendations = recommendations;
        ThemeName = definition.Name;
        return Page();
    }
}
