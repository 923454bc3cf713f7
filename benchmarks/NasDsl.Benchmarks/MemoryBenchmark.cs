using ActivationSearch;
using NasDsl.Data;
using NasDsl.Search;
using TorchSharp;

namespace NasDsl.Benchmarks;

/// <summary>Resident memory of this process, from /proc/self/status (Linux); null elsewhere.</summary>
internal static class ProcessMemory
{
    /// <summary>Current resident set (VmRSS), MiB.</summary>
    public static double? ResidentMiB() => Read("VmRSS:");

    /// <summary>Peak resident set so far (VmHWM), MiB.</summary>
    public static double? PeakResidentMiB() => Read("VmHWM:");

    private static double? Read(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        foreach (var line in File.ReadLines(status))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            var kib = long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            return kib / 1024.0;
        }
        return null;
    }
}

/// <summary>Resident memory after chosen epochs of a short search; flat from epoch 1 on means nothing leaks.</summary>
/// <param name="Space">The searched space.</param>
/// <param name="StepsPerEpoch">Steps in each epoch.</param>
/// <param name="ResidentMiBAfterEpoch">VmRSS after each epoch (1-based epoch → MiB).</param>
/// <param name="LiveTensorsAfterEpoch">Tensors alive in dispose scopes on this thread after each epoch.</param>
/// <param name="PeakResidentMiB">VmHWM when the search ended.</param>
/// <param name="GrowthEpoch1To5">RSS after epoch 5 relative to after epoch 1, minus one.</param>
internal sealed record MemoryResult(string Space, int StepsPerEpoch, SortedDictionary<int, double> ResidentMiBAfterEpoch,
    SortedDictionary<int, long> LiveTensorsAfterEpoch, double PeakResidentMiB, double GrowthEpoch1To5);

internal static class MemoryBenchmark
{
    public static MemoryResult Run(SearchOptions baseOptions, int stepsPerEpoch)
    {
        const int epochs = 5;
        var shape = new long[] { 3, 32, 32 };
        using var data = SyntheticDataset.Create(shape, 10, 2 * stepsPerEpoch * baseOptions.BatchSize, seed: 11);
        var rss = new SortedDictionary<int, double>();
        var live = new SortedDictionary<int, long>();
        var observer = new EpochObserver(epoch =>
        {
            rss[epoch] = ProcessMemory.ResidentMiB() ?? double.NaN;
            live[epoch] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        });
        using (var search = new DartsSearch<RnnSpace.Genotype>(RnnSpace.Definition, baseOptions with { Epochs = epochs, LimitSteps = stepsPerEpoch }, data, observer))
            search.Run();
        return new MemoryResult("Rnn (first order, 3×32×32)", stepsPerEpoch, rss, live, ProcessMemory.PeakResidentMiB() ?? double.NaN, rss[5] / rss[1] - 1);
    }

    private sealed class EpochObserver(Action<int> afterEpoch) : ISearchObserver
    {
        public void OnEpochCompleted(EpochRecord record) => afterEpoch(record.Epoch + 1);
    }
}
