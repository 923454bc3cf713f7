using System.Diagnostics;
using NasDsl.Devices;
using NasDsl.Benchmarks;
using NasDsl.Search;
using static TorchSharp.torch;

Settings settings;
try
{
    settings = Settings.Parse(args);
}
catch (HelpRequested)
{
    Console.WriteLine(Settings.Usage);
    return 0;
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Settings.Usage);
    return 2;
}

// libgomp's threads spin after every parallel region; on a machine shared with other work that steals the cores
// the main thread needs and makes 2-thread timings erratic. Passive waiting must be chosen before libtorch loads.
var waitPolicy = OpenMp.PreferPassiveWaiting();
// What NasDsl set when it loaded (the sample's processes get the same); called again, it only reports it.
var nativeHeap = NativeHeap.PreferRetainingFreedMemory();
set_num_threads(settings.Threads);
var total = Stopwatch.StartNew();
var report = new Report(settings, Machine.Describe(settings.Threads, waitPolicy, nativeHeap));
Console.WriteLine($"NasDsl benchmarks ({(settings.Quick ? "quick" : "full")}): {report.Machine}");

bool Wants(string section) => settings.Sections.Contains(section, StringComparer.OrdinalIgnoreCase);

// Memory first, while nothing else has used the heap.
if (Wants("memory"))
{
    Console.WriteLine($"Memory: Rnn search, 5 epochs of {settings.MemoryStepsPerEpoch} steps …");
    report.Memory = MemoryBenchmark.Run(new SearchOptions { BatchSize = settings.BatchSize, Seed = 3 }, settings.MemoryStepsPerEpoch);
}

if (Wants("generator"))
{
    Console.WriteLine($"Generator: {settings.GeneratorRepetitions} timed runs over samples/ActivationSearch/Spaces.cs …");
    report.Generator = GeneratorBenchmark.Run(settings.GeneratorRepetitions);
}

if (Wants("steps"))
{
    Console.WriteLine($"Steps: batch {settings.BatchSize}, {settings.WarmupSteps} warm-up steps, then {settings.Rounds} interleaved rounds of {settings.BlockSteps} steps per variant …");
    foreach (var shape in settings.Shapes)
    {
        foreach (var space in settings.Spaces)
        {
            var (results, ratios) = StepBenchmark.Run(space, shape, settings, withFloor: space == settings.Spaces[^1], Console.WriteLine);
            report.Steps.AddRange(results);
            report.Ratios.AddRange(ratios);
        }
    }
}

if (Wants("process"))
{
    // 300 steps between the runs and five pairs: one pair's difference moved by ±3 ms per step with 150 steps and three.
    var (shortSteps, longSteps) = settings.Quick ? (5, 25) : (10, 310);
    Console.WriteLine($"Process: the sample's Rnn search as a user runs it, {shortSteps} and {longSteps} steps, alternating …");
    report.Process = ProcessBenchmark.Run(shortSteps, longSteps, settings.Quick ? 1 : 5, settings.Threads, Console.WriteLine);
}

if (Wants("levers"))
{
    Console.WriteLine("Levers: thread count, interleaved …");
    report.Levers.AddRange(NasDsl.Benchmarks.Levers.LeverBenchmark.Run(settings, Console.WriteLine));
}

if (Wants("data"))
{
    Console.WriteLine("Data: loading Fashion-MNIST and iterating one epoch of batches …");
    report.Data = DataBenchmark.Run(settings.BatchSize);
}

report.PeakResidentMiB = ProcessMemory.PeakResidentMiB();
report.TotalSeconds = total.Elapsed.TotalSeconds;
report.LoadAverageAtEnd = Machine.LoadAverageNow();
Console.WriteLine();
Console.Write(report.Table());
if (settings.OutPath is { } path)
{
    report.WriteJson(path);
    Console.WriteLine($"Full numbers: {Path.GetFullPath(path)}");
}
return 0;
