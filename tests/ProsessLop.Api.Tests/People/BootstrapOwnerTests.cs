using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.People;

/// `dotnet ProsessLop.Api.dll bootstrap-owner --email …` on a new installation: the first owner
/// without any default password — a one-time link on standard output, taken by a sign-in.
public sealed class BootstrapOwnerTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ProsessLop.Api.dll"), "bootstrap-owner", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__ProsessLop"] = app.ConnectionString;
        start.Environment["Auth__SigningKey"] = ProsessApp.SigningKey;
        start.Environment["Email__BaseUrl"] = "https://prosesslop.example";
        start.Environment["Workflows__Directory"] = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "workflows");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task BootstrapOwner_PrintsAOneTimeLink_ThatMakesTheFirstSignInOwner()
    {
        var (exit, output, errors) = await RunAsync("--email", "Eva.Eier@KS.test", "--name", "Eva Eier");
        Assert.True(exit == 0, errors);
        var link = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim();
        Assert.StartsWith("https://prosesslop.example/invitasjon/", link);
        var token = link[(link.LastIndexOf('/') + 1)..];
        Assert.DoesNotContain(token, errors);
        Assert.Contains("eva.eier@ks.test", errors);

        var accepted = await app.SendAsync<Result<AcceptedInvitation>>(new AcceptInvitation(token, "entra", "tenant/eva"));
        Assert.True(accepted.Succeeded, accepted.Error?.Detail);
        var membership = await app.WithDbAsync(db => db.Memberships.SingleAsync(m => m.PersonId == accepted.Value!.PersonId));
        Assert.Equal((Roles.Owner, ScopeKind.Organisation, "KS"), (membership.Role, membership.ScopeKind, membership.ScopeId));

        // The owner's sign-in can now do what owners do.
        var eva = app.ClientForPerson(accepted.Value!.PersonId);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await eva.GetAsync("/api/people?q=eva")).StatusCode);
    }

    [Fact]
    public async Task BootstrapOwner_WithoutAnAddress_SaysHowToUseIt()
    {
        var (exit, output, errors) = await RunAsync();
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("Usage: bootstrap-owner --email", errors);
    }
}
