using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Features.Notifications;

/// What a person sees in the app when signed in: reminders and other messages addressed to
/// their sign-in subject.
public sealed class Notification
{
    public Guid Id { get; init; }
    public required string RecipientSubject { get; init; }
    public Guid? ProgrammeId { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public string? Link { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }
}

internal sealed class NotificationMap : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> e)
    {
        e.ToTable("notifications");
        e.Property(n => n.RecipientSubject).HasMaxLength(200);
        e.Property(n => n.Title).HasMaxLength(300);
        e.Property(n => n.Body).HasMaxLength(4000);
        e.Property(n => n.Link).HasMaxLength(500);
        e.HasIndex(n => new { n.RecipientSubject, n.CreatedAt });
    }
}

public sealed record ListMyNotifications(bool UnreadOnly) : IQuery<IReadOnlyList<NotificationView>>;

public sealed record NotificationView(Guid Id, Guid? ProgrammeId, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed class ListMyNotificationsHandler(ProsessDb db, ICurrentUser user) : IQueryHandler<ListMyNotifications, IReadOnlyList<NotificationView>>
{
    public async ValueTask<IReadOnlyList<NotificationView>> Handle(ListMyNotifications query, CancellationToken ct) =>
        await db.Notifications.AsNoTracking()
            .Where(n => n.RecipientSubject == user.Id && (!query.UnreadOnly || n.ReadAt == null))
            .OrderByDescending(n => n.CreatedAt)
            .Take(200)
            .Select(n => new NotificationView(n.Id, n.ProgrammeId, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt))
            .ToListAsync(ct);
}

public sealed record MarkNotificationRead(Guid Id) : ICommand<Result<NotificationView>>;

public sealed class MarkNotificationReadHandler(ProsessDb db, ICurrentUser user, TimeProvider clock) : ICommandHandler<MarkNotificationRead, Result<NotificationView>>
{
    public async ValueTask<Result<NotificationView>> Handle(MarkNotificationRead command, CancellationToken ct)
    {
        // Only the recipient's own notifications exist for them: anything else is 404.
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == command.Id && n.RecipientSubject == user.Id, ct);
        if (notification is null)
        {
            return Error.NotFound(Workflow.Engine.Vocabulary.Format(Texts.Notification_NotFound, command.Id));
        }

        notification.ReadAt ??= clock.GetUtcNow();
        return new NotificationView(notification.Id, notification.ProgrammeId, notification.Title, notification.Body, notification.Link, notification.CreatedAt, notification.ReadAt);
    }
}

public static partial class NotificationEndpoints
{
    public static async Task<Ok<IReadOnlyList<NotificationView>>> ListMyNotifications(bool? unread, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListMyNotifications(unread ?? false), ct));

    public static async Task<Results<Ok<NotificationView>, ProblemHttpResult>> MarkNotificationRead(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new MarkNotificationRead(id), ct)).Match(n => TypedResults.Ok(n));

}
