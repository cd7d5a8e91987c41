using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// Everything a coordinator or a steering-group member needs about one programme: stages with
/// gates, tasks, reports, derived status with reasons, and what the caller may do now.
public sealed record GetProgramme(Guid Id) : IQuery<Result<ProgrammeDetail>>;

public sealed record ProgrammeDetail(
    Guid Id, DefinitionRef Definition, ParticipantRef Participant, DateOnly StartDate, ProgrammeStatus Status,
    string CurrentStage, HealthView Health, IReadOnlyList<StageView> Stages, IReadOnlyList<OpenItemView> OpenItems,
    IReadOnlyList<AllowedAction> AllowedActions, DateOnly? WithdrawnOn, string? WithdrawalReason, uint Version);

/// One item of the programme's agenda: what is open now, whose turn it is, and which steps on it
/// the engine allows (with the roles whose step each is).
public sealed record OpenItemView(
    AgendaKind Kind, string Key, string Name, string StageKey, DateOnly Due, bool Required, bool Overdue, bool DueSoon,
    bool AwaitingReview, bool OwnersTurn, ResponsibleRole ResponsibleRole, AssigneeView? Assignee, IReadOnlyList<ItemAction> Actions);

public sealed record DefinitionRef(string Key, int Version, string Name);

public sealed record ParticipantRef(ParticipantKind Kind, string Id, string Name);

public sealed record HealthView(Health Status, IReadOnlyList<StatusReason> Reasons);

public sealed record StageView(
    string Key, string Name, StageStatus Status, Health Health, IReadOnlyList<StatusReason> HealthReasons,
    DateOnly PlannedStart, DateOnly PlannedEnd, DateOnly? ActivatedOn, DateOnly? CompletedOn,
    GateView Gate, IReadOnlyList<TaskView> Tasks, IReadOnlyList<ReportView> Reports, IReadOnlyList<string> ReflectionPrompts);

public sealed record GateView(bool Satisfied, IReadOnlyList<StatusReason> Missing, bool OwnerDecisionRequired, DateOnly? OwnerDecisionOn, string? OwnerDecisionNote);

public sealed record TaskView(string Key, string Name, bool Required, TaskItemStatus Status, DateOnly Due, DateOnly? CompletedOn, ResponsibleRole ResponsibleRole, AssigneeView? Assignee, bool Retired);

public sealed record AssigneeView(Guid ContactPersonId, string Name);

public sealed record ReportView(
    string Key, string Name, ReportStatus Status, DateOnly Due, bool RequiresApproval, bool PublicByDefault, string? ExemptionBasis,
    int Submissions, DateOnly? SubmittedOn, DateOnly? ApprovedOn, string? ReturnComment,
    IReadOnlyList<SectionView> Sections, IReadOnlyList<Attachment> Attachments, bool Retired);

public sealed record SectionView(string Key, string Title, string? Guidance, string? Text);

/// An action the caller may take now (the engine allows it and the caller's role permits it).
public sealed record AllowedAction(ActionKind Kind, string Target);

