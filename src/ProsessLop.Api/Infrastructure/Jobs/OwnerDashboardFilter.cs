using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Infrastructure.Jobs;

/// The Hangfire dashboard shows job arguments and can retry or delete jobs: programme owners
/// only, in every environment (not Hangfire's "local requests" default).
public sealed class OwnerDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Owner);
}

public static class OwnerDashboard
{
    /// Hangfire answers a refused request with a bare 401/403; a person in a browser is sent
    /// to sign in (or told they have no access) as on every page. The filter stays the guard.
    public static void UseOwnerDashboardSignIn(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments(WebSecurity.DashboardPath), branch => branch.Use(async (http, next) =>
        {
            if (http.User.Identity?.IsAuthenticated != true)
            {
                await http.ChallengeAsync();
            }
            else if (!http.User.IsInRole(Roles.Owner))
            {
                await http.ForbidAsync();
            }
            else
            {
                await next(http);
            }
        }));
}
