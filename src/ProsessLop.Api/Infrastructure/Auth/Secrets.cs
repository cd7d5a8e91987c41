using System.Security.Cryptography;
using System.Text;

namespace ProsessLop.Api.Infrastructure.Auth;

/// Secrets shown once (calendar feed URLs, invitation links, personal access tokens): 256 random
/// bits, URL-safe; only their SHA-256 is stored, so a database leak hands out nothing that works.
public static class Secrets
{
    public static string New(string prefix = "") => prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
