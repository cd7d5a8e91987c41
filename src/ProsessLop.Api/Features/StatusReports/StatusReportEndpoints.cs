using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Api.Features.StatusReports;

public static class StatusReportEndpoints
{
    public static IEndpointRouteBuilder MapStatusReports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/status-reports").WithTags("StatusReports").RequireAuthorization(Policies.Overview);
        group.MapPost("/{definitionKey}", CompileStatus).WithName(nameof(CompileStatus)).RequireAuthorization(Policies.Owner);
        group.MapGet("/", ListStatusReports).WithName(nameof(ListStatusReports));
        group.MapGet("/{id:guid}", GetStatusReport).WithName(nameof(GetStatusReport));
        group.MapGet("/{id:guid}/compare/{otherId:guid}", CompareStatusReports).WithName(nameof(CompareStatusReports));
        group.MapGet("/{id:guid}/export.csv", ExportStatusReportCsv).WithName(nameof(ExportStatusReportCsv));
        group.MapGet("/{id:guid}/export.xlsx", ExportStatusReportXlsx).WithName(nameof(ExportStatusReportXlsx));
        return app;
    }

    public static async Task<Results<Created<StatusReportView>, ProblemHttpResult>> CompileStatus(string definitionKey, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CompileStatus(definitionKey), ct)).Match(r => TypedResults.Created($"/api/status-reports/{r.Id}", r));

    public static async Task<Results<Ok<IReadOnlyList<StatusReportSummary>>, ProblemHttpResult>> ListStatusReports(string? definition, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListStatusReports(definition), ct)).Match(list => TypedResults.Ok(list));

    public static async Task<Results<Ok<StatusReportView>, ProblemHttpResult>> GetStatusReport(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetStatusReport(id), ct)).Match(r => TypedResults.Ok(r));

    public static async Task<Results<Ok<StatusComparison>, ProblemHttpResult>> CompareStatusReports(Guid id, Guid otherId, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CompareStatusReports(id, otherId), ct)).Match(c => TypedResults.Ok(c));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportStatusReportCsv(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetStatusReport(id), ct)).Match(r =>
            TypedResults.File(StatusExport.Csv(r), "text/csv; charset=utf-8", StatusExport.FileName(r, "csv")));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportStatusReportXlsx(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetStatusReport(id), ct)).Match(r =>
            TypedResults.File(StatusExport.Xlsx(r), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", StatusExport.FileName(r, "xlsx")));
}
