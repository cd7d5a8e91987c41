using System.Diagnostics;
using System.Globalization;
using ProsessLop.Bench;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

// A small harness: one named bench per argument, warm-up, several timed iterations, median and min.
// Benches that need a database or a running host take options after their name (see bench/README.md).
var benches = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["derived-status"] = _ => DerivedStatusBench.Run(),
    ["generate"] = options => GenerateCommand.Run(new BenchOptions(options)).GetAwaiter().GetResult(),
    ["http"] = options => HttpBench.Run(new BenchOptions(options)).GetAwaiter().GetResult(),
    ["overview"] = options => OverviewBench.Run(new BenchOptions(options)).GetAwaiter().GetResult(),
    ["paced"] = options => PacedBench.RunPaced(new BenchOptions(options)).GetAwaiter().GetResult(),
    ["burst"] = options => PacedBench.RunBurst(new BenchOptions(options)).GetAwaiter().GetResult(),
    ["definition-validate"] = _ => DefinitionValidateBench.Run(),
    ["studio"] = options => StudioBench.Run(new BenchOptions(options)).GetAwaiter().GetResult(),
    ["growth"] = options => GrowthBench.Run(new BenchOptions(options)).GetAwaiter().GetResult(),
    ["reminder-due"] = options => ReminderScaleBench.Run(new BenchOptions(options)).GetAwaiter().GetResult(),
    ["fault-load"] = options => FaultLoad.Run(new BenchOptions(options)).GetAwaiter().GetResult(),
    ["fault-verify"] = options => FaultVerify.Run(new BenchOptions(options)).GetAwaiter().GetResult(),
    ["smtp-sink"] = options => SmtpSink.Run(new BenchOptions(options)).GetAwaiter().GetResult(),
    ["trigger-job"] = options => TriggerJob.Run(new BenchOptions(options)).GetAwaiter().GetResult(),
};
var name = args.FirstOrDefault() ?? "derived-status";
if (!benches.TryGetValue(name, out var bench))
{
    Console.Error.WriteLine($"Unknown bench '{name}'. Known: {string.Join(", ", benches.Keys)}");
    return 1;
}
return bench(args.Skip(1).ToArray());

internal static class DerivedStatusBench
{
    // 357 municipalities × 20 cohorts of the default definition, in random but consistent states.
    public static int Run()
    {
        var definition = LoadDefault();
        var random = new Random(42);
        var today = new DateOnly(2027, 4, 12);
        var programmes = new List<ProgrammeState>(7140);
        for (var i = 0; i < 7140; i++)
        {
            var start = new DateOnly(2026, 8, 31).AddDays(-7 * random.Next(0, 60));
            var participant = new Participant(ParticipantKind.Municipality, i.ToString(CultureInfo.InvariantCulture), $"Kommune {i}", []);
            var state = ProgrammeState.Start(ProgrammeScheduler.Create(definition, participant, start));
            foreach (var task in state.Tasks)
            {
                task.Status = (TaskItemStatus)random.Next(0, 4);
            }
            foreach (var report in state.Reports)
            {
                report.Status = (ReportStatus)random.Next(0, 4);
            }
            state.CurrentStageIndex = random.Next(0, state.Stages.Count);
            for (var s = 0; s < state.Stages.Count; s++)
            {
                state.Stages[s].Status = s < state.CurrentStageIndex ? StageStatus.Completed : s == state.CurrentStageIndex ? StageStatus.Active : StageStatus.Locked;
            }
            programmes.Add(state);
        }

        var late = 0;
        for (var warmup = 0; warmup < 5; warmup++)
        {
            late = EvaluateAll(definition, programmes, today);
        }
        var timings = new List<double>();
        for (var iteration = 0; iteration < 15; iteration++)
        {
            var watch = Stopwatch.StartNew();
            EvaluateAll(definition, programmes, today);
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"derived-status: {programmes.Count} programmes ({late} late), median {timings[timings.Count / 2]:F1} ms, min {timings[0]:F1} ms over {timings.Count} iterations"));
        return 0;
    }

    private static int EvaluateAll(ProgrammeDefinition definition, List<ProgrammeState> programmes, DateOnly today)
    {
        var late = 0;
        foreach (var programme in programmes)
        {
            if (DerivedStatus.Evaluate(definition, programme, today).Status == Health.Late)
            {
                late++;
            }
        }
        return late;
    }

    // The bench reads the shipped file so it measures the real default programme.
    internal static ProgrammeDefinition LoadDefault()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "workflows", "fremtidens-kulturskole", "v1.json");
            if (File.Exists(path))
            {
                var result = DefinitionValidator.Validate(File.ReadAllText(path), "fremtidens-kulturskole/v1.json");
                return result.Definition ?? throw new InvalidOperationException(string.Join("; ", result.Problems));
            }
        }
        throw new FileNotFoundException("workflows/fremtidens-kulturskole/v1.json not found above " + AppContext.BaseDirectory);
    }
}

/// Validating the default definition in process (no HTTP): the whole validator, and the part of
/// it that schedules the definition for every sample start date (the schedule warnings).
internal static class DefinitionValidateBench
{
    public static int Run()
    {
        var definition = DerivedStatusBench.LoadDefault();
        var json = DefinitionJson.Write(definition);
        var participant = new Participant(ParticipantKind.Municipality, "", "", []);
        var starts = Enumerable.Range(0, 730).Select(d => new DateOnly(2026, 1, 1).AddDays(d)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToList();
        Measure("validate", () => DefinitionValidator.Validate(json, "bench"));
        Measure($"schedule x{starts.Count}", () =>
        {
            foreach (var start in starts)
            {
                ProgrammeScheduler.Create(definition, participant, start);
            }
        });
        return 0;
    }

    // Wall-clock median and min, and CPU time per call (the process's, over all iterations):
    // on a shared machine the CPU time is the steadier figure.
    private static void Measure(string name, Action work)
    {
        for (var i = 0; i < 5; i++)
        {
            work();
        }

        var timings = new List<double>();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        for (var i = 0; i < 30; i++)
        {
            var watch = Stopwatch.StartNew();
            work();
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }

        process.Refresh();
        var cpuPerCall = (process.TotalProcessorTime - cpu).TotalMilliseconds / timings.Count;
        timings.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: median {timings[timings.Count / 2]:F2} ms, min {timings[0]:F2} ms, CPU {cpuPerCall:F2} ms per call over {timings.Count} iterations"));
    }
}
