using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Migration;

namespace ProsessLop.Api.Features.Definitions;

// What publishing a draft would do to the programmes already running on older versions of its
// definition: the migration planner's dry run for each of them, with the draft's JSON as the
// target (nothing is published or changed), summarised in words for the owner who decides.

/// One item change across the running programmes: how many programmes it touches.
public sealed record ImpactItemChange(MigrationChange Change, MigrationItemKind Kind, string Key, string? PreviousKey, int Programmes, string Text);

/// How far one item's deadline moves: in days (later is positive) and in words. The shift can
/// differ between programmes (weekends and holidays fall differently on each start date).
public sealed record ImpactDeadlineShift(MigrationItemKind Kind, string Key, int Programmes, int MinDays, int MaxDays, string Text);

/// Finished work on an item the new version renames, moves or removes: kept, and how.
public sealed record ImpactKeptWork(MigrationItemKind Kind, string Key, int Programmes, string Text);

/// One running programme: whether it moves cleanly, the problems that need the owner's eye, every
/// change in words, how much finished work it keeps, and the planner's plan (null when it cannot move).
public sealed record ProgrammeImpact(
    Guid Id, string ParticipantId, string ParticipantName, int FromVersion, bool Clean, IReadOnlyList<string> Problems,
    IReadOnlyList<string> Changes, int FinishedWorkKept, MigrationPlan? Plan);

public sealed record DraftImpact(
    string Key, int Version, int Programmes, int MoveCleanly, int WithProblems,
    IReadOnlyList<ImpactItemChange> Changes, IReadOnlyList<ImpactDeadlineShift> Deadlines, IReadOnlyList<ImpactKeptWork> KeptWork,
    int FinishedWorkKept, IReadOnlyList<ProgrammeImpact> PerProgramme);

public sealed record GetDraftImpact(Guid Id) : IQuery<Result<DraftImpact>>;

public sealed class GetDraftImpactHandler(ProsessDb db, DefinitionRegistry registry, ProgrammeRuntime runtime) : IQueryHandler<GetDraftImpact, Result<DraftImpact>>
{
    public async ValueTask<Result<DraftImpact>> Handle(GetDraftImpact query, CancellationToken ct)
    {
        var draft = await db.DefinitionDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.Id, ct);
        if (draft is null)
        {
            return DraftStore.NotFound(query.Id);
        }

        // The version it would publish as: a plan needs a complete, valid definition to schedule.
        var key = DraftStore.KeyOf(draft.Json) ?? draft.Key;
        var version = draft.PublishedVersion ?? await DraftStore.NextVersionAsync(db, key, ct);
        var validation = DefinitionValidator.Validate(DefinitionJson.WithVersion(draft.Json, version), DraftStore.File(draft.Id));
        if (!validation.IsValid)
        {
            return Error.InvalidDefinition(validation.Problems);
        }

        var target = validation.Definition!;
        var programmes = await db.Programmes.AsNoTracking()
            .Where(p => p.DefinitionKey == key && p.DefinitionVersion < version && p.Status == ProgrammeStatus.Active)
            .OrderBy(p => p.ParticipantName).ThenBy(p => p.Id).ToListAsync(ct);
        var ids = programmes.Select(p => p.Id).ToList();
        // Report text written but not sent: work a removed or passed-over report would close.
        var written = (await db.ReportDrafts.AsNoTracking().Where(d => ids.Contains(d.ProgrammeId)).Select(d => new { d.ProgrammeId, d.ReportKey }).ToListAsync(ct))
            .ToLookup(d => d.ProgrammeId, d => d.ReportKey);

        var today = runtime.Today;
        var assessed = new List<(ProgrammeImpact Impact, ProgrammeDefinition From, ProgrammeState State)>();
        foreach (var programme in programmes)
        {
            var from = (await registry.FindOrLoadAsync(programme.DefinitionKey, programme.DefinitionVersion, db, ct))!.Definition;
            assessed.Add((ImpactTexts.Assess(programme, from, target, written[programme.Id].ToHashSet(), today), from, programme.State));
        }

        return ImpactTexts.Summarise(key, version, target, assessed);
    }
}

