using System.Globalization;
using System.Text;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages.Studio;

/// Start a draft: empty (a small valid skeleton), as a new version of a published one, or from a
/// definition file. Each way lands on the draft's first editor page.
public sealed class NyttModel(IMediator mediator, ICurrentUser user) : StudioPage(mediator, user)
{
    public const string EmptyForm = "tomt";
    public const string PublishedForm = "publisert";
    public const string UploadForm = "fil";

    public IReadOnlyList<DefinitionSummary> Definitions { get; private set; } = [];

    /// The value of a published version in the forms: «key:version».
    public static string Source(string key, int version) => $"{key}:{version.ToString(CultureInfo.InvariantCulture)}";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// The new programme is owned by the organisations its author is an owner for (StartDraft's default).
    public async Task<IActionResult> OnPostEmptyAsync(string? key, string? name, CancellationToken ct) =>
        await StartedAsync(await SendAsync(new StartDraft(key?.Trim() ?? "", name, null, null), EmptyForm, ct), ct);

    public async Task<IActionResult> OnPostPublishedAsync(string? source, CancellationToken ct)
    {
        var colon = source?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !int.TryParse(source![(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            ModelState.AddModelError(Key(PublishedForm, "source"), StudioTexts.New_ChooseVersion);
            await LoadAsync(ct);
            return Page();
        }

        return await StartedAsync(await SendAsync(new StartDraft(source[..colon], null, version, null), PublishedForm, ct), ct);
    }

    /// The file is read whole up to the size the API takes; a file that is not a definition's JSON
    /// is refused next to the file field and nothing is stored.
    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken ct)
    {
        var field = Key(UploadForm, "file");
        string? problem = null;
        string json = "";
        if (file is null || file.Length == 0)
        {
            problem = StudioTexts.New_ChooseFile;
        }
        else if (file.Length > DefinitionEndpoints.MaxDefinitionBytes)
        {
            problem = DraftPage.F(StudioTexts.New_FileTooLarge, DefinitionEndpoints.MaxDefinitionBytes / 1024);
        }
        else
        {
            using var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true));
            try
            {
                json = await reader.ReadToEndAsync(ct);
                problem = DefinitionEndpoints.TextProblem(json) is { } refused
                    ? refused.Field is { } at ? $"{refused.Message} ({at})" : refused.Message
                    : null;
            }
            catch (DecoderFallbackException)
            {
                problem = StudioTexts.New_NotUtf8;
            }
        }

        if (problem is not null)
        {
            ModelState.AddModelError(field, problem);
            await LoadAsync(ct);
            return Page();
        }

        return await StartedAsync(await SendAsync(new UploadDraft(json), UploadForm, ct), ct);
    }

    private async Task<IActionResult> StartedAsync(Sent<DraftView> sent, CancellationToken ct)
    {
        if (sent.Stop is { } stop)
        {
            return stop;
        }

        if (sent.Succeeded)
        {
            Message = StudioTexts.New_Started;
            return Redirect(StudioLinks.Draft(sent.Value.Id));
        }

        await LoadAsync(ct);
        return Page();
    }

    protected override async Task LoadAsync(CancellationToken ct) => Definitions = await Mediator.Send(new ListDefinitions(), ct);
}
