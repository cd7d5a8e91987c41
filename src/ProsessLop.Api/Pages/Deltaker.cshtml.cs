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
public sealed class DeltakerModel(IMediator mediator) : PageModel
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

    public static string Responsible(OpenItemView item) => item.OwnersTurn ? "Programeier" : item.ResponsibleRole switch
    {
        Workflow.Definitions.ResponsibleRole.Participant => "Deltaker",
        Workflow.Definitions.ResponsibleRole.Owner => "Programeier",
        Workflow.Definitions.ResponsibleRole.SteeringGroup => "Styringsgruppen",
        _ => "Koordinator",
    };

    public static string Open(OpenItemView item) =>
        item.AwaitingReview ? "Venter på vurdering"
        : item.Kind == Workflow.Engine.AgendaKind.Gate ? "Venter på beslutning"
        : item.Overdue ? "Forfalt"
        : item.DueSoon ? "Frist snart"
        : "Åpen";

    public static string Action(string action) => action switch
    {
        "programme-started" => "Programmet startet",
        "StartTask" => "Oppgave startet",
        "CompleteTask" => "Oppgave fullført",
        "ReopenTask" => "Oppgave gjenåpnet",
        "MarkTaskNotApplicable" => "Oppgave satt til ikke aktuell",
        "SubmitReport" => "Rapport sendt inn",
        "ApproveReport" => "Rapport godkjent",
        "ReturnReport" => "Rapport sendt tilbake",
        "RecordOwnerDecision" => "Beslutning fra programeier",
        "CompleteStage" => "Fase avsluttet",
        "WithdrawProgramme" => PageTexts.Withdrawn,
        "task-assigned" => "Oppgave tildelt",
        "report-section-saved" => "Rapportdel lagret",
        "report-attachment-added" => "Vedlegg lagt til",
        "comment-added" => "Kommentar",
        "programme-migrated" => "Flyttet til ny versjon",
        "deviation-recorded" => "Avvik registrert",
        "deviation-updated" => "Avvik endret",
        "deviation-closed" => "Avvik lukket",
        "risk-recorded" => "Risiko registrert",
        "risk-updated" => "Risiko endret",
        "risk-closed" => "Risiko lukket",
        "learning-recorded" => "Erfaring registrert",
        _ => action,
    };
}