/// The words of the impact: per programme, and summed up over all of them.
public static class ImpactTexts
{
    public static ProgrammeImpact Assess(Programme programme, ProgrammeDefinition from, ProgrammeDefinition target, IReadOnlySet<string> writtenReports, DateOnly today)
    {
        var state = programme.State;
        if (MigrateProgrammeHandler.MigrationRefusal(state, target) is { } refused)
        {
            return new(programme.Id, programme.ParticipantId, programme.ParticipantName, programme.DefinitionVersion, false, [refused], [], 0, null);
        }

        var plan = MigrationPlanner.Plan(state, target);
        var problems = new List<string>();
        var current = state.CurrentStageIndex < state.Stages.Count ? state.Stages[state.CurrentStageIndex].Key : null;
        foreach (var step in plan.Steps)
        {
            var name = Name(step, from, target);
            switch (step.Change)
            {
                case MigrationChange.Removed when step.Kind == MigrationItemKind.Stage && step.Key == current:
                    problems.Add(Vocabulary.Format(DraftImpactTexts.StageRemovedCurrent, name));
                    break;
                case MigrationChange.Removed or MigrationChange.ClosedAsPassed when Started(state, step, writtenReports):
                    problems.Add(step.Change == MigrationChange.Removed
                        ? Vocabulary.Format(DraftImpactTexts.StartedRemoved, Capital(Noun(step.Kind)), name)
                        : Vocabulary.Format(DraftImpactTexts.StartedPassed, Capital(Noun(step.Kind)), name));
                    break;
                case MigrationChange.DeadlineChanged when step.NewDue < today && step.PreviousDue >= today:
                    problems.Add(Vocabulary.Format(DraftImpactTexts.DeadlinePassed, Noun(step.Kind), name, Date(step.NewDue!.Value)));
                    break;
            }
        }

        var changes = plan.Steps.Select(s => Text(s, from, target, programme: true)).ToList();
        var kept = state.Tasks.Count(t => t.Status == TaskItemStatus.Done) + state.Reports.Count(r => r.Status is ReportStatus.Submitted or ReportStatus.Approved);
        return new(programme.Id, programme.ParticipantId, programme.ParticipantName, programme.DefinitionVersion, problems.Count == 0, problems, changes, kept, plan);
    }

    public static DraftImpact Summarise(string key, int version, ProgrammeDefinition target,
        IReadOnlyList<(ProgrammeImpact Impact, ProgrammeDefinition From, ProgrammeState State)> assessed)
    {
        var steps = assessed.Where(a => a.Impact.Plan is not null)
            .SelectMany(a => a.Impact.Plan!.Steps.Select(s => (Step: s, a.From, a.State))).ToList();

        var changes = steps.Where(s => s.Step.Change is MigrationChange.Renamed or MigrationChange.Moved or MigrationChange.Removed or MigrationChange.Added)
            .GroupBy(s => (s.Step.Change, s.Step.Kind, s.Step.Key, s.Step.PreviousKey, s.Step.StageKey, s.Step.PreviousStageKey))
            .Select(g => new ImpactItemChange(g.Key.Change, g.Key.Kind, g.Key.Key, g.Key.PreviousKey, g.Count(), Text(g.First().Step, g.First().From, target, programme: false)))
            .ToList();

        var deadlines = steps.Where(s => s.Step.Change == MigrationChange.DeadlineChanged)
            .GroupBy(s => (s.Step.Kind, s.Step.Key))
            .Select(g =>
            {
                var days = g.Select(s => Days(s.Step)).ToList();
                var name = Name(g.First().Step, g.First().From, target);
                return new ImpactDeadlineShift(g.Key.Kind, g.Key.Key, g.Count(), days.Min(), days.Max(), $"{Noun(g.Key.Kind)} «{name}»: {Shift(days.Min(), days.Max())}");
            })
            .ToList();

        var kept = steps.Where(s => s.Step.Change is MigrationChange.Renamed or MigrationChange.Moved or MigrationChange.Removed && Finished(s.State, s.Step))
            .GroupBy(s => (s.Step.Kind, s.Step.Key, s.Step.Change))
            .Select(g => new ImpactKeptWork(g.Key.Kind, g.Key.Key, g.Count(), Kept(g.First().Step, g.First().From, target, g.Count())))
            .ToList();

        var impacts = assessed.Select(a => a.Impact).ToList();
        return new DraftImpact(key, version, impacts.Count, impacts.Count(i => i.Clean), impacts.Count(i => !i.Clean),
            changes, deadlines, kept, impacts.Sum(i => i.FinishedWorkKept), impacts);
    }

