using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure;

namespace ProsessLop.Api.Features.Calendar;

public static partial class CalendarEndpoints
{
    public static IEndpointRouteBuilder MapCalendarFeeds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calendar-feeds").WithTags("Calendar").RequireAuthorization(Policies.Reader);
        group.MapPost("/", CreateCalendarFeed).WithName(nameof(CreateCalendarFeed)).CarriesSecret();
        group.MapGet("/", ListMyCalendarFeeds).WithName(nameof(ListMyCalendarFeeds));
        group.MapDelete("/{id:guid}", RevokeCalendarFeed).WithName(nameof(RevokeCalendarFeed));
        // The token in the path is the credential: calendar apps cannot sign in.
        app.MapGet("/calendar/{token}.ics", GetCalendar).WithTags("Calendar").WithName(nameof(GetCalendar)).AllowAnonymous();
        return app;
    }
}
