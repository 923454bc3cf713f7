using ActivationSearch;
using NasDsl.Data;
using NasDsl.Devices;
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

/// <summary>Resident memory after each epoch of a short search; flat from epoch 1 on means nothing leaks.</summary>
/// <param name="Space">The searched space.</param>
/// <param name="StepsPerEpoch">Steps in each epoch.</param>
/// <param name="ResidentMiBAfterEpoch">VmRSS after each epoch (1-based epoch → MiB), as the process has it.</param>
/// <param name="InUseResidentMiBAfterEpoch">VmRSS after each epoch of a second, identical search, read once
/// malloc_trim has handed the C heap's free blocks back: memory actually in use. glibc keeps freed blocks for reuse, and with a search's varying tensor sizes the
/// retained part drifts up over the first few hundred steps before it levels off; a leak would show here too.</param>
/// <param name="LiveTensorsAfterEpoch">Tensors alive in dispose scopes on this thread after each epoch.</param>
/// <param name="ManagedHeapMiBAfterEpoch">The .NET heap after each epoch (tensor wrappers, records), MiB.</param>
/// <param name="PeakResidentMiB">VmHWM when the first search ended.</param>
/// <param name="GrowthEpoch1To5">RSS after epoch 5 relative to after epoch 1, minus one.</param>
/// <param name="InUseGrowthEpoch1To5">The same for the in-use (trimmed) RSS.</param>
internal sealed record MemoryResult(string Space, int StepsPerEpoch, SortedDictionary<int, double> ResidentMiBAfterEpoch,
    SortedDictionary<int, double> InUseResidentMiBAfterEpoch, SortedDictionary<int, long> LiveTensorsAfterEpoch,
    SortedDictionary<int, double> ManagedHeapMiBAfterEpoch, double PeakResidentMiB, double GrowthEpoch1To5, double InUseGrowthEpoch1To5);

internal static class MemoryBenchmark
{
    public static MemoryResult Run(SearchOptions baseOptions, int stepsPerEpoch)
    {
        var shape = new long[] { 3, 32, 32 };
        using var data = SyntheticDataset.Create(shape, 10, 2 * stepsPerEpoch * baseOptions.BatchSize, seed: 11);
        var options = baseOptions with { Epochs = 5, LimitSteps = stepsPerEpoch };

        // First as a user runs it: nothing but the search touches the heap.
        var rss = new SortedDictionary<int, double>();
        var live = new SortedDictionary<int, long>();
        var managed = new SortedDictionary<int, double>();
        Search(options, data, epoch =>
        {
            rss[epoch] = ProcessMemory.ResidentMiB() ?? double.NaN;
            live[epoch] = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            managed[epoch] = GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0;
        });
        var peak = ProcessMemory.PeakResidentMiB() ?? double.NaN;

        // Then again, handing glibc's free blocks back before each reading, so that only memory in use counts. The
        // trim is a measuring device: done inside the search every epoch, re-touching the returned pages cost about
        // 25k page faults (~0.3 s) per epoch on this machine, so the runtime does not do it.
        var inUse = new SortedDictionary<int, double>();
        Search(options, data, epoch => inUse[epoch] = NativeHeap.ReleaseFreedMemory() ? ProcessMemory.ResidentMiB() ?? double.NaN : double.NaN);

        return new MemoryResult("Rnn (first order, 3×32×32)", stepsPerEpoch, rss, inUse, live, managed, peak, rss[5] / rss[1] - 1, inUse[5] / inUse[1] - 1);
    }

    private static void Search(SearchOptions options, IDataset data, Action<int> afterEpoch)
    {
        using var search = new DartsSearch<RnnSpace.Genotype>(RnnSpace.Definition, options, data, new EpochObserver(afterEpoch));
        search.Run();
    }

    private sealed class EpochObserver(Action<int> afterEpoch) : ISearchObserver
    {
        public void OnEpochCompleted(EpochRecord record) => afterEpoch(record.Epoch + 1);
    }
}
