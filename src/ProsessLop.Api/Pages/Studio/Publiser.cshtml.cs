using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Pages.Studio;

/// Before publishing: what the validator still refuses (each problem linked to the page where it
/// is fixed), what the new version would do to the programmes running on older versions, a second
/// owner's approval where the organisation requires four eyes — and the publish button.
public sealed class PubliserModel(IMediator mediator, ICurrentUser user) : StudioPage(mediator, user)
{
    public const string PublishForm = "publiser";
    public const string ApproveForm = "godkjenn";
    public const string DeleteForm = "slett";

    public DraftView Draft { get; private set; } = null!;

    /// The dry run over running programmes; null while the draft has problems (a plan needs a valid definition).
    public DraftImpact? Impact { get; private set; }

    /// The texts people read that have no nynorsk (NynorskCheck), by pointer; null when the draft cannot be read as a definition.
    public IReadOnlyList<string>? MissingNynorsk { get; private set; }

    [BindProperty(SupportsGet = true, Name = "id")]
    public Guid DraftId { get; set; }

    /// The validator's words for a problem. One place, so Norwegian texts for the problems can be
    /// shown here the day the validator gives them.
    public static string ProblemText(DefinitionProblem problem) => problem.Norwegian;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadDraftAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        var result = await Mediator.Send(new PublishDraft(DraftId), ct);
        if (result.Succeeded)
        {
            var published = result.Value;
            Message = DraftPage.F(StudioTexts.Publish_Published, published.Version);
            return Redirect(StudioLinks.Migrate(published.Key, published.Version));
        }

        if (result.Error.Kind == ErrorKind.NotFound)
        {
            return NotFound();
        }

        // Refusals are shown at the button, also «not an owner of this programme» (403 from the
        // API): the owner is on the right page, only not allowed this one step.
        ModelState.AddModelError(PublishForm, result.Error.Problems is { Count: > 0 } problems
            ? DraftPage.F(StudioTexts.Publish_Refused, Count(problems.Count))
            : result.Error.Detail);
        return await LoadDraftAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostApproveAsync(int revision, string? note, CancellationToken ct)
    {
        var sent = await SendAsync(new ApproveDraft(DraftId, revision, note), ApproveForm, ct);
        return await AfterAsync(sent, DraftPage.F(StudioTexts.Publish_ApprovedMessage, revision), ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        var sent = await SendAsync(new DeleteDraft(DraftId), DeleteForm, ct);
        if (sent.Succeeded)
        {
            Message = StudioTexts.Index_Deleted;
            return Redirect(StudioLinks.Home);
        }

        return sent.Stop ?? (await LoadDraftAsync(ct) ? Page() : NotFound());
    }

    protected override async Task LoadAsync(CancellationToken ct) => await LoadDraftAsync(ct);

    public static string Count(int problems) => problems == 1 ? StudioTexts.Publish_OneProblem : DraftPage.F(StudioTexts.Publish_ProblemCount, problems);

    public static string Programmes(int count) => count == 1 ? StudioTexts.Publish_OneProgramme : DraftPage.F(StudioTexts.Publish_Programmes, count);

    // Also while the draft has problems, as long as it reads as a definition: the validator says
    // this only of valid definitions, and owners write the nynorsk while they write the rest.
    private static IReadOnlyList<string>? Missing(System.Text.Json.JsonElement definition)
    {
        try
        {
            return NynorskCheck.Missing(DefinitionJson.Read(definition.GetRawText()));
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<bool> LoadDraftAsync(CancellationToken ct)
    {
        var draft = await Mediator.Send(new GetDraft(DraftId), ct);
        if (!draft.Succeeded)
        {
            return false;
        }

        Draft = draft.Value;
        MissingNynorsk = Missing(Draft.Definition);
        if (Draft is { Valid: true, PublishedVersion: null })
        {
            var impact = await Mediator.Send(new GetDraftImpact(DraftId), ct);
            Impact = impact.Succeeded ? impact.Value : null;
        }

        return true;
    }
}
