using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Calendar;
using ProsessLop.Api.Features.Deviations;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Features.Publication;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Pages;

/// A coordinator's or participant's own programme(s): the current stage's tasks and reports,
/// deviations and a calendar feed. Every change is a command through the mediator.
public sealed class MinKommuneModel(IMediator mediator, ICurrentUser user) : FormPage(mediator)
{
    public sealed record Card(ProgrammeDetail Detail, StageView Stage, IReadOnlyList<TaskView> Tasks, bool MayChange);

    private static readonly ActionKind[] TaskActions = [ActionKind.StartTask, ActionKind.CompleteTask, ActionKind.ReopenTask];

    public bool OwnParticipant => user.IsCoordinator || user.IsParticipant;

    public bool IsCoordinator => user.IsCoordinator;

    public IReadOnlyList<Card> Cards { get; private set; } = [];

    /// Each programme's learning entries with how far they are shared (issue 14).
    public IReadOnlyDictionary<Guid, IReadOnlyList<LearningShareItem>> Learning { get; private set; } = new Dictionary<Guid, IReadOnlyList<LearningShareItem>>();

    /// The subscription URL of a new calendar feed: shown once, never stored in clear.
    public string? CalendarUrl { get; private set; }

    public static string TaskForm(Guid programmeId, string taskKey) => Id("oppgave", programmeId, taskKey);

    public static string ReportForm(Guid programmeId, string reportKey) => Id("rapport", programmeId, reportKey);

    public static string SectionForm(Guid programmeId, string reportKey, string sectionKey) => Id("rapport", programmeId, reportKey, sectionKey);

    public static string AttachmentForm(Guid programmeId, string reportKey) => Id("vedlegg", programmeId, reportKey);

    public static string DeviationForm(Guid programmeId) => Id("avvik", programmeId);

    public const string CalendarForm = "kalender";

    public static string LearningForm(Guid learningId) => Id("erfaring", learningId);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostTaskAsync(Guid programmeId, string taskKey, ActionKind kind, CancellationToken ct)
    {
        if (!TaskActions.Contains(kind))
        {
            return BadRequest();
        }

        var sent = await SendAsync(new ActOnProgramme(programmeId, kind, taskKey, null, null), TaskForm(programmeId, taskKey), ct);
        return await AfterAsync(sent, kind == ActionKind.StartTask ? Texts.MinKommune_TaskStarted : kind == ActionKind.CompleteTask ? Texts.MinKommune_TaskCompleted : Texts.MinKommune_TaskReopened, ct);
    }

    public Task<IActionResult> OnPostSaveReportAsync(Guid programmeId, string reportKey, CancellationToken ct) =>
        SaveReportAsync(programmeId, reportKey, submit: false, ct);

    public Task<IActionResult> OnPostSubmitReportAsync(Guid programmeId, string reportKey, CancellationToken ct) =>
        SaveReportAsync(programmeId, reportKey, submit: true, ct);

    private async Task<IActionResult> SaveReportAsync(Guid programmeId, string reportKey, bool submit, CancellationToken ct)
    {
        var detail = await Mediator.Send(new GetProgramme(programmeId), ct);
        if (!detail.Succeeded)
        {
            return NotFound();
        }

        var report = detail.Value.Stages.SelectMany(s => s.Reports).FirstOrDefault(r => r.Key == reportKey);
        if (report is null)
        {
            return NotFound();
        }

        // Only the sections the person changed: each save is a journal entry.
        foreach (var section in report.Sections)
        {
            var text = Request.Form[SectionField(section.Key)].ToString();
            if (text == (section.Text ?? ""))
            {
                continue;
            }

            var saved = await SendAsync(new SaveReportSection(programmeId, reportKey, section.Key, text, null), SectionForm(programmeId, reportKey, section.Key), ct);
            if (saved.Stop is { } stop)
            {
                return stop;
            }
        }

        if (!ModelState.IsValid || !submit)
        {
            return await AfterAsync(new Sent<object>(null, null, ModelState.IsValid), Texts.MinKommune_DraftSaved, ct);
        }

        var sent = await SendAsync(new ActOnProgramme(programmeId, ActionKind.SubmitReport, reportKey, null, null), ReportForm(programmeId, reportKey), ct);
        return await AfterAsync(sent, Texts.MinKommune_ReportSubmitted, ct);
    }

