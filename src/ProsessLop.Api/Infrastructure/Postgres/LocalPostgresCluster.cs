using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ProsessLop.Api.Infrastructure.Postgres;

/// One PostgreSQL cluster started from the installed binaries. Shared by the Development
/// launcher (a cluster kept under the repository) and the test fallback (a throwaway cluster),
/// so both behave the same way, as root and as a normal user.
public sealed class LocalPostgresCluster
{
    public const string Superuser = "postgres";

    private readonly string _binDirectory;

    private LocalPostgresCluster(string binDirectory, string dataDirectory, int port)
    {
        _binDirectory = binDirectory;
        DataDirectory = dataDirectory;
        Port = port;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Database = database,
        }.ConnectionString;

    /// The folder with initdb and pg_ctl: the configured one, else the newest
    /// /usr/lib/postgresql/N/bin, else whatever PATH has. Null when none is installed.
    public static string? FindBinDirectory(string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")) && File.Exists(Path.Combine(d.Dir, "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    /// Starts (creating it first if needed) the cluster in <paramref name="dataDirectory"/> on a
    /// free loopback port. A cluster already running there (an earlier host that was killed) is
    /// reused on its port.
    public static async Task<LocalPostgresCluster> StartAsync(
        string binDirectory, string dataDirectory, bool durable, CancellationToken ct = default)
    {
        Directory.CreateDirectory(dataDirectory);
        var asRoot = IsRoot;
        if (asRoot)
        {
            // initdb and postgres refuse to run as root: the cluster belongs to the postgres user.
            await RunAsync("chown", ["-R", $"{Superuser}:{Superuser}", dataDirectory], asRoot: false, ct);
            await RunAsync("chmod", ["700", dataDirectory], asRoot: false, ct);
        }

        var running = RunningPort(dataDirectory);
        if (running is int existingPort && await AcceptsConnectionsAsync(existingPort, ct))
        {
            return new LocalPostgresCluster(binDirectory, dataDirectory, existingPort);
        }

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await RunAsync(Path.Combine(binDirectory, "initdb"),
                ["-D", dataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C"], asRoot, ct);
        }

        var port = FreePort();
        // No unix socket: repository paths can exceed the socket path limit, and TCP on
        // loopback is all we use. fsync stays on unless the caller asks for a throwaway cluster.
        var options = $"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300";
        if (!durable)
        {
            // The test run's cluster: every test class is a host of its own with its connection
            // pool and job workers, running in parallel, so it needs more connections than 300.
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000";
        }

        await RunAsync(Path.Combine(binDirectory, "pg_ctl"),
            ["-D", dataDirectory, "-l", Path.Combine(dataDirectory, "server.log"), "-o", options, "-w", "-t", "60", "start"],
            asRoot, ct);
        return new LocalPostgresCluster(binDirectory, dataDirectory, port);
    }

    public async Task StopAsync()
    {
        var asRoot = IsRoot;
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], asRoot, CancellationToken.None);
    }

    /// Synchronous stop for process-exit handlers, where async work is not awaited.
    public void Stop() => StopAsync().GetAwaiter().GetResult();

    private static int? RunningPort(string dataDirectory)
    {
        // postmaster.pid: line 1 pid, line 4 port (PostgreSQL documents the layout).
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        try
        {
            var lines = File.ReadAllLines(pidFile);
            if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port))
            {
                return null;
            }

            return Directory.Exists($"/proc/{pid}") ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(
                new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = Superuser, Database = "postgres", Timeout = 3 }.ConnectionString);
            await connection.OpenAsync(ct);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asRoot, CancellationToken ct)
    {
        var start = new ProcessStartInfo
        {
            FileName = asRoot ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The postgres user may not be allowed into the caller's working directory.
            WorkingDirectory = "/",
        };
        if (asRoot)
        {
            foreach (var a in new[] { "-u", Superuser, "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new LocalPostgresException(
                $"'{Path.GetFileName(file)} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
        }
    }

    private static bool IsRoot => Environment.UserName == "root";
}

public sealed class LocalPostgresException(string message) : Exception(message);
