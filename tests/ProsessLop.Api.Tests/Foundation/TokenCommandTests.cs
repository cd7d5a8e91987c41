using System.Diagnostics;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Postgres;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

/// The README's `TOKEN=$(dotnet run … -- token …)` must leave exactly the token in the variable.
public sealed partial class TokenCommandTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [GeneratedRegex(@"\A[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\z")]
    private static partial Regex Jwt();

    private static string Root => RepositoryRoot.Find(AppContext.BaseDirectory);

    [Fact]
    public async Task TokenSubcommand_PrintsExactlyOneJwtLine_ThatTheApiAccepts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = ProsessApp.SigningKey }).Build();
        using var output = new StringWriter();
        using var errors = new StringWriter();

        Assert.Equal(0, TokenCommand.Run(configuration, ["--role", "coordinator", "--participant", "1804"], output, errors));

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal(2, lines.Length);
        Assert.Equal("", lines[1]);
        Assert.Matches(Jwt(), lines[0]);
        Assert.Equal("", errors.ToString());
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", lines[0]);
        // Outside the demo sign-in the token says who (its subject), memberships say what: none yet.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/municipalities?county=18")).StatusCode);
        TestPeople.Ensure(app.ConnectionString, "demo-coordinator-1804", "Demo koordinator", Roles.Coordinator, ["1804"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/municipalities?county=18")).StatusCode);
    }

    [Fact]
    public void TokenSubcommand_WritesMessagesToStandardError_NotIntoTheToken()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        Assert.Equal(2, TokenCommand.Run(new ConfigurationBuilder().Build(), ["--role", "owner"], output, errors));
        Assert.Equal("", output.ToString());
        Assert.Contains("SigningKey", errors.ToString(), StringComparison.Ordinal);
    }

    /// Runs the README's own line in a shell, as someone trying the API would, and checks the
    /// variable against the Development signing key.
    [Fact]
    public async Task ReadmeTokenLine_LeavesExactlyTheTokenInTheVariable()
    {
        var readme = await File.ReadAllLinesAsync(Path.Combine(Root, "README.md"));
        var line = Assert.Single(readme, l => l.StartsWith("TOKEN=$(dotnet run", StringComparison.Ordinal));
        var captured = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("bash", ["-c", $"{line} && printf '%s' \"$TOKEN\" > '{captured}'"]) { WorkingDirectory = Root };
            // A person's shell: no environment from the test host's own run.
            foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH" })
            {
                start.Environment.Remove(name);
            }

            using var shell = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            await shell.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, shell.ExitCode);

            var token = await File.ReadAllTextAsync(captured);
            Assert.Matches(Jwt(), token);
            var settings = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Root, "src/ProsessLop.Api/appsettings.Development.json"))).RootElement;
            var key = settings.GetProperty("Auth").GetProperty("SigningKey").GetString()!;
            var defaults = new AuthOptions();
            new JwtSecurityTokenHandler().ValidateToken(token, new TokenValidationParameters
            {
                IssuerSigningKey = LocalTokens.Key(key),
                ValidIssuer = defaults.Issuer,
                ValidAudience = defaults.Audience,
            }, out _);
        }
        finally
        {
            File.Delete(captured);
        }
    }
}
