using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Features.Notifications;

public static partial class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/me/notifications").WithTags("Notifications").RequireAuthorization(Policies.Reader);
        mine.MapGet("/", ListMyNotifications).WithName(nameof(ListMyNotifications));
        mine.MapPost("/{id:guid}/read", MarkNotificationRead).WithName(nameof(MarkNotificationRead));
        app.MapGet("/api/outbox/failed", ListFailedDeliveries).WithTags("Notifications").WithName(nameof(ListFailedDeliveries))
            .RequireAuthorization(Policies.Owner);
        return app;
    }
}
