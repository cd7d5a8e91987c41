using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Infrastructure;

namespace ProsessLop.Api.Pages;

/// What municipalities learned, across all programmes, with the Norwegian full-text search.
public sealed class LaeringModel(IMediator mediator, DefinitionRegistry registry) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "side")]
    public int? PageNumber { get; set; }

    public LearningSearchPage Results { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Results = await mediator.Send(new SearchLearning(Query, null, Paging.From(PageNumber, null, LearningSearch.PageSize, LearningSearch.PageSize, pageName: "side")), ct);

    public string StageName(string definitionKey, string stageKey) => registry.StageName(definitionKey, stageKey);
}
