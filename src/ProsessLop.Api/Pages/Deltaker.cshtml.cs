using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ProsessLop.Api.Features.Deviations;
using ProsessLop.Api.Features.Journal;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.Risks;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Api.Pages;

/// One participant's programme, everything on one page: stages with gates, tasks, reports with
/// their review history, deviations, risks as a 5×5 matrix, learning, and the journal. Reads go
/// through the same queries as the API, so a coordinator of another municipality gets 404 here too.
public sealed partial class DeltakerModel(IMediator mediator) : PageModel
{
    public ProgrammeDetail Programme { get; private set; } = null!;
    public IReadOnlyList<DeviationView> Deviations { get; private set; } = [];
    public IReadOnlyList<RiskView> Risks { get; private set; } = [];
    public IReadOnlyList<LearningView> Learning { get; private set; } = [];
    public IReadOnlyList<JournalEntryView> Journal { get; private set; } = [];

    /// Submissions, approvals and returns per report, newest first, from the journal.
    public ILookup<string, JournalEntryView> ReviewHistory { get; private set; } = Enumerable.Empty<JournalEntryView>().ToLookup(j => j.Target);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var detail = await mediator.Send(new GetProgramme(id), ct);
        if (!detail.Succeeded)
        {
            return NotFound();
        }

        Programme = detail.Value;
        Deviations = Value(await mediator.Send(new ListDeviations(id), ct));
        Risks = Value(await mediator.Send(new ListRisks(id), ct));
        Learning = Value(await mediator.Send(new ListLearning(id), ct));
        Journal = (await mediator.Send(new GetProgrammeJournal(id, null, 200), ct)).Value?.Entries ?? [];
        ReviewHistory = Journal.Where(j => j.Action is "SubmitReport" or "ApproveReport" or "ReturnReport").ToLookup(j => j.Target);
        return Page();
    }

    private static IReadOnlyList<T> Value<T>(Result<IReadOnlyList<T>> result) => result.Value ?? [];

    public static string Date(DateOnly? date) => Features.StatusReports.StatusTexts.Date(date);

    public static string Time(DateTimeOffset at) => Infrastructure.ShownTime.DateAndTime(at);

    public static string Responsible(OpenItemView item) => item.OwnersTurn ? DashboardTexts.Participant_RoleOwner : item.ResponsibleRole switch
    {
        Workflow.Definitions.ResponsibleRole.Participant => DashboardTexts.Participant_RoleParticipant,
        Workflow.Definitions.ResponsibleRole.Owner => DashboardTexts.Participant_RoleOwner,
        Workflow.Definitions.ResponsibleRole.SteeringGroup => DashboardTexts.Participant_RoleSteering,
        _ => DashboardTexts.Participant_RoleCoordinator,
    };

    public static string Open(OpenItemView item) =>
        item.AwaitingReview ? DashboardTexts.Participant_AwaitingReview
        : item.Kind == Workflow.Engine.AgendaKind.Gate ? DashboardTexts.Participant_AwaitingDecision
        : item.Overdue ? DashboardTexts.Participant_Overdue
        : item.DueSoon ? DashboardTexts.Participant_DueSoon
        : DashboardTexts.Participant_Open;

    /// What a gate still lacks, in the reader's standard. The core words these reasons in bokmål
    /// only, with the item's name in «»: the page words the known ones by their code and keeps
    /// the core's text for any other.
    public static string GateMissing(Workflow.Engine.StatusReason reason)
    {
        var name = QuotedName().Match(reason.Text);
        return reason.Code switch
        {
            "task-not-done" when name.Success => Workflow.Engine.Vocabulary.Format(DashboardTexts.Gate_TaskNotDone, name.Groups[1].Value),
            "report-not-approved" when name.Success => Workflow.Engine.Vocabulary.Format(DashboardTexts.Gate_ReportNotApproved, name.Groups[1].Value),
            "owner-decision-missing" => DashboardTexts.Gate_OwnerDecisionMissing,
            _ => reason.Text,
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex("«(.*)»")]
    private static partial System.Text.RegularExpressions.Regex QuotedName();

    /// A journal entry's action as people read it, in their standard.
    public static string Action(string action) => action switch
    {
        "programme-started" => DashboardTexts.Journal_ProgrammeStarted,
        "StartTask" => DashboardTexts.Journal_StartTask,
        "CompleteTask" => DashboardTexts.Journal_CompleteTask,
        "ReopenTask" => DashboardTexts.Journal_ReopenTask,
        "MarkTaskNotApplicable" => DashboardTexts.Journal_MarkTaskNotApplicable,
        "SubmitReport" => DashboardTexts.Journal_SubmitReport,
        "ApproveReport" => DashboardTexts.Journal_ApproveReport,
        "ReturnReport" => DashboardTexts.Journal_ReturnReport,
        "RecordOwnerDecision" => DashboardTexts.Journal_RecordOwnerDecision,
        "CompleteStage" => DashboardTexts.Journal_CompleteStage,
        "WithdrawProgramme" => PageTexts.Withdrawn,
        "task-assigned" => DashboardTexts.Journal_TaskAssigned,
        "report-section-saved" => DashboardTexts.Journal_ReportSectionSaved,
        "report-attachment-added" => DashboardTexts.Journal_ReportAttachmentAdded,
        "comment-added" => DashboardTexts.Journal_CommentAdded,
        "programme-migrated" => DashboardTexts.Journal_ProgrammeMigrated,
        "deviation-recorded" => DashboardTexts.Journal_DeviationRecorded,
        "deviation-updated" => DashboardTexts.Journal_DeviationUpdated,
        "deviation-closed" => DashboardTexts.Journal_DeviationClosed,
        "risk-recorded" => DashboardTexts.Journal_RiskRecorded,
        "risk-updated" => DashboardTexts.Journal_RiskUpdated,
        "risk-closed" => DashboardTexts.Journal_RiskClosed,
        "learning-recorded" => DashboardTexts.Journal_LearningRecorded,
        _ => action,
    };
}
