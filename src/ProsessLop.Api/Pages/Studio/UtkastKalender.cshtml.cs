using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Workflow.Calendar;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Pages.Studio;

/// The calendar preview: every deadline of the draft for a start date (and participant kind), from
/// the scheduler that runs programmes, with why each moved deadline moved and the pile-ups.
/// A GET form (start, kind), so a preview is a link. Owners only.
public sealed class UtkastKalenderModel(IMediator mediator) : DraftPreviewPage(mediator)
{
    public const string StartField = "start";
    public const string KindField = "kind";

    public sealed record Row(DateOnly Due, bool IsTask, string Name, string Detail, DeadlineMove? Move);

    public sealed record StageRows(ScheduledStage Stage, IReadOnlyList<Row> Rows);

    protected override string Tab => "kalender";

    [BindProperty(SupportsGet = true, Name = StartField)]
    public string? Start { get; set; }

    [BindProperty(SupportsGet = true, Name = KindField)]
    public string? Kind { get; set; }

    public DateOnly? StartDate { get; private set; }

    public ParticipantKind? ChosenKind { get; private set; }

    public IReadOnlyList<StageRows> Stages { get; private set; } = [];

    public IReadOnlyList<PileUp> PileUps { get; private set; } = [];

    public int Deadlines => Stages.Sum(s => s.Rows.Count);

    public int Moved => Stages.Sum(s => s.Rows.Count(r => r.Move is not null));

    public static string KindValue(ParticipantKind kind) => kind == ParticipantKind.Region ? "region" : "municipality";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadDraftAsync(id, ct) is { } stop)
        {
            return stop;
        }

        var kinds = Draft.Definition.ParticipantKinds;
        ChosenKind = kinds.FirstOrDefault(k => KindValue(k) == Kind) is var kind && kinds.Contains(kind) ? kind : kinds.Count > 0 ? kinds[0] : null;
        if (!string.IsNullOrEmpty(Kind) && kinds.Count > 0 && !kinds.Any(k => KindValue(k) == Kind))
        {
            ModelState.AddModelError(KindField, StudioTexts.Calendar_ChooseKind);
        }

        // An empty field binds as null: whether the form was sent is whether the query names it.
        if (Start is null && !Request.Query.ContainsKey(StartField))
        {
            return Page();
        }

        StartDate = ParseStart(Start ?? "");
        if (StartDate is not { } start || !ModelState.IsValid || Draft.Valid is not { } definition || ChosenKind is not { } chosen)
        {
            return Page();
        }

        var schedule = ProgrammeScheduler.Create(definition, new Participant(chosen, "", "", []), start);
        var calendar = new WorkingDayCalendar(definition.Pauses);
        Stages = [.. schedule.Stages.Select(stage => new StageRows(stage, [.. stage.Tasks
            .Select(t => new Row(t.Due, true, t.Name, (t.Required ? StudioTexts.Calendar_RequiredPrefix : "") + DraftPage.F(StudioTexts.Calendar_Responsible, Role(t.ResponsibleRole)), DeadlineMoves.Explain(calendar, t.NominalDue, t.Due)))
            .Concat(stage.Reports.Select(r => new Row(r.Due, false, r.Name, r.RequiresApproval ? StudioTexts.Calendar_ToBeApproved : "", DeadlineMoves.Explain(calendar, r.NominalDue, r.Due))))
            .OrderBy(r => r.Due)]))];
        PileUps = SchedulePileUps.Find(schedule);
        return Page();
    }

    // ISO (what a date field sends) or Norwegian dd.mm.åååå (typed by hand where the field is text).
    private DateOnly? ParseStart(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            ModelState.AddModelError(StartField, StudioTexts.Calendar_EnterDate);
            return null;
        }

        if (!DateOnly.TryParseExact(text, ["yyyy-MM-dd", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            ModelState.AddModelError(StartField, DraftPage.F(StudioTexts.Calendar_NotADate, text));
            return null;
        }

        if (date.Year is < 2000 or > 2100)
        {
            ModelState.AddModelError(StartField, StudioTexts.Calendar_YearRange);
            return null;
        }

        return date;
    }

    public static string Day(DateOnly date) => NorwegianDates.Long(date);

    public static string Week(DateOnly date) => DraftPage.F(StudioTexts.Calendar_WeekOf, NorwegianDates.Week(date));
}
