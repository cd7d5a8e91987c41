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

    /// A published version as a file, for the signed-in page (the API's file endpoint takes bearer tokens only).
    public static string Download(string key, int version) =>
        $"{StudioLinks.Home}?handler=File&key={Uri.EscapeDataString(key)}&version={version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public async Task<IActionResult> OnGetFileAsync(string key, int version, CancellationToken ct)
    {
        var file = await Mediator.Send(new GetDefinitionFile(key, version), ct);
        return file.Succeeded
            ? File(System.Text.Encoding.UTF8.GetBytes(file.Value), "application/json", DefinitionEndpoints.FileName(key, version))
            : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid draftId, CancellationToken ct)
    {
        var sent = await SendAsync(new DeleteDraft(draftId), DeleteForm(draftId), ct);
        return await AfterAsync(sent, StudioTexts.Index_Deleted, ct);
    }

    protected override async Task LoadAsync(CancellationToken ct) => Overview = await Mediator.Send(new GetStudioOverview(), ct);
}
