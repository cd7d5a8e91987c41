using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Api.Pages;

/// One compiled status snapshot as a table, its downloads (cookie-authenticated, unlike the
/// bearer-only API), and what changed since the compilation before it.
public sealed class StatusrapportModel(IMediator mediator, ICurrentUser user) : PageModel
{
    public StatusReportView Report { get; private set; } = null!;

    public StatusComparison? Comparison { get; private set; }

    public bool MayCompile => user.IsOwner;

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } stop)
        {
            return stop;
        }

        if (Report.Content.PreviousSnapshotId is { } previous)
        {
            var compared = await mediator.Send(new CompareStatusReports(id, previous), ct);
            Comparison = compared.Succeeded ? compared.Value : null;
        }

        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ?? File(StatusExport.Csv(Report), "text/csv; charset=utf-8", StatusExport.FileName(Report, "csv"));

    public async Task<IActionResult> OnGetXlsxAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ?? File(StatusExport.Xlsx(Report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", StatusExport.FileName(Report, "xlsx"));

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var result = await mediator.Send(new GetStatusReport(id), ct);
        if (!result.Succeeded)
        {
            return result.Error.Kind == ErrorKind.Forbidden ? Forbid() : NotFound();
        }

        Report = result.Value;
        return null;
    }
}
