using NasDsl.Cli;
using ActivationSearch;
using NasDsl.Data;
using NasDsl.Operations;
using NasDsl.Search;

namespace NasDsl.Tests.Search;

/// <summary>
/// The notebook's Rnn space (21 unary and 7 binary candidates, exp, sinh, cosh, x³ and division among them) blows up
/// to inf/NaN within a few steps without a guard. With OperationGuard on (the default) a whole epoch stays finite.
/// </summary>
[Collection(TorchStateCollection.Name)]
public sealed class GuardedSearchTests
{
    [Fact]
    public void RnnSearchRunsAWholeEpochOfFashionMnistWithoutANonFiniteStep()
    {
        Assert.True(OperationGuard.IsActive);
        using var data = DefaultData.Load(maxTrain: 4000, maxTest: 200);
        var steps = new List<StepRecord>();
        using var search = new DartsSearch<RnnSpace.Genotype>(RnnSpace.Definition,
            new SearchOptions { Epochs = 1, Seed = 3, Threads = 1 }, data.Train, new Recorder(steps));
        var result = search.Run();

        Assert.Equal(search.StepsPerEpoch, steps.Count);
        Assert.Equal(32, steps.Count);
        Assert.Equal(0, result.SkippedSteps);
        Assert.All(steps, s => Assert.True(double.IsFinite(s.TrainLoss) && double.IsFinite(s.ValidationLoss), $"step {s.Step}: {s.TrainLoss}, {s.ValidationLoss}"));
        Assert.All(result.Supernet.ArchitectureParameters(), a => Assert.True(a.isfinite().all().item<bool>()));
        Assert.All(result.Epochs[0].Scopes, s => Assert.True(s.Weights.All(float.IsFinite)));
    }

    [Fact]
    public void RnnSearchOnUnnormalisedCifarShapedInputsStaysFinite()
    {
        // ENVIRONMENT.md: on random 3×32×32 inputs NASLib's Rnn search produced NaN after 8–17 steps.
        using var train = SyntheticDataset.Create([3, 32, 32], classes: 10, count: 1280, seed: 11, noise: 25f);
        using var search = new DartsSearch<RnnSpace.Genotype>(RnnSpace.Definition,
            new SearchOptions { Epochs = 1, Seed = 3, Threads = 1, LimitSteps = 20 }, train);
        var result = search.Run();

        Assert.Equal(0, result.SkippedSteps);
        Assert.True(double.IsFinite(result.Epochs[0].TrainLoss) && double.IsFinite(result.Epochs[0].ValidationLoss));
    }

    [Fact]
    public void WithoutTheGuardEveryStepOnHugeInputsOverflowsAndWithItNone()
    {
        // The premise holds by arithmetic, whatever vector kernels libtorch picks: inputs of magnitude ~1e4 give
        // LeNet-stem features of magnitude ~1e3-1e4 (two 5×5 convolutions with Kaiming-uniform weights), and
        // cosh overflows float32 for |x| > 89.4 whatever the sign, so every unguarded forward pass of the Rnn
        // supernet (which computes cosh on every unary edge) is infinite, and every step is skipped.
        using var train = Scaled(SyntheticDataset.Create([3, 32, 32], classes: 10, count: 640, seed: 11), 1e4f);
        var options = new SearchOptions { Epochs = 1, Seed = 3, Threads = 1, LimitSteps = 5, MaxConsecutiveNonFiniteSteps = 1000 };

        SearchResult<RnnSpace.Genotype> unguardedResult;
        using (OperationGuard.Override(false))
        {
            using var unguarded = new DartsSearch<RnnSpace.Genotype>(RnnSpace.Definition, options, train);
            unguardedResult = unguarded.Run();
        }
        Assert.Equal(5, unguardedResult.SkippedSteps);

        using var guarded = new DartsSearch<RnnSpace.Genotype>(RnnSpace.Definition, options, train);
        var guardedResult = guarded.Run();
        Assert.Equal(0, guardedResult.SkippedSteps);
        Assert.True(double.IsFinite(guardedResult.Epochs[0].TrainLoss), $"train loss {guardedResult.Epochs[0].TrainLoss}");
    }

    private static InMemoryDataset Scaled(InMemoryDataset data, float factor)
    {
        using (data)
        using (var images = data.Images.mul(factor))
            return new InMemoryDataset($"{data.Name}×{factor}", images, data.Labels, data.Classes);
    }

    private sealed class Recorder(List<StepRecord> steps) : ISearchObserver
    {
        public void OnStep(StepRecord step) => steps.Add(step);
    }
}
