namespace ProsessLop.Api.Infrastructure;

/// Strong ETags from a row version (PostgreSQL xmin): `"42"`.
public static class ETags
{
    public static string Format(uint version) => $"\"{version}\"";

    /// The version the client expects (If-Match), or null when it sent none or `*`.
    public static uint? IfMatch(HttpContext http)
    {
        var value = http.Request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0 || value == "*")
        {
            return null;
        }

        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        // An unparsable If-Match cannot match any version: 0 is never a row version.
        return uint.TryParse(value.Trim('"'), out var version) ? version : 0;
    }
}
