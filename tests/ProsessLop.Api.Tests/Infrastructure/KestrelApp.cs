using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ProsessLop.Api.Tests.Infrastructure;

/// The whole host on a real loopback port (Kestrel, not the in-memory test server): for a
/// browser, and for requests that only a real server sees.
public class KestrelApp : ProsessApp, IAsyncLifetime
{
    public KestrelApp()
    {
    }

    protected KestrelApp(string connectionString)
        : base(connectionString)
    {
    }

    public string BaseUrl { get; private set; } = "";

    public new virtual async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseRealPort();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    /// One request as raw bytes (no client library smooths it), the raw answer back.
    public async Task<string> RawAsync(string target)
    {
        var uri = new Uri(BaseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        return await new StreamReader(stream).ReadToEndAsync();
    }
}
