using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace ProsessLop.Bench;

/// `smtp-sink --port P --log FILE [--delay-ms 0]`
///
/// A minimal SMTP server on loopback for the fault experiments: accepts every message, waits
/// --delay-ms before answering "250" to DATA (a slow server, so a job host can be killed while
/// the relay is half-way through a batch), and appends one line per accepted message to --log
/// (time, Message-Id, recipients) once the data is complete, just before the "250": a sender that
/// dies during the delay still has its message logged (the server has it; the sender never saw
/// the OK). No STARTTLS, no AUTH. Runs until killed.
internal static partial class SmtpSink
{
    public static async Task<int> Run(BenchOptions options)
    {
        var port = options.Int("port", 2525);
        var delay = TimeSpan.FromMilliseconds(options.Int("delay-ms", 0));
        var log = new StreamWriter(options.Required("log"), append: true) { AutoFlush = true };
        var gate = new SemaphoreSlim(1);
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Console.WriteLine($"smtp-sink: listening on 127.0.0.1:{port}, {delay.TotalMilliseconds} ms per message");
        while (true)
        {
            var client = await listener.AcceptTcpClientAsync();
            _ = Task.Run(() => ServeAsync(client, delay, log, gate));
        }
    }

    private static async Task ServeAsync(TcpClient client, TimeSpan delay, StreamWriter log, SemaphoreSlim gate)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.Latin1);
            var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 smtp-sink");
            var recipients = new List<string>();
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 smtp-sink");
                        break;
                    case "MAIL":
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        recipients.Add(Address().Match(line).Groups[1].Value);
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End with <CRLF>.<CRLF>");
                        var messageId = "";
                        while (await reader.ReadLineAsync() is { } data && data != ".")
                        {
                            if (messageId.Length == 0 && data.StartsWith("Message-Id:", StringComparison.OrdinalIgnoreCase))
                            {
                                messageId = data["Message-Id:".Length..].Trim().Trim('<', '>');
                            }
                        }
                        await Task.Delay(delay);
                        await gate.WaitAsync();
                        try
                        {
                            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                                $"{DateTimeOffset.UtcNow:O}\t{messageId}\t{string.Join(",", recipients)}"));
                        }
                        finally
                        {
                            gate.Release();
                        }
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }
        catch (IOException)
        {
            // The client went away (killed): nothing was acknowledged for the message in progress.
        }
    }

    [GeneratedRegex("<([^>]*)>")]
    private static partial Regex Address();
}
