using System.Diagnostics;
using NasDsl.Data;

namespace NasDsl.Benchmarks;

/// <summary>The sample's step as a user feels it, measured in whole processes.</summary>
/// <param name="Arguments">The sample's options common to both runs.</param>
/// <param name="ShortSteps">Steps of the short run.</param>
/// <param name="LongSteps">Steps of the long run.</param>
/// <param name="ShortSeconds">Median wall time of the short runs.</param>
/// <param name="LongSeconds">Median wall time of the long runs.</param>
/// <param name="Repetitions">Runs of each length, alternating.</param>
/// <param name="PairMilliseconds">Each pair's (long − short)/(step difference), in the order run.</param>
internal sealed record ProcessResult(string Arguments, int ShortSteps, int LongSteps, double ShortSeconds, double LongSeconds, int Repetitions,
    IReadOnlyList<double> PairMilliseconds)
{
    /// <summary>The median pair's step: start-up, data loading and epoch-end work cancel out within a pair, and a pair's
    /// two runs follow each other, so the machine's slower drifts cancel too.</summary>
    public double MillisecondsPerStep => Summary.Of(PairMilliseconds).Median;
}

/// <summary>
/// Runs the ActivationSearch sample as a user would (<c>dotnet ActivationSearch.dll</c>, Rnn space, first-order DARTS,
/// batch 64) on synthetic, learnable CIFAR-10-format data (3×32×32; CIFAR-10 itself cannot be downloaded here), once with a short
/// and once with a long search, alternately, and takes the difference per step.
/// </summary>
internal static class ProcessBenchmark
{
    public static ProcessResult Run(int shortSteps, int longSteps, int repetitions, int threads, Action<string> log)
    {
        var sample = BuildSample(log);
        var folder = Path.Combine(Path.GetTempPath(), $"nasdsl-process-benchmark-{Environment.ProcessId}");
        try
        {
            // Both halves of the split need longSteps batches of 64.
            WriteSyntheticCifar(folder, recordsPerBatch: (2 * longSteps * 64 + 4 * 64) / 5 + 1);
            string[] common =
            [
                "--space", "rnn", "--method", "darts", "--data", folder, "--epochs", "1", "--batch-size", "64", "--train-epochs", "0",
                "--baselines", "none", "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ];
            var shortTimes = new List<double>();
            var longTimes = new List<double>();
            var pairs = new List<double>();
            for (var r = 0; r < repetitions; r++)
            {
                shortTimes.Add(RunSample(sample, common, shortSteps, folder));
                longTimes.Add(RunSample(sample, common, longSteps, folder));
                pairs.Add((longTimes[^1] - shortTimes[^1]) * 1000 / (longSteps - shortSteps));
                log($"  run {r + 1}: {shortSteps} steps {shortTimes[^1]:F2} s, {longSteps} steps {longTimes[^1]:F2} s: {pairs[^1]:F1} ms per step");
            }
            return new ProcessResult(string.Join(' ', common.Where(a => a != folder)).Replace("--data ", "--data <synthetic CIFAR-10 folder> "),
                shortSteps, longSteps, Summary.Of(shortTimes).Median, Summary.Of(longTimes).Median, repetitions, pairs);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Builds samples/ActivationSearch in Release, as the README's run command does, and returns its assembly.
    /// The benchmark does not reference the sample: it is an application, and only its Spaces.cs is shared.</summary>
    private static string BuildSample(Action<string> log)
    {
        var project = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "ActivationSearch"));
        if (!File.Exists(Path.Combine(project, "ActivationSearch.csproj")))
            throw new InvalidOperationException($"The process benchmark runs the sample, and {project} holds no ActivationSearch.csproj; run the benchmark from its place in the repository.");
        log($"  building {project} (Release)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "build", project, "-c", "Release", "-nologo", "-v", "quiet" }) start.ArgumentList.Add(a);
        using var build = Process.Start(start)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEndAsync();
        build.WaitForExit();
        if (build.ExitCode != 0) throw new InvalidOperationException($"Building the sample failed ({build.ExitCode}): {error.Result}{output.Result}");
        // Both projects build for $(NasDslTargetFramework), the name of the folder this benchmark runs from.
        var targetFramework = Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        return Path.Combine(project, "bin", "Release", targetFramework, "ActivationSearch.dll");
    }

    private static double RunSample(string sample, string[] common, int steps, string dataFolder)
    {
        var runFolder = Path.Combine(dataFolder, $"run-{steps}-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(sample);
        foreach (var a in common) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--limit-steps");
        start.ArgumentList.Add(steps.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(runFolder);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"The sample exited with {process.ExitCode}: {error.Result}{output.Result}");
        return seconds;
    }

    /// <summary>
    /// Writes CIFAR-10-format data that a network can learn: each image is its class's fixed random prototype blended
    /// with fresh noise (30/70). With labels independent of the pixels the loss climbed to 5–8 between steps 60 and
    /// 160, which no search on Fashion-MNIST here did, and those steps ran 40–55 ms against 35–37 ms on learnable data.
    /// </summary>
    private static void WriteSyntheticCifar(string folder, int recordsPerBatch)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(5);
        var prototypes = new byte[10 * Cifar10Reader.ImageSize];
        random.NextBytes(prototypes);
        void Batch(string name, int records)
        {
            var labels = new byte[records];
            var pixels = new byte[records * Cifar10Reader.ImageSize];
            random.NextBytes(pixels);
            for (var i = 0; i < records; i++)
            {
                labels[i] = (byte)random.Next(10);
                var prototype = prototypes.AsSpan(labels[i] * Cifar10Reader.ImageSize, Cifar10Reader.ImageSize);
                var image = pixels.AsSpan(i * Cifar10Reader.ImageSize, Cifar10Reader.ImageSize);
                for (var j = 0; j < image.Length; j++) image[j] = (byte)((3 * prototype[j] + 7 * image[j]) / 10);
            }
            Cifar10Reader.Write(Path.Combine(folder, name), labels, pixels);
        }
        foreach (var name in Cifar10Reader.TrainFiles) Batch(name, recordsPerBatch);
        Batch(Cifar10Reader.TestFile, 256);
    }
}
