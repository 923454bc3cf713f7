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
        using var data = Datasets.Default(maxTrain: 4000, maxTest: 200);
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
    public void WithoutTheGuardTheSameSearchMeetsNonFiniteSteps()
    {
        using var train = SyntheticDataset.Create([3, 32, 32], classes: 10, count: 5120, seed: 11, noise: 100f);
        using var unguarded = OperationGuard.Override(false);
        using var search = new DartsSearch<RnnSpace.Genotype>(RnnSpace.Definition,
            new SearchOptions { Epochs = 1, Seed = 3, Threads = 1, LimitSteps = 40, MaxConsecutiveNonFiniteSteps = 1000 }, train);
        var result = search.Run();

        Assert.True(result.SkippedSteps > 0, "the unguarded Rnn space should overflow on unnormalised inputs");
    }

    private sealed class Recorder(List<StepRecord> steps) : ISearchObserver
    {
        public void OnStep(StepRecord step) => steps.Add(step);
    }
}
