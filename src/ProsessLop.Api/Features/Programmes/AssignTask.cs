using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// A coordinator gives a task to a member of the participant's kommunegruppe.
public sealed record AssignTask(Guid ProgrammeId, string TaskKey, Guid ContactPersonId, uint? ExpectedVersion) : ICommand<Result<TaskAssigned>>, IProgrammeChange;

public sealed record TaskAssigned(string TaskKey, Guid ContactPersonId, string AssigneeName, uint Version);

public sealed record AssignTaskBody(Guid ContactPersonId);

public sealed class AssignTaskHandler(ProsessDb db, ProgrammeRuntime runtime, Journal.Journal journal, TimeProvider clock)
    : ICommandHandler<AssignTask, Result<TaskAssigned>>
{
    public async ValueTask<Result<TaskAssigned>> Handle(AssignTask command, CancellationToken ct)
    {
        var found = await runtime.FindChangeableAsync(command, ProgrammeWork.Assignment, ct);
        if (!found.Succeeded)
        {
            return found.Error;
        }

        var programme = found.Value;
        if (programme.State.Task(command.TaskKey) is not { Retired: false })
        {
            return Error.NotFound(Workflow.Engine.Vocabulary.Format(ProgrammeTexts.Task_NotFound, command.TaskKey));
        }

        var person = await db.ContactPersons.SingleOrDefaultAsync(c => c.Id == command.ContactPersonId && c.ParticipantId == programme.ParticipantId && c.ErasedAt == null, ct);
        if (person is null)
        {
            return Error.Invalid("contactPersonId", ProgrammeTexts.Task_NotAContact);
        }

        var assignment = await db.TaskAssignments.SingleOrDefaultAsync(a => a.ProgrammeId == programme.Id && a.TaskKey == command.TaskKey, ct);
        var before = assignment?.ContactPersonId;
        if (assignment is null)
        {
            assignment = new TaskAssignment { ProgrammeId = programme.Id, TaskKey = command.TaskKey };
            db.TaskAssignments.Add(assignment);
        }

        assignment.ContactPersonId = person.Id;
        assignment.AssignedAt = clock.GetUtcNow();
        programme.CopyAssignment(command.TaskKey, person.Id);
        runtime.Touch(programme);
        // Ids, not names, in the journal: erasing a person then leaves nothing personal behind.
        journal.Record(programme.ParticipantId, programme.Id, "task-assigned", command.TaskKey, new { contactPersonId = before }, new { contactPersonId = person.Id });
        await db.SaveChangesAsync(ct);
        return new TaskAssigned(command.TaskKey, person.Id, person.Name, programme.Version);
    }
}

public static partial class ProgrammeEndpoints
{
    public static async Task<Results<Ok<TaskAssigned>, ProblemHttpResult>> AssignTask(
        Guid id, string taskKey, AssignTaskBody body, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var result = await mediator.Send(new AssignTask(id, taskKey, body.ContactPersonId, ETags.IfMatch(http)), ct);
        return result.Match(assigned => WithETag(http, assigned.Version, TypedResults.Ok(assigned)));
    }

    private static T WithETag<T>(HttpContext http, uint version, T result)
    {
        http.Response.Headers.ETag = ETags.Format(version);
        return result;
    }
}
