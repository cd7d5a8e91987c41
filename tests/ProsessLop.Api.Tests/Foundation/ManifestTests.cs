using System.Diagnostics;
using ProsessLop.Api.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

/// deploy/k8s is validated offline, as it would be applied: each overlay resolved with its
/// patches, every object checked against Kubernetes' schemas (kubernetes-models), CloudNativePG's
/// (schemas/), the project's rules and the references between objects, by
/// deploy/k8s/validate/validate.mjs. Needs Node.js (`.ci/run` installs it); the npm packages are
/// installed from the lockfile when missing.
public sealed class ManifestTests
{
    private static readonly string Validator = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "deploy", "k8s", "validate");

    private static readonly Lazy<Task> Installed = new(InstallAsync);

    [Fact]
    public async Task Overlays_AreValid_AsTheyWouldBeApplied()
    {
        var (exit, output) = await ValidateAsync();

        Assert.True(exit == 0, output);
        Assert.Contains("overlays/dev: valid", output, StringComparison.Ordinal);
        Assert.Contains("overlays/prod: valid", output, StringComparison.Ordinal);
        Assert.Contains("overlays/prod-restore: valid", output, StringComparison.Ordinal);
        Assert.Contains("Cluster, ObjectStore, ScheduledBackup", output, StringComparison.Ordinal);
        if (OnPath("kubectl"))
        {
            // Our resolver of the kustomizations gives exactly what kubectl's kustomize gives.
            Assert.Equal(3, output.Split("kubectl kustomize resolves it the same").Length - 1);
        }
    }

    [Fact]
    public async Task BrokenManifests_AreRejected_NamingTheProblem()
    {
        var (exit, output) = await ValidateAsync("fixtures/broken-overlay", "fixtures/broken-cnpg.yaml", "fixtures/broken-policy.yaml");

        Assert.Equal(1, exit);
        // Kubernetes' schema, after the overlay's patch: the base alone is valid.
        Assert.Contains("fixtures/broken-overlay: Deployment/prosesslop-web (../base/web.yaml): /spec/replicas must be integer", output, StringComparison.Ordinal);
        Assert.Contains("Deployment/prosesslop-web (../base/web.yaml): /spec/template/spec/containers/0 has an unknown field \"readinesProbe\"", output, StringComparison.Ordinal);
        Assert.Contains("Deployment/prosesslop-jobs (../base/jobs.yaml): container jobs: no image", output, StringComparison.Ordinal);
        // CloudNativePG's: a misspelt field, an unknown enum value, a CronJob-style schedule.
        Assert.Contains("Cluster/broken-db (fixtures/broken-cnpg.yaml): /spec must NOT have additional properties (\"walStorag\")", output, StringComparison.Ordinal);
        Assert.Contains("/spec/postgresql/synchronous/method must be equal to one of the allowed values (any, first)", output, StringComparison.Ordinal);
        Assert.Contains("ScheduledBackup/broken-nightly (fixtures/broken-cnpg.yaml): /spec/schedule must match pattern", output, StringComparison.Ordinal);
        // The project's rules.
        Assert.Contains("env Auth__SigningKey has a literal value; it must come from a Secret", output, StringComparison.Ordinal);
        Assert.Contains("securityContext.runAsNonRoot must be true", output, StringComparison.Ordinal);
        Assert.Contains("securityContext.readOnlyRootFilesystem must be true", output, StringComparison.Ordinal);
        Assert.Contains("container web: livenessProbe is required", output, StringComparison.Ordinal);
        Assert.DoesNotContain(": valid,", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> ValidateAsync(params string[] targets)
    {
        await Installed.Value;
        return await RunAsync("node", ["validate.mjs", .. targets]);
    }

    /// `npm ci` from the committed lockfile when node_modules is missing or older than the lockfile.
    private static async Task InstallAsync()
    {
        Assert.True(OnPath("node") && OnPath("npm"), "Node.js and npm are needed to validate deploy/k8s: apt-get install nodejs npm (.ci/run does).");
        var installed = Path.Combine(Validator, "node_modules", ".package-lock.json");
        if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(Path.Combine(Validator, "package-lock.json")))
        {
            return;
        }

        var (exit, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"]);
        Assert.True(exit == 0, $"npm ci in {Validator} failed:\n{output}");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = Validator,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, program)));
}
