using System.Diagnostics;
using ActivationSearch;
using NasDsl.Data;
using NasDsl.Operations;
using NasDsl.Search;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Benchmarks.Levers;

/// <summary>One lever: two or more ways of doing the same work, timed interleaved.</summary>
/// <param name="Name">The lever.</param>
/// <param name="What">What one timed sample is.</param>
/// <param name="Variants">Per variant, its per-sample times (ms).</param>
/// <param name="Note">A check or caveat, e.g. the largest difference of values between the variants.</param>
internal sealed record LeverResult(string Name, string What, Dictionary<string, Summary> Variants, string Note);

/// <summary>
/// Levers that can be switched from outside the runtime: libtorch's thread count for the whole step. (Levers built
/// into the runtime — fused and shared candidate outputs, frozen parameters — are measured in the step table.)
/// </summary>
internal static class LeverBenchmark
{
    public static List<LeverResult> Run(Settings settings, Action<string> log)
    {
        var results = new List<LeverResult> { Threads(settings) };
        foreach (var r in results)
            log($"  {r.Name}: " + string.Join(", ", r.Variants.Select(v => $"{v.Key} {v.Value.Median:F2} ms")) + (r.Note.Length > 0 ? $" ({r.Note})" : ""));
        return results;
    }

    /// <summary>The generated Rnn first-order step with 1 and 2 intra-op threads, switching every block.</summary>
    private static LeverResult Threads(Settings settings)
    {
        var before = get_num_threads();
        using var data = SyntheticDataset.Create([3, 32, 32], 10, 2 * 20 * settings.BatchSize, seed: 7);
        using var runner = new SearchStepRunner<RnnSpace.Genotype>(RnnSpace.Definition, new SearchOptions { Epochs = 100_000, BatchSize = settings.BatchSize, Seed = 1 }, data);
        int[] counts = [1, 2];
        var times = counts.ToDictionary(c => c, _ => new List<double>());
        try
        {
            runner.Run(settings.WarmupSteps, []);
            for (var round = 0; round < settings.Rounds; round++)
            {
                foreach (var count in counts)
                {
                    set_num_threads(count);
                    runner.Run(settings.BlockSteps, times[count]);
                }
            }
        }
        finally
        {
            set_num_threads(before);
        }
        return new LeverResult("intra-op threads", "Rnn 3×32×32 first-order bilevel step",
            counts.ToDictionary(c => $"{c} thread{(c > 1 ? "s" : "")}", c => Summary.Of(times[c])),
            $"OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(libgomp default)"}");
    }
}
