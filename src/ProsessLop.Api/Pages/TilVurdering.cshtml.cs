using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Pages;

/// The owner's review queue: submitted reports that need approval, across all programmes.
public sealed class TilVurderingModel(IMediator mediator, ICurrentUser user) : FormPage(mediator)
{
    public sealed record Awaiting(ProgrammeDetail Programme, ReportView Report);

    public IReadOnlyList<Awaiting> Reports { get; private set; } = [];

    public static string Form(Guid programmeId, string reportKey) => Id("retur", programmeId, reportKey);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(Guid programmeId, string reportKey, CancellationToken ct) =>
        ActAsync(programmeId, reportKey, ActionKind.ApproveReport, null, DashboardTexts.Review_Approved, ct);

    public Task<IActionResult> OnPostReturnAsync(Guid programmeId, string reportKey, string? note, CancellationToken ct) =>
        ActAsync(programmeId, reportKey, ActionKind.ReturnReport, note, DashboardTexts.Review_Returned, ct);

    private async Task<IActionResult> ActAsync(Guid programmeId, string reportKey, ActionKind kind, string? note, string done, CancellationToken ct)
    {
        if (!user.IsOwner)
        {
            return Forbid();
        }

        var sent = await SendAsync(new ActOnProgramme(programmeId, kind, reportKey, note, null), Form(programmeId, reportKey), ct);
        return await AfterAsync(sent, done, ct);
    }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var awaiting = await Mediator.Send(new ListProgrammes(null, null, null, null, true, null, ListProgrammes.Largest), ct);
        var reports = new List<Awaiting>();
        foreach (var item in awaiting.Items)
        {
            var detail = await Mediator.Send(new GetProgramme(item.Id), ct);
            if (!detail.Succeeded)
            {
                continue;
            }

            // What awaits review is the programme's agenda; the report's sections come from its stage.
            var awaitingReview = detail.Value.OpenItems.Where(i => i.AwaitingReview).Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
            reports.AddRange(detail.Value.Stages.SelectMany(s => s.Reports)
                .Where(r => awaitingReview.Contains(r.Key))
                .Select(r => new Awaiting(detail.Value, r)));
        }

        Reports = reports.OrderBy(r => r.Report.SubmittedOn).ThenBy(r => r.Programme.Participant.Name).ToList();
    }
}
