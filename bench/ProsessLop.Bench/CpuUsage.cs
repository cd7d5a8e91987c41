using System.Diagnostics;
using System.Globalization;

namespace ProsessLop.Bench;

/// CPU time (Linux /proc, in clock ticks of 10 ms) of the host process, the PostgreSQL cluster
/// (postmaster and its children), this bench process, and the whole machine — to show where a
/// command's time goes on a small shared machine.
internal readonly record struct CpuUsage(double Host, double Postgres, double Bench, double MachineBusy, double MachineTotal)
{
    private const double Tick = 0.01;

    public static CpuUsage Sample(int hostPid, int postmasterPid)
    {
        var postgres = 0.0;
        if (postmasterPid > 0)
        {
            postgres = ProcessTicks(postmasterPid);
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat && stat.Parent == postmasterPid)
                {
                    postgres += stat.Ticks;
                }
            }
        }
        var (busy, total) = Machine();
        return new(hostPid > 0 ? ProcessTicks(hostPid) * Tick : 0, postgres * Tick, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, busy * Tick, total * Tick);
    }

    public static CpuUsage operator -(CpuUsage a, CpuUsage b) =>
        new(a.Host - b.Host, a.Postgres - b.Postgres, a.Bench - b.Bench, a.MachineBusy - b.MachineBusy, a.MachineTotal - b.MachineTotal);

    public string Describe(TimeSpan elapsed, int commands)
    {
        var perCommand = 1000.0 / Math.Max(1, commands);
        var other = MachineBusy - Host - Postgres - Bench;
        return string.Create(CultureInfo.InvariantCulture,
            $"host {Host:F1} s ({Host * perCommand:F2} ms/command), postgres {Postgres:F1} s ({Postgres * perCommand:F2} ms/command), bench client {Bench:F1} s, " +
            $"everything else on the machine {Math.Max(0, other):F1} s; machine busy {100 * MachineBusy / Math.Max(0.01, MachineTotal):F0} % of {Environment.ProcessorCount} cores over {elapsed.TotalSeconds:F1} s");
    }

    private static double ProcessTicks(int pid) => Stat(pid)?.Ticks ?? 0;

    private static (int Parent, double Ticks)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may contain spaces) in parentheses.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture),
                double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static (double Busy, double Total) Machine()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = cpu[3] + cpu[4];
        var total = cpu.Take(8).Sum();
        return (total - idle, total);
    }
}
