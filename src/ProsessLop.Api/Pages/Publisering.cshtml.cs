using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Publication;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Pages;

/// The owner's decisions under offentleglova: publish, keep back (with its legal basis) or take
/// down each report's public copy, and approve shareable learning for the theme page.
public sealed class PubliseringModel(IMediator mediator, ICurrentUser user) : FormPage(mediator)
{
    public PublicationDesk Desk { get; private set; } = new([], [], []);

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
        DecideAsync(programmeId, reportKey, PublicationDecision.Publish, null, "Rapporten er publisert.", ct);

    public Task<IActionResult> OnPostKeepBackAsync(Guid programmeId, string reportKey, string? exemptionBasis, CancellationToken ct) =>
        DecideAsync(programmeId, reportKey, PublicationDecision.KeepBack, exemptionBasis, "Rapporten er holdt tilbake.", ct);

    public Task<IActionResult> OnPostUnpublishAsync(Guid programmeId, string reportKey, CancellationToken ct) =>
        DecideAsync(programmeId, reportKey, PublicationDecision.Unpublish, null, "Rapporten er avpublisert.", ct);

    public async Task<IActionResult> OnPostApproveLearningAsync(Guid programmeId, Guid learningId, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Forbid();
        }

        var sent = await SendAsync(new ShareLearning(programmeId, learningId, LearningShareStep.Publish), LearningForm(learningId), ct);
        return await AfterAsync(sent, "Erfaringen er godkjent for publisering.", ct);
    }

    private async Task<IActionResult> DecideAsync(Guid programmeId, string reportKey, PublicationDecision decision, string? basis, string done, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Forbid();
        }

        var sent = await SendAsync(new DecidePublication(programmeId, reportKey, decision, basis, null), Form(programmeId, reportKey), ct);
        return await AfterAsync(sent, done, ct);
    }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var desk = await Mediator.Send(new ListPublications(), ct);
        Desk = desk.Succeeded ? desk.Value : new([], [], []);
    }

    public static string StatusText(ReportPublication p) => p.Status switch
    {
        PublicationStatus.Published => "publisert",
        PublicationStatus.KeptBack => $"holdt tilbake ({p.ExemptionBasis})",
        _ => "avpublisert",
    };
}
