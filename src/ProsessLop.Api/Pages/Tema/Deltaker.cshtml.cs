using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ProsessLop.Api.Features.Publication;

namespace ProsessLop.Api.Pages.Tema;

/// One participant on the theme page: its published reports and films, and its shared learning, by stage.
public sealed class DeltakerModel(ThemeReader reader, PublicCache cache) : PageModel
{
    public ThemeParticipantView Participant { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string definitionKey, string participantId, CancellationToken ct)
    {
        if (await cache.NotModifiedAsync(HttpContext, definitionKey, ct))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        if (await reader.ParticipantAsync(definitionKey, participantId, ct) is not { } participant)
        {
            return NotFound();
        }

        Participant = participant;
        return Page();
    }
}