    /// "frist flyttes 14 dager senere", "frist flyttes 6–8 dager tidligere".
    public static string Shift(int min, int max)
    {
        if (min >= 0 || max <= 0)
        {
            var (near, far) = min >= 0 ? (min, max) : (-max, -min);
            var amount = near == far ? Days(near) : Vocabulary.Format(DraftImpactTexts.DaysRange, near, far);
            return Vocabulary.Format(min >= 0 ? DraftImpactTexts.ShiftLater : DraftImpactTexts.ShiftEarlier, amount);
        }

        return Vocabulary.Format(DraftImpactTexts.ShiftBoth, Days(-min), Days(max));
    }

    private static string Days(int days) => days == 1 ? DraftImpactTexts.OneDay : Vocabulary.Format(DraftImpactTexts.Days, days);

    private static int Days(MigrationStep step) => step.NewDue!.Value.DayNumber - step.PreviousDue!.Value.DayNumber;

    private static string Text(MigrationStep step, ProgrammeDefinition from, ProgrammeDefinition target, bool programme)
    {
        var what = $"{Noun(step.Kind)} «{Name(step, from, target)}»";
        return step.Change switch
        {
            MigrationChange.Added when step.Kind == MigrationItemKind.Stage => Vocabulary.Format(DraftImpactTexts.Added, what),
            MigrationChange.Added => Vocabulary.Format(DraftImpactTexts.AddedIn, what, StageName(step.StageKey, from, target)),
            MigrationChange.Removed => Vocabulary.Format(DraftImpactTexts.Removed, what),
            MigrationChange.Renamed => Vocabulary.Format(DraftImpactTexts.Renamed, Noun(step.Kind), PreviousName(step, from), Name(step, from, target)),
            MigrationChange.Moved => Vocabulary.Format(DraftImpactTexts.Moved, what, StageName(step.PreviousStageKey, from, target), StageName(step.StageKey, from, target)),
            MigrationChange.DeadlineChanged when programme =>
                Vocabulary.Format(DraftImpactTexts.DeadlineChangedDates, what, Shift(Days(step), Days(step)), Date(step.PreviousDue!.Value), Date(step.NewDue!.Value)),
            MigrationChange.DeadlineChanged => $"{what}: {Shift(Days(step), Days(step))}",
            _ => Vocabulary.Format(DraftImpactTexts.ClosedAsPassed, what),
        };
    }

    private static string Kept(MigrationStep step, ProgrammeDefinition from, ProgrammeDefinition target, int programmes)
    {
        var where = programmes == 1 ? DraftImpactTexts.InOneProgramme : Vocabulary.Format(DraftImpactTexts.InProgrammes, programmes);
        var name = step.Change == MigrationChange.Removed ? Name(step, from, target) : PreviousName(step, from);
        var what = Vocabulary.Format(DraftImpactTexts.Kept, Noun(step.Kind), name, Vocabulary.Finished(step.Kind == MigrationItemKind.Task), where);
        return step.Change switch
        {
            MigrationChange.Removed => Vocabulary.Format(DraftImpactTexts.KeptRemoved, what),
            MigrationChange.Renamed => Vocabulary.Format(DraftImpactTexts.KeptRenamed, what, Name(step, from, target)),
            _ => Vocabulary.Format(DraftImpactTexts.KeptNow, what, StageName(step.StageKey, from, target)),
        };
    }

    private static bool Finished(ProgrammeState state, MigrationStep step) => step.Kind switch
    {
        MigrationItemKind.Task => state.Task(step.PreviousKey ?? step.Key) is { Status: TaskItemStatus.Done },
        MigrationItemKind.Report => state.Report(step.PreviousKey ?? step.Key) is { Status: ReportStatus.Submitted or ReportStatus.Approved },
        _ => false,
    };

    // Work someone has begun on and would lose sight of: a task in progress, a returned report, or report text written.
    private static bool Started(ProgrammeState state, MigrationStep step, IReadOnlySet<string> writtenReports) => step.Kind switch
    {
        MigrationItemKind.Task => state.Task(step.Key) is { Status: TaskItemStatus.InProgress },
        MigrationItemKind.Report => state.Report(step.Key) is { Status: ReportStatus.Returned } or { Status: ReportStatus.Draft } && writtenReports.Contains(step.Key),
        _ => false,
    };

    private static string Name(MigrationStep step, ProgrammeDefinition from, ProgrammeDefinition target) => step.Kind switch
    {
        MigrationItemKind.Stage => StageName(step.Key, from, target),
        MigrationItemKind.Task => ItemNames.KnownTask(target, step.Key) ?? ItemNames.KnownTask(from, step.Key) ?? step.Key,
        _ => ItemNames.KnownReport(target, step.Key) ?? ItemNames.KnownReport(from, step.Key) ?? step.Key,
    };

