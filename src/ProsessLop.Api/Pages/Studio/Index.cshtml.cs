using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages.Studio;

/// The studio's front page: drafts in progress, and every published definition with its versions.
public sealed class IndexModel(IMediator mediator, ICurrentUser user) : StudioPage(mediator, user)
{
    public StudioOverview Overview { get; private set; } = new([], []);

    public static string DeleteForm(Guid id) => Id("slett", id);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostDeleteAsync(Guid draftId, CancellationToken ct)
    {
        var sent = await SendAsync(new DeleteDraft(draftId), DeleteForm(draftId), ct);
        return await AfterAsync(sent, "Utkastet er slettet.", ct);
    }

    protected override async Task LoadAsync(CancellationToken ct) => Overview = await Mediator.Send(new GetStudioOverview(), ct);
}
