using System.Globalization;
using ProsessLop.Api.Infrastructure.Postgres;

namespace ProsessLop.Api.Infrastructure.Auth;

/// Whether the local signing key may be used. Anyone holding it can mint owner tokens, so
/// outside Development it must be random (at least 256 bits) and not a value anyone could
/// read in this repository. Development keeps its fixed key so `dotnet run` just works.
public static class SigningKeys
{
    public const string Setting = "Auth__SigningKey";

    /// At least 256 bits, as HS256 wants (RFC 7518 §3.2) and ASVS 6.2 expects of a key.
    public const int MinimumBytes = 32;

    public const string HowToGenerate = "openssl rand -base64 48";

    /// Every key that has ever been committed: the development key, the old compose default, and
    /// those the tests and benchmarks used before they generated theirs. The development key is
    /// also read from appsettings.Development.json, so changing it there cannot slip past.
    /// `KnownKeysTests` scans the repository for any other value.
    public static readonly IReadOnlyList<string> Committed =
    [
        "development-only-signing-key-change-me",
        "change-me-before-any-real-use",
        "test-signing-key-for-prosesslop",
        "bench-key",
        "bench-runtime-key",
    ];

    /// The committed keys plus the one in appsettings.Development.json beside the host, if any.
    public static IReadOnlyList<string> Known(string contentRoot)
    {
        var development = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(contentRoot, "appsettings.Development.json"), optional: true)
            .Build()[$"{AuthOptions.Section}:{nameof(AuthOptions.SigningKey)}"];
        return string.IsNullOrWhiteSpace(development) ? Committed : [.. Committed, development];
    }

    /// Refuses to start outside Development with a key that is missing (and no authority),
    /// known, or too weak. One line that names the setting and says how to make a good key.
    public static void Check(AuthOptions options, IHostEnvironment environment)
    {
        var hasAuthority = options.AllProviders().Count > 0;
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            if (!hasAuthority)
            {
                throw new StartupException(
                    $"No way to validate sign-in tokens: set Auth__Providers__<name>__Authority (OpenID Connect; or Auth__Authority) or {Setting} (local tokens; generate one with `{HowToGenerate}`).");
            }

            return;
        }

        if (environment.IsDevelopment())
        {
            return;
        }

        var weakness = Weakness(options.SigningKey, Known(environment.ContentRootPath));
        if (weakness is not null)
        {
            throw new StartupException(
                $"{Setting} cannot be used outside Development: {weakness}. Generate a random key with `{HowToGenerate}` " +
                "and pass it through the environment (or a secret store), or configure an OpenID Connect provider (Auth__Providers__<name>__Authority) and remove the key.");
        }
    }

    /// Why a key is unsafe, or null when it is a random key of at least 256 bits. Entropy cannot
    /// be measured, so the key must be the base64 or hex encoding of at least 32 bytes, and not
    /// look like text or a pattern (a long word that happens to be valid base64).
    public static string? Weakness(string key, IEnumerable<string> known)
    {
        key = key.Trim();
        if (known.Any(k => string.Equals(k.Trim(), key, StringComparison.Ordinal)))
        {
            return "it is a value written in the repository, known to anyone who has read it";
        }

        var (bytes, isHex) = Decode(key);
        if (bytes is null)
        {
            return $"it is not base64 or hex, so it is taken for a passphrase, which rarely holds {MinimumBytes * 8} bits of entropy";
        }

        if (bytes.Length < MinimumBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it holds {bytes.Length * 8} bits; at least {MinimumBytes * 8} are needed");
        }

        return LooksRandom(key.TrimEnd('='), isHex) ? null : "it does not look random (a pattern, or words)";
    }

    /// A random key of this length uses most of its alphabet (44 base64 characters about 32
    /// distinct ones, 64 hex characters all 16) and mixes its classes: about 40 % each of lower
    /// and upper case in base64, digits and letters in hex. Words are mostly lower case. Of a
    /// million generated keys these bounds refused 5 of 32 bytes and none of 48 (`openssl rand -base64 48`).
    private static bool LooksRandom(string key, bool isHex)
    {
        var distinct = key.Distinct().Count();
        if (isHex)
        {
            return distinct >= 10 && key.Any(char.IsAsciiDigit) && key.Any(char.IsAsciiLetter);
        }

        double Share(Func<char, bool> kind) => (double)key.Count(kind) / key.Length;
        var lower = Share(char.IsAsciiLetterLower);
        var upper = Share(char.IsAsciiLetterUpper);
        return distinct >= 16 && lower > 0 && upper > 0 && lower <= 0.75 && upper <= 0.75;
    }

    private static (byte[]? Bytes, bool IsHex) Decode(string key)
    {
        if (key.Length % 2 == 0 && key.All(char.IsAsciiHexDigit))
        {
            return (Convert.FromHexString(key), true);
        }

        // Standard or URL-safe base64, padded or not.
        var standard = key.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        if (standard.Length % 4 == 1)
        {
            return (null, false);
        }

        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        var buffer = new byte[standard.Length];
        return Convert.TryFromBase64String(standard, buffer, out var written) ? (buffer[..written], false) : (null, false);
    }
}
