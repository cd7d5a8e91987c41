using ProsessLop.Api.Features.Journal;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Features.Programmes;

public static partial class ProgrammeEndpoints
{
    public static IEndpointRouteBuilder MapProgrammes(this IEndpointRouteBuilder app)
    {
        var programmes = app.MapGroup("/api/programmes").WithTags("Programmes").RequireAuthorization(Policies.Reader);
        programmes.MapPost("/", StartProgramme).WithName(nameof(StartProgramme)).RequireAuthorization(Policies.Owner);
        programmes.MapGet("/", ListProgrammes).WithName(nameof(ListProgrammes));
        programmes.MapGet("/{id:guid}", GetProgramme).WithName(nameof(GetProgramme));
        programmes.MapGet("/{id:guid}/timeline", GetTimeline).WithName(nameof(GetTimeline));
        programmes.MapGet("/{id:guid}/journal", JournalEndpoints.GetProgrammeJournal).WithName(nameof(JournalEndpoints.GetProgrammeJournal));
        programmes.MapPost("/{id:guid}/withdraw", WithdrawProgramme).WithName(nameof(WithdrawProgramme));
        programmes.MapPost("/{id:guid}/comments", AddComment).WithName(nameof(AddComment));
        programmes.MapPost("/{id:guid}/migration", MigrateProgramme).WithName(nameof(MigrateProgramme)).RequireAuthorization(Policies.Owner);

        var tasks = programmes.MapGroup("/{id:guid}/tasks/{taskKey}");
        tasks.MapPut("/assignee", AssignTask).WithName(nameof(AssignTask));
        tasks.MapPost("/start", StartTask).WithName(nameof(StartTask));
        tasks.MapPost("/complete", CompleteTask).WithName(nameof(CompleteTask));
        tasks.MapPost("/reopen", ReopenTask).WithName(nameof(ReopenTask));
        tasks.MapPost("/not-applicable", MarkTaskNotApplicable).WithName(nameof(MarkTaskNotApplicable));

        // Report keys of recurring reports carry the occurrence ("statusrapport#2"): URL-encode '#' as %23.
        var reports = programmes.MapGroup("/{id:guid}/reports/{reportKey}");
        reports.MapPut("/sections/{sectionKey}", SaveReportSection).WithName(nameof(SaveReportSection));
        reports.MapPost("/attachments", AddReportAttachment).WithName(nameof(AddReportAttachment));
        reports.MapPost("/submit", SubmitReport).WithName(nameof(SubmitReport));
        reports.MapPost("/approve", ApproveReport).WithName(nameof(ApproveReport));
        reports.MapPost("/return", ReturnReport).WithName(nameof(ReturnReport));

        var stages = programmes.MapGroup("/{id:guid}/stages/{stageKey}");
        stages.MapPost("/decision", RecordGateDecision).WithName(nameof(RecordGateDecision));
        stages.MapPost("/complete", CompleteStage).WithName(nameof(CompleteStage));

        app.MapGet("/api/me/tasks", ListMyTasks).WithTags("Programmes").WithName(nameof(ListMyTasks)).RequireAuthorization(Policies.Reader);
        return app;
    }
}
