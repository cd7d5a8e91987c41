using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ProsessLop.Api.Features.Publication;

namespace ProsessLop.Api.Pages.Tema;

/// One published report, as approved: its sections and its films and documents.
public sealed class RapportModel(ThemeReader reader, PublicCache cache) : PageModel
{
    public PublicReport Report { get; private set; } = null!;

    public string ThemeName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string definitionKey, Guid id, CancellationToken ct)
    {
        if (await cache.NotModifiedAsync(HttpContext, definitionKey, ct))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        if (reader.Definition(definitionKey) is not { } definition || await reader.ReportAsync(definitionKey, id, ct) is not { } report)
        {
            return NotFound();
        }

        Report = report;
        ThemeName = definition.Name;
        return Page();
    }
}
