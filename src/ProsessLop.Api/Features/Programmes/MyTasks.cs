using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// The tasks assigned to the signed-in person (through their contact-person record), across
/// every programme, nearest deadline first.
public sealed record ListMyTasks : IQuery<IReadOnlyList<MyTask>>;

public sealed record MyTask(Guid ProgrammeId, string ParticipantName, string TaskKey, string TaskName, string StageKey, TaskItemStatus Status, DateOnly Due, bool Overdue);

public sealed class ListMyTasksHandler(ProsessDb db, ICurrentUser user, DefinitionRegistry registry, ProgrammeRuntime runtime) : IQueryHandler<ListMyTasks, IReadOnlyList<MyTask>>
{
    public async ValueTask<IReadOnlyList<MyTask>> Handle(ListMyTasks query, CancellationToken ct)
    {
        var rows = await db.TaskAssignments.AsNoTracking()
            .Where(a => db.ContactPersons.Any(c => c.Id == a.ContactPersonId && c.UserSubject == user.Id && c.ErasedAt == null))
            .Join(db.Programmes, a => a.ProgrammeId, p => p.Id, (a, p) => new { a.TaskKey, Programme = p })
            .ToListAsync(ct);
        var today = runtime.Today;
        return rows
            .Where(r => user.CanRead(r.Programme.ParticipantId))
            .Select(r => (r.Programme, Task: r.Programme.State.Task(r.TaskKey)))
            .Where(r => r.Task is { Retired: false })
            .Select(r => new MyTask(r.Programme.Id, r.Programme.ParticipantName, r.Task!.Key,
                registry.Find(r.Programme.DefinitionKey, r.Programme.DefinitionVersion)?.Definition.Stages.SelectMany(s => s.Tasks).FirstOrDefault(t => t.Key == r.Task.Key)?.Name ?? r.Task.Key,
                r.Task.StageKey, r.Task.Status, r.Task.Due, !r.Task.IsFinished && r.Task.Due < today))
            .OrderBy(t => t.Status is TaskItemStatus.Done or TaskItemStatus.NotApplicable).ThenBy(t => t.Due)
            .ToList();
    }
}

public static partial class ProgrammeEndpoints
{
    public static async Task<Ok<IReadOnlyList<MyTask>>> ListMyTasks(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListMyTasks(), ct));
}
