using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Reminders;

/// Reminders the sweep claimed but could send to nobody of the participant (no coordinator and
/// no assignee with an e-mail address): for owners, so a participant without contacts is seen
/// instead of silently never hearing of its deadlines. Newest first.
public sealed record ListNobodyToSendTo : IQuery<IReadOnlyList<UndeliverableReminder>>;

public sealed record UndeliverableReminder(
    Guid ProgrammeId, string ParticipantId, string ParticipantName, string ItemKey, string ItemName, string RuleKey, DateOnly Due, DateOnly SendOn, DateTimeOffset SentAt);

public sealed class ListNobodyToSendToHandler(ProsessDb db, ProgrammeRuntime runtime) : IQueryHandler<ListNobodyToSendTo, IReadOnlyList<UndeliverableReminder>>
{
    public async ValueTask<IReadOnlyList<UndeliverableReminder>> Handle(ListNobodyToSendTo query, CancellationToken ct)
    {
        var deliveries = await db.ReminderDeliveries.AsNoTracking()
            .Where(d => d.Recipients == 0)
            .OrderByDescending(d => d.SentAt)
            .Take(500)
            .ToListAsync(ct);
        var ids = deliveries.Select(d => d.ProgrammeId).Distinct().ToList();
        var programmes = await db.Programmes.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

        // Item names as people read them, from the programme's own definition version (the core's ItemNames).
        await runtime.KnowEveryDefinitionAsync(ct);
        var definitions = programmes.Values.ToDictionary(p => p.Id, p => runtime.EngineFor(p).Definition);
        return [.. deliveries.Where(d => programmes.ContainsKey(d.ProgrammeId)).Select(d =>
        {
            var programme = programmes[d.ProgrammeId];
            return new UndeliverableReminder(d.ProgrammeId, programme.ParticipantId, programme.ParticipantName, d.ItemKey,
                ItemNames.Item(definitions[d.ProgrammeId], programme.State, d.ItemKey), d.RuleKey, d.Due, d.SendOn, d.SentAt);
        })];
    }
}

public static partial class ReminderEndpoints
{
    public static async Task<Ok<IReadOnlyList<UndeliverableReminder>>> ListNobodyToSendTo(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListNobodyToSendTo(), ct));
}
