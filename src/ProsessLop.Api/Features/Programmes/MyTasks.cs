using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// The tasks assigned to the signed-in person (through their contact-person record), across
/// every programme: open ones (the programmes' agendas) nearest deadline first, then finished ones.
public sealed record ListMyTasks : IQuery<IReadOnlyList<MyTask>>;

public sealed record MyTask(Guid ProgrammeId, string ParticipantName, string TaskKey, string TaskName, string StageKey, TaskItemStatus Status, DateOnly Due, bool Overdue);

public sealed class ListMyTasksHandler(ProsessDb db, ICurrentUser user, ProgrammeRuntime runtime) : IQueryHandler<ListMyTasks, IReadOnlyList<MyTask>>
{
    public async ValueTask<IReadOnlyList<MyTask>> Handle(ListMyTasks query, CancellationToken ct)
    {
        var rows = await db.TaskAssignments.AsNoTracking()
            .Where(a => db.ContactPersons.Any(c => c.Id == a.ContactPersonId && c.UserSubject == user.Id && c.ErasedAt == null))
            .Join(db.Programmes, a => a.ProgrammeId, p => p.Id, (a, p) => new { a.TaskKey, Programme = p })
            .ToListAsync(ct);
        await runtime.KnowEveryDefinitionAsync(ct);
        // Open tasks with their overdue flag come from each programme's agenda; finished ones stay as history.
        return rows
            .Where(r => user.CanRead(r.Programme.ParticipantId))
            .GroupBy(r => r.Programme.Id)
            .SelectMany(g =>
            {
                var programme = g.First().Programme;
                return Agenda.Of(runtime.EngineFor(programme).Definition, programme.State, runtime.Today).TasksOf(g.Select(r => r.TaskKey).ToHashSet(StringComparer.Ordinal))
                    .Select(t => new MyTask(programme.Id, programme.ParticipantName, t.Task.Key, t.Name, t.Task.StageKey, t.Task.Status, t.Task.Due, t.Overdue));
            })
            .OrderBy(t => t.Status is TaskItemStatus.Done or TaskItemStatus.NotApplicable).ThenBy(t => t.Due)
            .ToList();
    }
}

public static partial class ProgrammeEndpoints
{
    public static async Task<Ok<IReadOnlyList<MyTask>>> ListMyTasks(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListMyTasks(), ct));
}