public sealed class GetProgrammeHandler(ProsessDb db, ProgrammeRuntime runtime, ICurrentUser user) : IQueryHandler<GetProgramme, Result<ProgrammeDetail>>
{
    public async ValueTask<Result<ProgrammeDetail>> Handle(GetProgramme query, CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().SingleOrDefaultAsync(p => p.Id == query.Id, ct);
        if (programme is null || !user.CanRead(programme.ParticipantId))
        {
            return ProgrammeRuntime.NotFound(query.Id);
        }

        var engine = runtime.EngineFor(programme);
        var definition = engine.Definition;
        var state = programme.State;
        var checks = engine.Actions(state);
        var agenda = Agenda.Of(definition, state, engine.Today, checks);
        var health = DerivedStatus.Evaluate(agenda);
        var assignees = await db.TaskAssignments.AsNoTracking().Where(a => a.ProgrammeId == programme.Id)
            .Join(db.ContactPersons, a => a.ContactPersonId, c => c.Id, (a, c) => new { a.TaskKey, c.Id, c.Name, c.UserSubject })
            .ToListAsync(ct);
        var drafts = await db.ReportDrafts.AsNoTracking().Where(d => d.ProgrammeId == programme.Id).ToDictionaryAsync(d => d.ReportKey, ct);

        var stages = definition.Stages.Select((stageDef, index) =>
        {
            var stage = state.Stages[index];
            var gate = engine.EvaluateGate(state, stage.Key);
            var stageHealth = health.Stages[index];
            return new StageView(stage.Key, stageDef.Name.Current, stage.Status, stageHealth.Status, stageHealth.Reasons,
                stage.PlannedStart, stage.PlannedEnd, stage.ActivatedOn, stage.CompletedOn,
                new GateView(gate.Satisfied, gate.Missing, stageDef.Gate.OwnerDecision, stage.OwnerDecisionOn, stage.OwnerDecisionNote),
                state.Tasks.Where(t => t.StageKey == stage.Key).Select(t =>
                {
                    var taskDef = stageDef.Tasks.FirstOrDefault(d => d.Key == t.Key);
                    return new TaskView(t.Key, ItemNames.ReadTask(definition, t.Key), t.Required, t.Status, t.Due, t.CompletedOn,
                        taskDef?.ResponsibleRole ?? ResponsibleRole.Coordinator,
                        assignees.Where(a => a.TaskKey == t.Key).Select(a => new AssigneeView(a.Id, a.Name)).FirstOrDefault(), t.Retired);
                }).ToList(),
                state.Reports.Where(r => r.StageKey == stage.Key).Select(r =>
                {
                    var reportDef = stageDef.Reports.FirstOrDefault(d => d.Key == r.ReportKey);
                    var draft = drafts.GetValueOrDefault(r.Key);
                    return new ReportView(r.Key, ItemNames.ReadReport(definition, r),
                        r.Status, r.Due, r.RequiresApproval, reportDef?.PublicByDefault ?? true, reportDef?.ExemptionBasis,
                        r.Submissions, r.SubmittedOn, r.ApprovedOn, r.ReturnComment,
                        (reportDef?.Sections ?? []).Select(s => new SectionView(s.Key, s.Title.Current, s.Guidance?.Current, draft?.Sections.GetValueOrDefault(s.Key))).ToList(),
                        draft?.Attachments ?? [], r.Retired);
                }).ToList(),
                [.. stageDef.ReflectionPrompts.Select(p => p.Current)]);
        }).ToList();

        // The workflow core's role rule (ActionRoles), as ActOnProgramme applies it.
        ActorRole? role = user.IsOwner ? ActorRole.Owner
            : user.CanChange(programme.ParticipantId) ? ActorRole.Coordinator
            : user.IsParticipant ? ActorRole.Participant
            : null;
        var mine = assignees.Where(a => a.UserSubject == user.Id).Select(a => a.TaskKey).ToHashSet();
        var allowed = checks
            .Where(a => a.Allowed && role is { } r && ActionRoles.May(r, a.Action.Kind, mine.Contains(a.Action.Target)))
            .Select(a => new AllowedAction(a.Action.Kind, a.Action.Target)).ToList();
        var openItems = agenda.Items
            .Select(i => new OpenItemView(i.Kind, i.Key, ItemNames.Read(definition, i), i.StageKey, i.Due, i.Required, i.Overdue, i.DueSoon, i.AwaitingReview, i.OwnersTurn, i.Responsible,
                i.Kind == AgendaKind.Task ? assignees.Where(a => a.TaskKey == i.Key).Select(a => new AssigneeView(a.Id, a.Name)).FirstOrDefault() : null,
                i.Actions))
            .OrderBy(i => i.Due).ThenBy(i => i.Key, StringComparer.Ordinal).ToList();

        return new ProgrammeDetail(programme.Id, new DefinitionRef(definition.Key, definition.Version, definition.Name.Current),
            new ParticipantRef(programme.ParticipantKind, programme.ParticipantId, programme.ParticipantName),
            programme.StartDate, state.Status, programme.CurrentStageKey, new HealthView(health.Status, health.Reasons), stages, openItems, allowed,
            state.WithdrawnOn, state.WithdrawalReason, programme.Version);
    }
}

public static partial class ProgrammeEndpoints
{
    public static async Task<Results<Ok<ProgrammeDetail>, ProblemHttpResult>> GetProgramme(Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
        (await mediator.Send(new GetProgramme(id), ct)).Match(detail => WithETag(http, detail.Version, TypedResults.Ok(detail)));
}
