using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NasDsl.Benchmarks;

/// <summary>The machine a run was made on.</summary>
internal sealed record Machine(string Cpu, int LogicalCores, int TorchThreads, string OmpWaitPolicy, string NativeHeap, double? LoadAverage, string Os, string Runtime, string TorchSharp)
{
    public static Machine Describe(int threads, string waitPolicy, string nativeHeap)
    {
        var cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        var torchSharp = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?";
        return new Machine(cpu, Environment.ProcessorCount, threads, waitPolicy, nativeHeap, LoadAverageNow(), RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, torchSharp);
    }

    /// <summary>The 1-minute load average, to tell a busy machine from a slow one.</summary>
    public static double? LoadAverageNow()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path)) return null;
        return double.TryParse(File.ReadAllText(path).Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
    }

    public override string ToString() =>
        $"{Cpu}, {LogicalCores} logical cores, {TorchThreads} torch threads, OMP_WAIT_POLICY={OmpWaitPolicy}, {NativeHeap}, load average {LoadAverage?.ToString("F1", CultureInfo.InvariantCulture) ?? "?"}, {Os}, {Runtime}, TorchSharp {TorchSharp}";
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

    public List<Levers.LeverResult> Levers { get; } = [];

    /// <summary>The 1-minute load average when the run ended.</summary>
    public double? LoadAverageAtEnd { get; set; }

    public MemoryResult? Memory { get; set; }

    public DataResult? Data { get; set; }

    public GeneratorResult? Generator { get; set; }

    public ProcessResult? Process { get; set; }

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

    // The issue's targets, all for the Rnn space at batch 64 on 3×32×32.
    private void Targets(Action<string> line, Func<double, string, string> f)
    {
        var parts = new List<string>();
        void Ratio(string label, Variant numerator, Variant denominator, double target, bool atLeast)
        {
            var r = Ratios.FirstOrDefault(x => x.Space == "Rnn" && x.Input == "3×32×32" && x.Numerator == numerator && x.Denominator == denominator);
            if (r is null) return;
            var met = atLeast ? r.Value >= target : r.Value <= target;
            parts.Add($"{label} {f(r.Value, "F2")} ({(atLeast ? "≥" : "≤")} {f(target, "0.##")}: {(met ? "met" : "MISSED")})");
        }
        Ratio("naive/generated", Variant.NaiveFirstOrder, Variant.GeneratedFirstOrder, 3, atLeast: true);
        Ratio("2nd/1st order", Variant.GeneratedSecondOrder, Variant.GeneratedFirstOrder, 3, atLeast: false);
        Ratio("generated/floor", Variant.GeneratedFirstOrder, Variant.FixedActivation, 2, atLeast: false);
        if (Process is { } process)
        {
            var naive = Steps.FirstOrDefault(s => s.Space == "Rnn" && s.Input == "3×32×32" && s.Variant == Variant.NaiveFirstOrder);
            if (naive is not null)
            {
                var speedUp = naive.Milliseconds.Median / process.MillisecondsPerStep;
                parts.Add($"naive/whole-process sample step {f(speedUp, "F2")} (≥ 3: {(speedUp >= 3 ? "met" : "MISSED")})");
            }
        }
        Ratio("generated/hand-written", Variant.GeneratedFirstOrder, Variant.HandWrittenFirstOrder, 1.10, atLeast: false);
        if (Memory is { } m)
        {
            var met = Math.Abs(m.GrowthEpoch1To5) <= 0.05;
            parts.Add($"RSS epoch 5 vs 1 {(m.GrowthEpoch1To5 >= 0 ? "+" : "-")}{f(Math.Abs(m.GrowthEpoch1To5) * 100, "F1")} % (within 5 %: {(met ? "met" : "MISSED")})");
        }
        if (parts.Count > 0)
            line($"targets (Rnn, 3×32×32, batch 64){(Settings.Quick ? ", QUICK RUN: too few steps to judge" : "")}: {string.Join("; ", parts)}");
    }

    public string Table()
    {
        var text = new StringBuilder();
        void Line(string s) => text.Append(s).Append('\n');
        string Percent(double fraction) => (fraction >= 0 ? "+" : "-") + Math.Abs(fraction * 100).ToString("F1", CultureInfo.InvariantCulture);
        string F(double v, string format = "F2") => v.ToString(format, CultureInfo.InvariantCulture);

        Line($"NasDsl benchmark ({(Settings.Quick ? "quick" : "full")}, batch {Settings.BatchSize}, {Settings.Threads} torch thread{(Settings.Threads == 1 ? "" : "s")}, OMP_WAIT_POLICY={Machine.OmpWaitPolicy}; " +
            $"{Machine.Cpu}, {Machine.LogicalCores} cores, load average {F(Machine.LoadAverage ?? double.NaN, "F1")} at start, {F(LoadAverageAtEnd ?? double.NaN, "F1")} at end)");
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
        if (Levers.Count > 0)
        {
            Line("");
            foreach (var lever in Levers)
            {
                var baseline = lever.Variants.First().Value.Median;
                Line($"lever: {lever.Name} ({lever.What}): " + string.Join("; ", lever.Variants.Select(v =>
                    $"{v.Key} {F(v.Value.Median)} ms [{F(v.Value.P10)}–{F(v.Value.P90)}] ×{F(v.Value.Median / baseline)}")) + (lever.Note.Length > 0 ? $"; {lever.Note}" : ""));
            }
        }
        if (Memory is { } memory)
        {
            Line("");
            string Epochs(SortedDictionary<int, double> mib) =>
                string.Join(", ", mib.Where(p => p.Key is 1 or 2 or 5).Select(p => $"{p.Key}: {F(p.Value, "F0")}"));
            Line($"memory: {memory.Space}, 5 epochs of {memory.StepsPerEpoch} steps. VmRSS MiB after epochs {Epochs(memory.ResidentMiBAfterEpoch)} " +
                $"(5 vs 1: {Percent(memory.GrowthEpoch1To5)} %); in use (after malloc_trim) {Epochs(memory.InUseResidentMiBAfterEpoch)} " +
                $"(5 vs 1: {Percent(memory.InUseGrowthEpoch1To5)} %); live tensors {string.Join("/", memory.LiveTensorsAfterEpoch.Values)}; " +
                $"VmHWM {F(memory.PeakResidentMiB, "F0")} MiB");
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
        if (Process is { } p)
        {
            Line($"sample, whole process ({p.Arguments}): {p.ShortSteps} steps {F(p.ShortSeconds)} s, {p.LongSteps} steps {F(p.LongSeconds)} s " +
                $"(medians of {p.Repetitions}): {F(p.MillisecondsPerStep)} ms per step, the median of the pairs' {string.Join(", ", p.PairMilliseconds.Select(m => F(m)))}");
        }
        Targets(Line, F);
        Line($"total {F(TotalSeconds, "F0")} s");
        return text.ToString();
    }
}
