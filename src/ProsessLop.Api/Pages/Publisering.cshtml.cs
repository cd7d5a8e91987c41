using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Publication;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages;

/// The owner's decisions under offentleglova, per programme definition: publish a delivered
/// report or keep it back (with its legal basis), take a published one down, publish a kept-back
/// one; approve shareable learning for the theme page, or withdraw it. The same commands as the API.
public sealed class PubliseringModel(IMediator mediator, ICurrentUser user) : FormPage(mediator)
{
    /// Offered in the legal-basis field; any other basis can be written.
    public static readonly IReadOnlyList<string> CommonBases =
    [
        "offentleglova § 13 (opplysninger underlagt taushetsplikt)",
        "offentleglova § 14 (organinterne dokument)",
        "offentleglova § 15 (dokument innhentet for intern saksforberedelse)",
    ];

    public PublicationDesk Desk { get; private set; } = new([]);

    public static string Form(Guid programmeId, string reportKey) => Id("publisering", programmeId, reportKey);

    public static string LearningForm(Guid learningId) => Id("erfaring", learningId);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(Guid programmeId, string reportKey, CancellationToken ct) =>
        DecideAsync(programmeId, reportKey, PublicationDecision.Publish, null, PublicationTexts.Desk_Published, ct);

    public Task<IActionResult> OnPostKeepBackAsync(Guid programmeId, string reportKey, string? exemptionBasis, CancellationToken ct) =>
        DecideAsync(programmeId, reportKey, PublicationDecision.KeepBack, exemptionBasis ?? "", PublicationTexts.Desk_KeptBack, ct);

    public Task<IActionResult> OnPostUnpublishAsync(Guid programmeId, string reportKey, CancellationToken ct) =>
        DecideAsync(programmeId, reportKey, PublicationDecision.Unpublish, null, PublicationTexts.Desk_TakenDown, ct);

    public Task<IActionResult> OnPostApproveLearningAsync(Guid programmeId, Guid learningId, CancellationToken ct) =>
        ShareAsync(programmeId, learningId, LearningShareStep.Publish, PublicationTexts.Desk_LearningPublished, ct);

    public Task<IActionResult> OnPostWithdrawLearningAsync(Guid programmeId, Guid learningId, CancellationToken ct) =>
        ShareAsync(programmeId, learningId, LearningShareStep.Withdraw, PublicationTexts.Desk_LearningWithdrawn, ct);

    private async Task<IActionResult> DecideAsync(Guid programmeId, string reportKey, PublicationDecision decision, string? basis, string done, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Forbid();
        }

        var sent = await SendAsync(new DecidePublication(programmeId, reportKey, decision, basis, null), Form(programmeId, reportKey), ct);
        return await AfterAsync(sent, done, ct);
    }

    private async Task<IActionResult> ShareAsync(Guid programmeId, Guid learningId, LearningShareStep step, string done, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Forbid();
        }

        var sent = await SendAsync(new ShareLearning(programmeId, learningId, step), LearningForm(learningId), ct);
        return await AfterAsync(sent, done, ct);
    }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var desk = await Mediator.Send(new ListPublications(), ct);
        Desk = desk.Succeeded ? desk.Value : new([]);
    }

    /// The basis shown in a report's field: what was posted to this report's form when it is shown
    /// again after an error (never what was posted to another report), else the stored or suggested one.
    public string? Basis(DeskReport r) =>
        Request.HasFormContentType && Request.Form["programmeId"] == r.ProgrammeId.ToString() && Request.Form["reportKey"] == r.ReportKey
            ? Request.Form["exemptionBasis"].ToString()
            : r.ExemptionBasis ?? r.SuggestedBasis;

    /// <param name="awaiting">Still waiting for an owner: a copy kept back is the definition's doing, not a decision.</param>
    public static string StatusText(DeskReport r, bool awaiting = false) => r.Status switch
    {
        null => PublicationTexts.Desk_StatusNotConsidered,
        PublicationStatus.KeptBack when awaiting => string.Format(CultureInfo.CurrentCulture, PublicationTexts.Desk_StatusKeptBackByDefinition, r.ExemptionBasis),
        PublicationStatus.Published => PublicationTexts.Desk_PublishedOn,
        PublicationStatus.KeptBack => string.Format(CultureInfo.CurrentCulture, PublicationTexts.Desk_StatusKeptBack, r.ExemptionBasis),
        _ => PublicationTexts.Desk_StatusTakenDown,
    };
}