    public static string SectionField(string sectionKey) => "seksjon-" + sectionKey;

    public async Task<IActionResult> OnPostAttachmentAsync(Guid programmeId, string reportKey, string? title, string? url, CancellationToken ct)
    {
        var sent = await SendAsync(new AddReportAttachment(programmeId, reportKey, title ?? "", url ?? "", null), AttachmentForm(programmeId, reportKey), ct);
        return await AfterAsync(sent, Texts.MinKommune_AttachmentAdded, ct);
    }

    public async Task<IActionResult> OnPostDeviationAsync(
        Guid programmeId, string? description, string? cause, string? consequence, string? action, string? owner, string? deadline, CancellationToken ct)
    {
        // An empty or unreadable date is left as the default, which the validator reports as missing.
        DateOnly.TryParseExact(deadline, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due);
        var command = new RecordDeviation(programmeId, description ?? "", Blank(cause), Blank(consequence), Blank(action), owner ?? "", due);
        var sent = await SendAsync(command, DeviationForm(programmeId), ct);
        return await AfterAsync(sent, Texts.MinKommune_DeviationRecorded, ct);
    }

    public async Task<IActionResult> OnPostCalendarAsync(string? participantId, CancellationToken ct)
    {
        var command = user.IsCoordinator && participantId is not null
            ? new CreateCalendarFeed(CalendarFeedKind.Participant, participantId)
            : new CreateCalendarFeed(CalendarFeedKind.Person, null);
        var sent = await SendAsync(command, CalendarForm, ct);
        if (sent.Stop is { } stop)
        {
            return stop;
        }

        // Shown in this answer only (no redirect): the URL is the credential and is not kept.
        CalendarUrl = sent.Value?.Url;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostShareLearningAsync(Guid programmeId, Guid learningId, bool withdraw, CancellationToken ct)
    {
        var step = withdraw ? LearningShareStep.Withdraw : LearningShareStep.MarkShareable;
        var sent = await SendAsync(new ShareLearning(programmeId, learningId, step), LearningForm(learningId), ct);
        return await AfterAsync(sent, withdraw
            ? Texts.MinKommune_LearningWithdrawnDone
            : Texts.MinKommune_LearningMarkedDone, ct);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    protected override async Task LoadAsync(CancellationToken ct)
    {
        if (!OwnParticipant)
        {
            return;
        }

        var mine = user.IsCoordinator
            ? new HashSet<(Guid, string)>()
            : (await Mediator.Send(new ListMyTasks(), ct)).Items.Select(t => (t.ProgrammeId, t.TaskKey)).ToHashSet();
        var list = await Mediator.Send(new ListProgrammes(null, null, null, null, null, null, ListProgrammes.Largest), ct);
        var cards = new List<Card>();
        var learning = new Dictionary<Guid, IReadOnlyList<LearningShareItem>>();
        foreach (var item in list.Items)
        {
            var found = await Mediator.Send(new GetProgramme(item.Id), ct);
            if (!found.Succeeded)
            {
                continue;
            }

            var detail = found.Value;
            var stage = detail.Stages.FirstOrDefault(s => s.Key == detail.CurrentStage) ?? detail.Stages[^1];
            var tasks = stage.Tasks.Where(t => !t.Retired && (user.IsCoordinator || mine.Contains((detail.Id, t.Key)))).ToList();
            cards.Add(new Card(detail, stage, tasks, user.CanChange(detail.Participant.Id)));
            learning[detail.Id] = (await Mediator.Send(new ListLearningSharing(detail.Id), ct)) is { Succeeded: true } shared ? shared.Value : [];
        }

        Cards = cards;
        Learning = learning;
    }
}
