using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using Xunit;

namespace NasDsl.Tests.Search;

[Collection(TorchStateCollection.Name)]
public sealed class ReproducibilityTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TwoRunsWithTheSameSeedGiveBitIdenticalAlphas(bool secondOrder)
    {
        using var data = SearchFixtures.SmallData();
        var options = SearchFixtures.SmallOptions() with { SecondOrder = secondOrder };

        using var first = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options, data);
        var firstResult = first.Run();
        using var second = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options, data);
        var secondResult = second.Run();

        Assert.Equal(SearchFixtures.AlphaBits(first), SearchFixtures.AlphaBits(second));
        Assert.Equal(SearchFixtures.WeightBits(first), SearchFixtures.WeightBits(second));
        Assert.Equal(firstResult.Epochs.Select(SearchFixtures.Describe), secondResult.Epochs.Select(SearchFixtures.Describe));
        Assert.Equal(firstResult.Genotype, secondResult.Genotype);
    }

    [Fact]
    public void ADifferentSeedGivesDifferentAlphas()
    {
        using var data = SearchFixtures.SmallData();
        using var first = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1), data);
        first.Run();
        using var second = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1) with { Seed = 6 }, data);
        second.Run();
        Assert.NotEqual(SearchFixtures.AlphaBits(first), SearchFixtures.AlphaBits(second));
    }

    [Fact]
    public void RecordsDescribeEveryEpochAndScope()
    {
        using var data = SearchFixtures.SmallData();
        var observer = new CallbackObserver();
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(), data, observer);
        var result = search.Run();

        Assert.False(result.Cancelled);
        Assert.Equal(16, search.StepsPerEpoch);
        Assert.Equal(2 * 16, observer.Steps.Count);
        Assert.Equal(Enumerable.Range(0, 16), observer.Steps.Take(16).Select(s => s.Step));
        Assert.Equal([0, 1], result.Epochs.Select(e => e.Epoch));
        var last = result.Epochs[^1];
        Assert.Equal(search.LearningRateAt(1), last.LearningRate);
        Assert.Equal(0.1, result.Epochs[0].LearningRate);
        var scope = Assert.Single(last.Scopes);
        Assert.Equal("Act", scope.Path);
        Assert.Equal(6, scope.Alphas.Count);
        Assert.Equal(1.0, scope.Weights.Sum(), 5);
        Assert.Equal(scope.Alphas.ToList().IndexOf(scope.Alphas.Max()), scope.Argmax);
        Assert.Equal(scope.Chosen, result.Genotype.Act);
        Assert.Equal(result.Genotype.Act, last.Genotype["Act"]);
        Assert.InRange(last.TrainAccuracy, 0, 1);
        Assert.InRange(last.ValidationAccuracy, 0, 1);
        Assert.True(double.IsFinite(last.TrainLoss) && double.IsFinite(last.ValidationLoss));
        Assert.Equal(0, result.SkippedSteps);
    }

    [Fact]
    public void LimitStepsCapsTheEpoch()
    {
        using var data = SearchFixtures.SmallData();
        var observer = new CallbackObserver();
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1) with { LimitSteps = 3 }, data, observer);
        search.Run();
        Assert.Equal(3, observer.Steps.Count);
    }

    [Fact]
    public void TheLearningRateFollowsDartsCosineSchedule()
    {
        using var data = SearchFixtures.SmallData();
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(4) with { LearningRate = 0.025, MinLearningRate = 0.001 }, data);
        Assert.Equal(0.025, search.LearningRateAt(0), 12);
        Assert.Equal(0.001 + 0.024 * (1 + Math.Cos(Math.PI / 4)) / 2, search.LearningRateAt(1), 12);
        Assert.Equal(0.013, search.LearningRateAt(2), 12);
        Assert.Equal(0.001, search.LearningRateAt(4), 12);
    }
}
