using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages;

/// Compiled status snapshots per programme definition, newest first. Owners and steering group.
public sealed class StatusrapporterModel(IMediator mediator, ICurrentUser user) : FormPage(mediator)
{
    public sealed record Group(string DefinitionKey, string DefinitionName, IReadOnlyList<StatusReportSummary> Reports);

    public IReadOnlyList<Group> Groups { get; private set; } = [];

    public bool MayCompile => user.IsOwner;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var list = await Mediator.Send(new ListStatusReports(null), ct);
        if (!list.Succeeded)
        {
            return Forbid();
        }

        var definitions = await Mediator.Send(new ListDefinitions(), ct);
        Groups = definitions.Select(d => new Group(d.Key, d.Name, list.Value.Where(r => r.DefinitionKey == d.Key).ToList())).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostCompileAsync(string definitionKey, CancellationToken ct)
    {
        var sent = await SendAsync(new CompileStatus(definitionKey), "sammenstilling", ct);
        if (sent.Stop is { } stop)
        {
            return stop;
        }

        if (!sent.Succeeded)
        {
            Message = string.Join(" ", ErrorsUnder("sammenstilling"));
            return RedirectToPage();
        }

        Message = StatusReportTexts.List_Compiled;
        return Redirect($"/statusrapport/{sent.Value.Id}");
    }
}
