using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ProsessLop.Api.Features.Dashboard;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Pages;

public sealed class OversiktModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "definisjon")]
    public string? Definition { get; set; }

    [BindProperty(SupportsGet = true, Name = "fylke")]
    public string? County { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public Health? Health { get; set; }

    [BindProperty(SupportsGet = true, Name = "sorter")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "synkende")]
    public bool Descending { get; set; }

    public OverviewView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await mediator.Send(new GetOverview(Definition, County, Health, Sort, Descending), ct);
        if (!result.Succeeded)
        {
            return result.Error.Kind == Infrastructure.Errors.ErrorKind.Forbidden ? Forbid() : NotFound();
        }

        View = result.Value;
        return Page();
    }

    /// The link that sorts by a column: same filters, toggling the direction on the active column.
    public string SortLink(string column) =>
        Url.Page("/Oversikt", new
        {
            definisjon = View.DefinitionKey,
            fylke = County,
            status = Health,
            sorter = column,
            synkende = Sort == column && !Descending,
        })!;

    public string? AriaSort(string column) => Sort == column || (Sort is null && column == "navn") ? (Descending ? "descending" : "ascending") : null;
}
