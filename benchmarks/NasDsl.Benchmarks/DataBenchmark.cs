using NasDsl.Cli;
using System.Diagnostics;
using NasDsl.Data;
using static TorchSharp.torch;

namespace NasDsl.Benchmarks;

/// <summary>Time to load the default dataset and to iterate one epoch of batches without any compute.</summary>
/// <param name="Description">What was loaded (full Fashion-MNIST or the shipped subset).</param>
/// <param name="FullSet">Whether it was the full set.</param>
/// <param name="TrainSamples">Training samples.</param>
/// <param name="LoadSeconds">Decompress, decode and normalise both splits.</param>
/// <param name="Batches">Batches in one epoch of the training split.</param>
/// <param name="EpochSeconds">Gather every batch of one shuffled epoch (batch 64).</param>
/// <param name="MicrosecondsPerBatch">EpochSeconds per batch.</param>
internal sealed record DataResult(string Description, bool FullSet, long TrainSamples, double LoadSeconds, int Batches, double EpochSeconds, double MicrosecondsPerBatch);

internal static class DataBenchmark
{
    public static DataResult Run(int batchSize)
    {
        var clock = Stopwatch.StartNew();
        using var split = DefaultData.Load();
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var loader = new BatchLoader(split.Train, batchSize, CPU, shuffle: true, seed: 1);
        clock.Restart();
        var batches = 0;
        using (var epoch = loader.Epoch(0).GetEnumerator())
        {
            // One dispose scope per batch, as the search loop has.
            while (true)
            {
                using var scope = NewDisposeScope();
                if (!epoch.MoveNext()) break;
                batches++;
            }
        }
        var epochSeconds = clock.Elapsed.TotalSeconds;
        return new DataResult(split.Description, split.Hint is null, split.Train.Count, loadSeconds, batches, epochSeconds, epochSeconds * 1e6 / Math.Max(1, batches));
    }
}
