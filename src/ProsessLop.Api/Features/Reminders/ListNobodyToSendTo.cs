using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Reminders;

/// Reminders the sweep claimed but could send to nobody of the participant (no coordinator and
/// no assignee with an e-mail address): for owners, so a participant without contacts is seen
/// instead of silently never hearing of its deadlines. Newest first.
public sealed record ListNobodyToSendTo : IQuery<IReadOnlyList<UndeliverableReminder>>;

public sealed record UndeliverableReminder(
    Guid ProgrammeId, string ParticipantId, string ParticipantName, string ItemKey, string RuleKey, DateOnly Due, DateOnly SendOn, DateTimeOffset SentAt);

public sealed class ListNobodyToSendToHandler(ProsessDb db) : IQueryHandler<ListNobodyToSendTo, IReadOnlyList<UndeliverableReminder>>
{
    public async ValueTask<IReadOnlyList<UndeliverableReminder>> Handle(ListNobodyToSendTo query, CancellationToken ct) =>
        await db.ReminderDeliveries.AsNoTracking()
            .Where(d => d.Recipients == 0)
            .OrderByDescending(d => d.SentAt)
            .Take(500)
            .Join(db.Programmes, d => d.ProgrammeId, p => p.Id, (d, p) =>
                new UndeliverableReminder(d.ProgrammeId, p.ParticipantId, p.ParticipantName, d.ItemKey, d.RuleKey, d.Due, d.SendOn, d.SentAt))
            .ToListAsync(ct);
}

public static partial class ReminderEndpoints
{
    public static async Task<Ok<IReadOnlyList<UndeliverableReminder>>> ListNobodyToSendTo(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListNobodyToSendTo(), ct));
}
