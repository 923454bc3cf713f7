using ActivationSearch;
using NasDsl.Operations;
using NasDsl.Cli;
using NasDsl.Data;
using NasDsl.Search;
using static TorchSharp.torch;

namespace NasDsl.Benchmarks;

/// <summary>The step variants measured for every space and input shape.</summary>
internal enum Variant
{
    /// <summary>The generated supernet in <see cref="DartsSearch{TGenotype}"/>, first order.</summary>
    GeneratedFirstOrder,

    /// <summary>The generated supernet, second order.</summary>
    GeneratedSecondOrder,

    /// <summary>The generated supernet, first order, with fused mixed edges switched off (the generic path).</summary>
    GeneratedGenericFirstOrder,

    /// <summary>DrNAS (Dirichlet mixing) with half of every edge's candidates dropped, as midway through shrinking.</summary>
    DrNasHalfShrunk,

    /// <summary>GDAS: one sampled candidate per edge and step.</summary>
    Gdas,

    /// <summary>The same network written by hand with the runtime's MixedOp, first order.</summary>
    HandWrittenFirstOrder,

    /// <summary>Mixed edges as plain weighted sums and a hand-written first-order step.</summary>
    NaiveFirstOrder,

    /// <summary>The network with one fixed activation (ReLU), one training step.</summary>
    FixedActivation,
}

/// <summary>Timings of one variant.</summary>
/// <param name="Space">Simple, Complex or Rnn.</param>
/// <param name="Input">Per-sample input shape, e.g. 3×32×32.</param>
/// <param name="Variant">What was timed.</param>
/// <param name="Milliseconds">Per-step time over all timed steps.</param>
/// <param name="RoundMedians">The median of each interleaved round, for ratios that share a round's load.</param>
/// <param name="SkippedSteps">Steps whose update was skipped as not finite (warm-up included).</param>
internal sealed record StepResult(string Space, string Input, Variant Variant, Summary Milliseconds, double[] RoundMedians, int SkippedSteps);

/// <summary>A ratio of two variants' medians, with its spread over the interleaved rounds.</summary>
internal sealed record Ratio(string Space, string Input, string Name, Variant Numerator, Variant Denominator, double Value, double RoundMin, double RoundMax);

