using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NasDsl.Benchmarks;

/// <summary>The machine a run was made on.</summary>
internal sealed record Machine(string Cpu, int LogicalCores, int TorchThreads, string Os, string Runtime, string TorchSharp)
{
    public static Machine Describe(int threads)
    {
        var cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        var torchSharp = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?";
        return new Machine(cpu, Environment.ProcessorCount, threads, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, torchSharp);
    }

    public override string ToString() => $"{Cpu}, {LogicalCores} logical cores, {TorchThreads} torch threads, {Os}, {Runtime}, TorchSharp {TorchSharp}";
}

/// <summary>Everything one run measured: printed as a compact table, written as JSON.</summary>
internal sealed class Report(Settings settings, Machine machine)
{
    public Settings Settings { get; } = settings;

    public Machine Machine { get; } = machine;

    public DateTimeOffset Started { get; } = DateTimeOffset.Now;

    public double TotalSeconds { get; set; }

    public List<StepResult> Steps { get; } = [];

    public List<Ratio> Ratios { get; } = [];

    public MemoryResult? Memory { get; set; }

    public DataResult? Data { get; set; }

    public GeneratorResult? Generator { get; set; }

    /// <summary>VmHWM at the end of the run, MiB.</summary>
    public double? PeakResidentMiB { get; set; }

    public void WriteJson(string path)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter() },
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, JsonSerializer.Serialize(this, options));
    }

    public string Table()
    {
        var text = new StringBuilder();
        void Line(string s) => text.Append(s).Append('\n');
        string F(double v, string format = "F2") => v.ToString(format, CultureInfo.InvariantCulture);

        Line($"NasDsl benchmark ({(Settings.Quick ? "quick" : "full")}, batch {Settings.BatchSize}, {Settings.Threads} torch threads; {Machine.Cpu}, {Machine.LogicalCores} cores)");
        if (Steps.Count > 0)
        {
            Line("");
            Line($"{"space",-8} {"input",-8} {"step (ms per bilevel step)",-36} {"median",8} {"p10–p90",15} {"steps/s",8}");
            foreach (var r in Steps)
            {
                var m = r.Milliseconds;
                Line($"{r.Space,-8} {r.Input,-8} {StepBenchmark.Describe(r.Variant),-36} {F(m.Median),8} {F(m.P10) + "–" + F(m.P90),15} {F(m.PerSecond, "F1"),8}" +
                    (r.SkippedSteps > 0 ? $"  {r.SkippedSteps} skipped" : ""));
            }
            Line("");
            Line($"{"space",-8} {"input",-8} {"ratio of medians",-44} {"value",7} {"rounds min–max",15}");
            foreach (var r in Ratios)
                Line($"{r.Space,-8} {r.Input,-8} {r.Name,-44} {F(r.Value),7} {F(r.RoundMin) + "–" + F(r.RoundMax),15}");
        }
        if (Memory is { } memory)
        {
            Line("");
            Line($"memory: {memory.Space}, {memory.StepsPerEpoch} steps/epoch: VmRSS after epochs " +
                string.Join(", ", memory.ResidentMiBAfterEpoch.Where(p => p.Key is 1 or 2 or 5).Select(p => $"{p.Key}: {F(p.Value, "F0")} MiB")) +
                $" (epoch 5 vs 1: {F(memory.GrowthEpoch1To5 * 100, "+0.0;-0.0")} %); live tensors " +
                string.Join("/", memory.LiveTensorsAfterEpoch.Values) + $"; VmHWM {F(memory.PeakResidentMiB, "F0")} MiB");
        }
        if (PeakResidentMiB is { } peak) Line($"peak resident memory of the whole run (VmHWM): {F(peak, "F0")} MiB");
        if (Data is { } data)
        {
            Line($"data: {(data.FullSet ? "full Fashion-MNIST" : "Fashion-MNIST SUBSET (full set not installed)")}, {data.TrainSamples:N0} train samples: " +
                $"load {F(data.LoadSeconds)} s; one epoch of {data.Batches} batches without compute {F(data.EpochSeconds, "F3")} s ({F(data.MicrosecondsPerBatch, "F0")} µs/batch)");
        }
        if (Generator is { } g)
        {
            Line($"generator on Spaces.cs: full run median {F(g.FullRunMs.Median)} ms (p10–p90 {F(g.FullRunMs.P10)}–{F(g.FullRunMs.P90)}, n={g.Repetitions}), " +
                $"{g.GeneratedFiles} files, {g.CompilationErrors} compile errors; after an unrelated edit {F(g.IncrementalRunMs.Median)} ms, " +
                (g.UnrelatedEditReemitsNothing ? "nothing re-emitted" : "SOMETHING RE-EMITTED") +
                $" (outputs: {string.Join("; ", g.OutputStepReasons.Select(p => $"{p.Key} {p.Value}"))})");
        }
        Line($"total {F(TotalSeconds, "F0")} s");
        return text.ToString();
    }
}
