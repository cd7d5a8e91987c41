using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ProsessLop.Api.Features.Dashboard;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Publication;
using ProsessLop.Api.Infrastructure;

namespace ProsessLop.Api.Pages.Tema;

/// The public theme page of a programme: what it is, who took part, what they published, and
/// the experiences they shared, searchable.
public sealed class IndexModel(ThemeReader reader, PublicCache cache, IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "fase")]
    public string? Stage { get; set; }

    [BindProperty(SupportsGet = true, Name = "side")]
    public int? PageNumber { get; set; }

    public ThemeView Theme { get; private set; } = null!;

    public LearningSearchPage Learning { get; private set; } = null!;

    public string CountyMap { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string definitionKey, CancellationToken ct)
    {
        if (await cache.NotModifiedAsync(HttpContext, definitionKey, ct))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        if (await reader.ThemeAsync(definitionKey, ct) is not { } theme)
        {
            return NotFound();
        }

        Theme = theme;
        var paging = Paging.From(PageNumber, null, LearningSearch.PageSize, LearningSearch.PageSize, pageName: "side");
        Learning = await reader.SearchAsync(mediator, definitionKey, Query, Stage, paging, ct);
        CountyMap = Svg.CountyGrid("fylker", ThemeTexts.Index_MapTitle, ThemeTexts.Index_MapDescription,
            [.. theme.Counties.Select(c => (c.Number, c.Name, c.Participants.Count))]);
        return Page();
    }
}