/// <summary>
/// Times the variants of one space and input shape interleaved: after a warm-up, every variant runs a block of
/// steps in turn, round after round, so that load from other processes falls on all of them alike and their
/// ratios stay comparable on a shared machine.
/// </summary>
internal static class StepBenchmark
{
    public static (List<StepResult> Results, List<Ratio> Ratios) Run(string space, long[] shape, Settings settings, bool withFloor, Action<string> log)
    {
        var input = string.Join("×", shape);
        var options = new SearchOptions { Epochs = 100_000, BatchSize = settings.BatchSize, Seed = 1 };
        using var data = SyntheticDataset.Create(shape, 10, 2 * 20 * settings.BatchSize, seed: 7);
        var spaceOptions = new SpaceOptions(shape, 10);

        var runners = space == "ResNet20" ? ResNet20(options, spaceOptions, data) : new List<(Variant Variant, IStepRunner Runner)>
        {
            (Variant.GeneratedFirstOrder, Generated(space, options, data)),
            (Variant.GeneratedSecondOrder, Generated(space, options with { SecondOrder = true }, data)),
            (Variant.GeneratedGenericFirstOrder, Generated(space, options, data, supernet => supernet.Architecture.Mixing.FusedEdges = false)),
            (Variant.DrNasHalfShrunk, Generated(space, options with { Method = SearchMethod.DrNas }, data, DropHalf)),
            (Variant.Gdas, Generated(space, options with { Method = SearchMethod.Gdas }, data)),
            (Variant.HandWrittenFirstOrder, HandWritten(space, options, data)),
            (Variant.NaiveFirstOrder, new NaiveStepRunner(Naive(space, spaceOptions), options, data)),
        };
        if (withFloor && space != "ResNet20")
        {
            var relu = BaselineSpace.Definition.GenotypeFromNames(new Dictionary<string, string> { ["Activation"] = "Relu" });
            runners.Add((Variant.FixedActivation, new FixedNetworkStepRunner(BaselineSpace.Definition.CreateDiscrete(relu, spaceOptions), options, data)));
        }
        try
        {
            var discard = new List<double>();
            foreach (var (_, runner) in runners) runner.Run(settings.WarmupSteps, discard);
            var times = runners.Select(_ => new List<double>()).ToArray();
            var rounds = runners.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < settings.Rounds; round++)
            {
                for (var i = 0; i < runners.Count; i++)
                {
                    var block = new List<double>();
                    // Second-order steps cost several first-order ones; shorter blocks keep the rounds balanced.
                    var steps = runners[i].Variant == Variant.GeneratedSecondOrder ? Math.Max(2, settings.BlockSteps / 2) : settings.BlockSteps;
                    runners[i].Runner.Run(steps, block);
                    times[i].AddRange(block);
                    rounds[i].Add(Summary.Of(block).Median);
                }
            }
            var results = runners.Select((r, i) => new StepResult(space, input, r.Variant, Summary.Of(times[i]), [.. rounds[i]], r.Runner.SkippedSteps)).ToList();
            foreach (var r in results)
                log($"  {space,-8} {input,-8} {Describe(r.Variant),-34} median {r.Milliseconds.Median,8:F2} ms  p10–p90 {r.Milliseconds.P10:F2}–{r.Milliseconds.P90:F2}" +
                    (r.SkippedSteps > 0 ? $"  ({r.SkippedSteps} skipped)" : ""));
            return (results, Ratios(space, input, results));
        }
        finally
        {
            foreach (var (_, runner) in runners) runner.Dispose();
        }
    }

    public static string Describe(Variant variant) => variant switch
    {
        Variant.GeneratedFirstOrder => "generated, 1st order",
        Variant.GeneratedSecondOrder => "generated, 2nd order",
        Variant.GeneratedGenericFirstOrder => "generated, unfused edges, 1st order",
        Variant.DrNasHalfShrunk => "DrNAS, half the ops dropped",
        Variant.Gdas => "GDAS",
        Variant.HandWrittenFirstOrder => "hand-written with MixedOp, 1st order",
        Variant.NaiveFirstOrder => "naive reference, 1st order",
        Variant.FixedActivation => "fixed ReLU network (floor)",
        _ => variant.ToString(),
    };

    private static List<Ratio> Ratios(string space, string input, List<StepResult> results)
    {
        var ratios = new List<Ratio>();
        Add("naive / generated (speed-up, target ≥ 3)", Variant.NaiveFirstOrder, Variant.GeneratedFirstOrder);
        Add("2nd / 1st order (target ≤ 3)", Variant.GeneratedSecondOrder, Variant.GeneratedFirstOrder);
        Add("unfused / fused edges", Variant.GeneratedGenericFirstOrder, Variant.GeneratedFirstOrder);
        Add("generated / hand-written (target ≤ 1.10)", Variant.GeneratedFirstOrder, Variant.HandWrittenFirstOrder);
        Add("generated / fixed-activation floor (target ≤ 2)", Variant.GeneratedFirstOrder, Variant.FixedActivation);
        return ratios;

        void Add(string name, Variant numerator, Variant denominator)
        {
            var top = results.FirstOrDefault(r => r.Variant == numerator);
            var bottom = results.FirstOrDefault(r => r.Variant == denominator);
            if (top is null || bottom is null) return;
            var perRound = top.RoundMedians.Zip(bottom.RoundMedians, (a, b) => a / b).ToArray();
            ratios.Add(new Ratio(space, input, name, numerator, denominator, top.Milliseconds.Median / bottom.Milliseconds.Median, perRound.Min(), perRound.Max()));
        }
    }

    /// <summary>ResNet-20 has no hand-written or naive twin: its generated first-order step is timed against the same
    /// ResNet-20 with ReLU fixed in every activation slot (its floor).</summary>
    private static List<(Variant Variant, IStepRunner Runner)> ResNet20(SearchOptions options, SpaceOptions spaceOptions, IDataset data) =>
    [
        (Variant.GeneratedFirstOrder, new SearchStepRunner<ResNet20Space.Genotype>(ResNet20Space.Definition, options, data)),
        (Variant.FixedActivation, new FixedNetworkStepRunner(ResNet20Space.Definition.CreateDiscrete(ResNet20Baselines.GenotypeOf("relu"), spaceOptions), options, data)),
    ];

    /// <summary>Drops every other candidate of each scope (never the last one in play).</summary>
    private static void DropHalf(Supernet supernet)
    {
        foreach (var scope in supernet.Architecture.MixingScopes)
            for (var op = 1; op < scope.Table.Count; op += 2) scope.Drop(op);
    }

    private static IStepRunner Generated(string space, SearchOptions options, IDataset data, Action<Supernet>? configure = null) => space switch
    {
        "Simple" => new SearchStepRunner<SimpleSpace.Genotype>(SimpleSpace.Definition, options, data, configure),
        "Complex" => new SearchStepRunner<ComplexSpace.Genotype>(ComplexSpace.Definition, options, data, configure),
        "Rnn" => new SearchStepRunner<RnnSpace.Genotype>(RnnSpace.Definition, options, data, configure),
        _ => throw new ArgumentException($"Unknown space '{space}'.", nameof(space)),
    };

    private static IStepRunner HandWritten(string space, SearchOptions options, IDataset data) => space switch
    {
        "Simple" => new SearchStepRunner<HandGenotype>(HandWrittenSpace.Simple(), options, data),
        "Complex" => new SearchStepRunner<HandGenotype>(HandWrittenSpace.Complex(), options, data),
        "Rnn" => new SearchStepRunner<HandGenotype>(HandWrittenSpace.Rnn(), options, data),
        _ => throw new ArgumentException($"Unknown space '{space}'.", nameof(space)),
    };

    private static NaiveNetwork Naive(string space, SpaceOptions options) => space switch
    {
        "Simple" => NaiveNetwork.Simple(options),
        "Complex" => NaiveNetwork.Complex(options),
        "Rnn" => NaiveNetwork.Rnn(options),
        _ => throw new ArgumentException($"Unknown space '{space}'.", nameof(space)),
    };
}