    private static string PreviousName(MigrationStep step, ProgrammeDefinition from) => step.PreviousKey is not { } previous ? step.Key : step.Kind switch
    {
        MigrationItemKind.Task => ItemNames.KnownTask(from, previous) ?? previous,
        _ => ItemNames.KnownReport(from, previous) ?? previous,
    };

    private static string StageName(string? key, ProgrammeDefinition from, ProgrammeDefinition target) =>
        key is null ? "" : ItemNames.KnownStage(target, key) ?? ItemNames.KnownStage(from, key) ?? key;

    private static string Noun(MigrationItemKind kind) => kind switch
    {
        MigrationItemKind.Stage => DraftImpactTexts.NounStage,
        MigrationItemKind.Task => DraftImpactTexts.NounTask,
        _ => DraftImpactTexts.NounReport,
    };

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    // As the programme pages and reasons write dates.
    private static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
}

/// After publishing: the owner moves all, some or none of the running programmes to the version.
/// Each programme is migrated by the one-programme migration (its checks, journal and rekeying),
/// in its own scope and transaction, so a refusal or a conflict on one leaves the others moving.
/// Not a command on purpose: a command gets one transaction around it all.
public sealed record MigrateVersion(string Key, int Version, IReadOnlyList<Guid>? ProgrammeIds, bool All, bool Apply) : IRequest<Result<BulkMigrationResult>>;

public sealed record MigrateVersionBody(IReadOnlyList<Guid>? ProgrammeIds, bool All, bool Apply);

public sealed record ProgrammeMigrationOutcome(Guid ProgrammeId, string Outcome, string? Reason, MigrationPlan? Plan);

public sealed record BulkMigrationResult(string Key, int Version, bool Applied, int Migrated, int Refused, IReadOnlyList<ProgrammeMigrationOutcome> Programmes);

public sealed class MigrateVersionValidator : AbstractValidator<MigrateVersion>
{
    public const int MaxProgrammes = 1000;

    public MigrateVersionValidator()
    {
        RuleFor(c => c.ProgrammeIds).Must((c, ids) => c.All != ids is { Count: > 0 })
            .WithMessage(_ => DraftImpactTexts.ChooseProgrammes);
        RuleFor(c => c.ProgrammeIds).Must(ids => ids is null || ids.Count <= MaxProgrammes)
            .WithMessage(_ => Vocabulary.Format(DraftImpactTexts.AtMost, MaxProgrammes));
    }
}

public sealed class MigrateVersionHandler(ProsessDb db, DefinitionRegistry registry, IServiceScopeFactory scopes) : IRequestHandler<MigrateVersion, Result<BulkMigrationResult>>
{
    public async ValueTask<Result<BulkMigrationResult>> Handle(MigrateVersion request, CancellationToken ct)
    {
        if (await registry.FindOrLoadAsync(request.Key, request.Version, db, ct) is null)
        {
            return Error.NotFound(Vocabulary.Format(DraftImpactTexts.NotPublished, request.Version, request.Key));
        }

        var ids = request.All
            ? await db.Programmes.AsNoTracking()
                .Where(p => p.DefinitionKey == request.Key && p.DefinitionVersion < request.Version && p.Status == ProgrammeStatus.Active)
                .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct)
            : [.. request.ProgrammeIds!.Distinct()];

        var outcomes = new List<ProgrammeMigrationOutcome>();
        foreach (var id in ids)
        {
            outcomes.Add(await MigrateOneAsync(id, request, ct));
        }

        var moved = request.Apply ? "migrated" : "planned";
        return new BulkMigrationResult(request.Key, request.Version, request.Apply,
            outcomes.Count(o => o.Outcome == moved), outcomes.Count(o => o.Outcome == "refused"), outcomes);
    }

    private async Task<ProgrammeMigrationOutcome> MigrateOneAsync(Guid id, MigrateVersion request, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new MigrateProgramme(id, request.Version, request.Apply, null, request.Key), ct);
            return result.Succeeded
                ? new(id, request.Apply ? "migrated" : "planned", null, result.Value.Plan)
                : new(id, "refused", Reason(result.Error), null);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(id, "refused", DraftImpactTexts.ChangedConcurrently, null);
        }
    }

    private static string Reason(Error error) =>
        error.Fields is { Count: > 0 } fields ? string.Join(" ", fields.SelectMany(f => f.Value)) : error.Detail;
}
