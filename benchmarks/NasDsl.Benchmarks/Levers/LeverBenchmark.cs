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
/// Levers that can be switched from outside the runtime: libtorch's thread count for the whole step, and a
/// prototype of a fused unary mixed edge. (Levers built into the runtime — shared candidate outputs, frozen
/// parameters — are measured against the naive reference in the step table.)
/// </summary>
internal static class LeverBenchmark
{
    public static List<LeverResult> Run(Settings settings, Action<string> log)
    {
        var results = new List<LeverResult> { Threads(settings), FusedUnary(settings) };
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

    /// <summary>The runtime's unary mixed edge (stack, contract, autograd through every candidate) against the
    /// fused prototype, forward and backward on one 64×400 activation, with and without an input gradient.</summary>
    private static LeverResult FusedUnary(Settings settings)
    {
        using var scope = NewDisposeScope();
        var options = new SpaceOptions([400], 10);
        var alpha = new Parameter(randn(Unary.Table.Count, generator: new Generator(3)));
        var mixed = new MixedOp(Unary.Table, alpha, new PrimitiveContext([400], options, "U"));
        var computed = tensor(Enumerable.Range(0, Unary.Table.Count).Where(i => !Unary.Table[i].IsZero).Select(i => (long)i).ToArray());
        var input = randn([settings.BatchSize, 400], generator: new Generator(4));
        Tensor Fused(Tensor x) => FusedUnaryPrototype.apply(x, alpha.softmax(0).index_select(0, computed));

        // Same values and gradients, up to float rounding of long sums.
        var xa = input.detach().requires_grad_(true);
        var ya = mixed.forward(xa);
        var ga = torch.autograd.grad([ya.sum()], [xa, alpha]);
        var xb = input.detach().requires_grad_(true);
        var yb = Fused(xb);
        var gb = torch.autograd.grad([yb.sum()], [xb, alpha]);
        float Relative(Tensor a, Tensor b) => ((a - b).abs().max() / a.abs().max().clamp_min(1e-30)).item<float>();
        var note = $"max relative difference: values {Relative(ya, yb):E1}, input gradient {Relative(ga[0], gb[0]):E1}, alpha gradient {Relative(ga[1], gb[1]):E1}";

        var variants = new (string Name, Action Run)[]
        {
            ("MixedOp, input+alpha gradients", () => { var x = input.detach().requires_grad_(true); torch.autograd.grad([mixed.forward(x).sum()], [x, alpha]); }),
            ("fused prototype, input+alpha gradients", () => { var x = input.detach().requires_grad_(true); torch.autograd.grad([Fused(x).sum()], [x, alpha]); }),
            ("MixedOp, alpha gradient only", () => torch.autograd.grad([mixed.forward(input).sum()], [alpha])),
            ("fused prototype, alpha gradient only", () => torch.autograd.grad([Fused(input).sum()], [alpha])),
        };
        var times = variants.Select(_ => new List<double>()).ToArray();
        var clock = new Stopwatch();
        for (var round = -1; round < settings.Rounds * 2; round++)
        {
            for (var i = 0; i < variants.Length; i++)
            {
                for (var k = 0; k < settings.BlockSteps; k++)
                {
                    using var step = NewDisposeScope();
                    clock.Restart();
                    variants[i].Run();
                    // Round -1 is the warm-up.
                    if (round >= 0) times[i].Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }
        return new LeverResult("fused unary mixed edge (prototype)", $"forward + backward of one 21-op unary mixed edge on {settings.BatchSize}×400",
            variants.Select((v, i) => (v.Name, Summary.Of(times[i]))).ToDictionary(p => p.Name, p => p.Item2), note);
    }
}
