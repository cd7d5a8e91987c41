using Mediator;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Features.People;

/// `dotnet ProsessLop.Api.dll bootstrap-owner --email a@ks.no --name "Kari Nordmann" [--organisation KS]`:
/// the first owner of a new installation, without any default password. It makes an owner
/// invitation (as the system) and prints its one-time link on standard output for the operator
/// to hand over (it is also mailed through the outbox); the first sign-in through the link makes
/// that person owner. Run it again to send a new link; the old one stops working.
public static class BootstrapOwner
{
    public const string DefaultOrganisation = "KS";

    public static async Task<int> RunAsync(WebApplication app, string[] args, TextWriter output, TextWriter errors)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var email = Arg("--email");
        if (string.IsNullOrWhiteSpace(email))
        {
            await errors.WriteLineAsync("Usage: bootstrap-owner --email <address> [--name <name>] [--organisation <owner organisation, default KS>]");
            return 2;
        }

        await app.PrepareDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var name = Arg("--name") ?? email;
        var sent = await mediator.Send(new Invite(email, name, Roles.Owner, null, Arg("--organisation") ?? DefaultOrganisation, null));
        if (!sent.Succeeded)
        {
            var fields = sent.Error.Fields is { } f ? " " + string.Join(" ", f.SelectMany(x => x.Value)) : "";
            await errors.WriteLineAsync($"{sent.Error.Detail}{fields}");
            return 1;
        }

        await errors.WriteLineAsync($"Owner invitation for {sent.Value.Email} ({sent.Value.ScopeId}), valid until {ShownTime.Date(sent.Value.ExpiresAt)}. Open this link once and sign in:");
        await output.WriteLineAsync(sent.Value.Link);
        return 0;
    }
}
