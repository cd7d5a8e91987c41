using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Postgres;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Security;

/// Outside Development the host refuses a signing key that anyone could know or guess:
/// such a key lets whoever holds it mint owner tokens.
public sealed partial class SigningKeyTests
{
    private static readonly string Repository = RepositoryRoot.Find(AppContext.BaseDirectory);
    private static readonly string HostDirectory = Path.Combine(Repository, "src", "ProsessLop.Api");
    private static readonly string DevelopmentKey = SigningKeys.Committed[0];

    /// The host composed as Program.cs does it, up to the point where the key is checked.
    private static void Compose(string environment, string? signingKey)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = HostDirectory,
        });
        builder.Configuration["ConnectionStrings:ProsessLop"] = "Host=unused";
        builder.Configuration["Auth:SigningKey"] = signingKey;
        builder.AddProsessLop();
    }

    /// The check alone, for the cases where the host would go on to connect to its database.
    private static void Check(string environment, string? signingKey, string? authority = null) =>
        SigningKeys.Check(new AuthOptions { SigningKey = signingKey, Authority = authority }, new TestHostEnvironment(environment, HostDirectory));

    private static string RandomBase64(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    [Theory]
    [InlineData("development-only-signing-key-change-me")]
    [InlineData("change-me-before-any-real-use")]
    public void InProduction_AKeyFromTheRepository_StopsTheHost_NamingTheSetting(string key)
    {
        var e = Assert.Throws<StartupException>(() => Compose("Production", key));
        Assert.Contains("Auth__SigningKey", e.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 48", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void InProduction_NoKeyAndNoAuthority_StopsTheHost_NamingBothSettings()
    {
        var e = Assert.Throws<StartupException>(() => Compose("Production", null));
        Assert.Contains("Auth__SigningKey", e.Message, StringComparison.Ordinal);
        Assert.Contains("Auth__Authority", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InProduction_TheDemoSignIn_StopsTheHost_NamingTheSetting()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = HostDirectory });
        builder.Configuration["ConnectionStrings:ProsessLop"] = "Host=unused";
        builder.Configuration["Auth:SigningKey"] = RandomBase64(48);
        builder.Configuration["Auth:DevelopmentSignIn"] = "true";
        var e = Assert.Throws<StartupException>(builder.AddProsessLop);
        Assert.Contains("Auth__DevelopmentSignIn", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InProduction_ARandomKey_OrAnAuthority_Starts()
    {
        Check("Production", RandomBase64(48));
        Check("Staging", RandomBase64(32));
        Check("Production", null, authority: "https://login.example.no");
    }

    [Fact]
    public void InDevelopment_TheFixedDevelopmentKey_StillWorks_ForANewcomer()
    {
        Check("Development", DevelopmentKey);
        Assert.Equal(DevelopmentKey, new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(HostDirectory, "appsettings.Development.json")).Build()["Auth:SigningKey"]);
    }

    public static TheoryData<string> WeakKeys() => new()
    {
        "hemmelig",
        "correct horse battery staple and then some more words",   // a passphrase, not an encoded key
        Convert.ToHexString(RandomNumberGenerator.GetBytes(31)),    // 248 bits
        RandomBase64(24),                                           // 192 bits
        new string('A', 64),                                        // valid base64, 384 bits, no entropy
        "AbcdAbcdAbcdAbcdAbcdAbcdAbcdAbcdAbcdAbcdAbcdAbcd",         // a pattern
        "thesigningkeyforprosesslopthatnobodywilleverguessreally",  // a long word that decodes as base64
        "WrittenInTheRepository_IsRefusedOutsideDevelopment",       // words in camel case, valid base64url
        new string('1', 32) + new string('2', 32),                  // hex digits only
        "  " + DevelopmentKey + " ",
    };

    [Theory]
    [MemberData(nameof(WeakKeys))]
    public void WeakKeys_AreRefused(string key) =>
        Assert.NotNull(SigningKeys.Weakness(key, SigningKeys.Committed));

    [Fact]
    public void RandomKeysOf256BitsOrMore_AreAccepted_InAnyCommonEncoding()
    {
        // Seeded, so the run is the same every time: the bounds refuse a few generated 32-byte keys in
        // a million, and a test must not fail by chance.
        var random = new Random(20261130);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[32 + (i % 33)];
            random.NextBytes(bytes);
            foreach (var key in new[]
            {
                Convert.ToBase64String(bytes),
                Convert.ToBase64String(bytes).TrimEnd('='),
                Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_'),
                Convert.ToHexString(bytes),
                Convert.ToHexString(bytes).ToLowerInvariant(),
            })
            {
                Assert.True(SigningKeys.Weakness(key, SigningKeys.Committed) is null, $"{key}: {SigningKeys.Weakness(key, SigningKeys.Committed)}");
            }
        }
    }

    [Fact]
    public void TheDevelopmentKey_IsKnown_EvenWhenSomeoneMakesItLong()
    {
        // appsettings.Development.json is in the repository: whatever key it holds is known.
        var contentRoot = Directory.CreateTempSubdirectory().FullName;
        var committed = RandomBase64(48);
        File.WriteAllText(Path.Combine(contentRoot, "appsettings.Development.json"), $$"""{ "Auth": { "SigningKey": "{{committed}}" } }""");

        Assert.Contains(committed, SigningKeys.Known(contentRoot));
        Assert.Null(SigningKeys.Weakness(committed, SigningKeys.Committed));
        Assert.NotNull(SigningKeys.Weakness(committed, SigningKeys.Known(contentRoot)));
    }

    /// A guard: every signing key written anywhere in the repository (settings, compose, scripts,
    /// tests, docs) is refused outside Development — either too weak or listed as known.
    [Fact]
    public void EverySigningKeyWrittenInTheRepository_IsRefusedOutsideDevelopment()
    {
        var skip = new[] { ".git", "bin", "obj", "artifacts", ".local", "node_modules", "axe" };
        var found = new List<(string File, string Value)>();
        foreach (var file in Directory.EnumerateFiles(Repository, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repository, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(skip.Contains) || new FileInfo(file).Length > 1_000_000)
            {
                continue;
            }

            foreach (Match m in KeyAssignment().Matches(File.ReadAllText(file)))
            {
                found.Add((relative, m.Groups["value"].Value));
            }
        }

        Assert.Contains(found, f => f.Value == DevelopmentKey);
        var accepted = found.Where(f => SigningKeys.Weakness(f.Value, SigningKeys.Known(HostDirectory)) is null).ToList();
        Assert.True(accepted.Count == 0, "Signing keys in the repository that a Production host would accept (add them to SigningKeys.Committed):\n" +
            string.Join("\n", accepted.Select(a => $"{a.File}: {a.Value}")));
    }

    // SigningKey / Auth__SigningKey / signing-key, then = : or , (JSON, env, YAML, C#, command line), then a literal.
    [GeneratedRegex("""signing[-_]?key["']?\s*[:=,]?\s*["']?(?<value>[^\s"'$;,(){}]{4,})""", RegexOptions.IgnoreCase)]
    private static partial Regex KeyAssignment();
}
