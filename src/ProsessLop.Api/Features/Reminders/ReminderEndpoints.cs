using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Features.Reminders;

public static partial class ReminderEndpoints
{
    public static IEndpointRouteBuilder MapReminders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reminders/nobody-to-send-to", ListNobodyToSendTo).WithTags("Notifications").WithName(nameof(ListNobodyToSendTo))
            .RequireAuthorization(Policies.Owner);
        return app;
    }
}
