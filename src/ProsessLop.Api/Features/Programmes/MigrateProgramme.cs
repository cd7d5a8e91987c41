using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;
using ProsessLop.Workflow.Migration;

namespace ProsessLop.Api.Features.Programmes;

/// An owner moves a running programme to a newer version of its definition: first a dry run
/// (the plan, nothing changes), then the same call with apply. Completed work stays completed;
/// removed items are closed as not applicable, never deleted.
/// <paramref name="DefinitionKey"/>, when given, is the definition the caller means (a bulk migration
/// of one definition's programmes): a programme of another definition is refused, not moved.
public sealed record MigrateProgramme(Guid ProgrammeId, int TargetVersion, bool Apply, uint? ExpectedVersion, string? DefinitionKey = null)
    : ICommand<Result<MigrationResult>>, IProgrammeChange;

public sealed record MigrateBody(int TargetVersion, bool Apply);

public sealed record MigrationResult(bool Applied, MigrationPlan Plan, uint Version);

public sealed class MigrateProgrammeHandler(ProsessDb db, ProgrammeRuntime runtime, DefinitionRegistry registry, Journal.Journal journal, ICurrentUser user)
    : ICommandHandler<MigrateProgramme, Result<MigrationResult>>
{
    public async ValueTask<Result<MigrationResult>> Handle(MigrateProgramme command, CancellationToken ct)
    {
        var found = await runtime.FindChangeableAsync(command, ProgrammeWork.Migration, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        if (!user.IsOwner)
        {
            return Error.Forbidden(ProgrammeTexts.Migrate_OnlyOwner);
        }

        var programme = found.Value;
        if (command.DefinitionKey is { } key && key != programme.DefinitionKey)
        {
            return Error.Conflict(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Migrate_OtherDefinition, programme.DefinitionKey, key));
        }

        if (command.TargetVersion <= programme.DefinitionVersion)
        {
            return Error.Invalid("targetVersion", Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Migrate_HigherVersion, programme.DefinitionVersion));
        }

        if (await registry.FindOrLoadAsync(programme.DefinitionKey, command.TargetVersion, db, ct) is not { } target)
        {
            return Error.Invalid("targetVersion", Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Migrate_NotPublished, command.TargetVersion, programme.DefinitionKey));
        }

        if (MigrationRefusal(programme.State, target.Definition) is { } refused)
        {
            return Error.Conflict(refused);
        }

        if (!command.Apply)
        {
            return new MigrationResult(false, MigrationPlanner.Plan(programme.State, target.Definition), programme.Version);
        }

        var (plan, migrated) = MigrationPlanner.Apply(programme.State, target.Definition, runtime.Today);
        var fromVersion = programme.DefinitionVersion;
        programme.State = migrated;
        programme.DefinitionVersion = target.Definition.Version;
        await RekeyRenamedItemsAsync(programme, plan, ct);
        runtime.Refresh(programme, runtime.EngineFor(programme));
        journal.Record(programme.ParticipantId, programme.Id, "programme-migrated", programme.DefinitionKey,
            new { version = fromVersion }, new { version = target.Definition.Version, steps = plan.Steps.Count });
        await db.SaveChangesAsync(ct);
        return new MigrationResult(true, plan, programme.Version);
    }

    /// Why a programme cannot move to the version at all (the planner would throw), or null. The
    /// impact preview asks the same before it plans.
    public static string? MigrationRefusal(ProgrammeState state, ProsessLop.Workflow.Definitions.ProgrammeDefinition target) =>
        target.Accepts(state.Participant.Kind)
            ? null
            : Vocabulary.Format(ProgrammeTexts.Migrate_WrongKind, target.Version, target.Name,
                state.Participant.Kind == ProsessLop.Workflow.Definitions.ParticipantKind.Region ? ProgrammeTexts.Migrate_KindRegions : ProgrammeTexts.Migrate_KindMunicipalities);

    // Assignments and drafts follow a renamed task or report to its new key.
    private async Task RekeyRenamedItemsAsync(Programme programme, MigrationPlan plan, CancellationToken ct)
    {
        var programmeId = programme.Id;
        foreach (var step in plan.Steps.Where(s => s.Change == MigrationChange.Renamed && s.PreviousKey is not null))
        {
            if (step.Kind == MigrationItemKind.Task
                && await db.TaskAssignments.SingleOrDefaultAsync(a => a.ProgrammeId == programmeId && a.TaskKey == step.PreviousKey, ct) is { } assignment)
            {
                db.TaskAssignments.Remove(assignment);
                db.TaskAssignments.Add(new TaskAssignment { ProgrammeId = programmeId, TaskKey = step.Key, ContactPersonId = assignment.ContactPersonId, AssignedAt = assignment.AssignedAt });
                programme.CopyAssignment(assignment.TaskKey, null);
                programme.CopyAssignment(step.Key, assignment.ContactPersonId);
            }

            if (step.Kind == MigrationItemKind.Report
                && await db.ReportDrafts.SingleOrDefaultAsync(d => d.ProgrammeId == programmeId && d.ReportKey == step.PreviousKey, ct) is { } draft)
            {
                db.ReportDrafts.Remove(draft);
                db.ReportDrafts.Add(new ReportDraft { ProgrammeId = programmeId, ReportKey = step.Key, Sections = draft.Sections, Attachments = draft.Attachments, UpdatedAt = draft.UpdatedAt });
            }
        }
    }
}

public static partial class ProgrammeEndpoints
{
    public static async Task<Results<Ok<MigrationResult>, ProblemHttpResult>> MigrateProgramme(
        Guid id, MigrateBody body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        (await mediator.Send(new MigrateProgramme(id, body.TargetVersion, body.Apply, ETags.IfMatch(http)), ct))
            .Match(result => WithETag(http, result.Version, TypedResults.Ok(result)));
}
