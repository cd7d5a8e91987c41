namespace ProsessLop.Api.Tests.Infrastructure;

/// Keeps cookies by hand. Outside Development the host marks every cookie Secure; over loopback
/// HTTP a browser still sends them back (Chromium counts 127.0.0.1 as secure), .NET's
/// CookieContainer does not. Every Set-Cookie header is kept as the host wrote it.
public sealed class LoopbackCookies : DelegatingHandler
{
    private readonly Dictionary<string, string> _cookies = [];

    public List<string> SetCookies { get; } = [];

    /// A cookie's current value, or sets one (to replay a copied cookie).
    public string? this[string name]
    {
        get => _cookies.GetValueOrDefault(name);
        set
        {
            if (value is null)
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A redirect handler outside this one copies the previous request's Cookie header.
        request.Headers.Remove("Cookie");
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await base.SendAsync(request, cancellationToken);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            SetCookies.Add(header);
            var pair = header.Split(';')[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            _cookies[pair[..equals]] = pair[(equals + 1)..];
        }

        return response;
    }
}
