using Hangfire.Dashboard;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Infrastructure.Jobs;

/// The Hangfire dashboard shows job arguments and can retry or delete jobs: programme owners
/// only, in every environment (not Hangfire's "local requests" default).
public sealed class OwnerDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Owner);
}
