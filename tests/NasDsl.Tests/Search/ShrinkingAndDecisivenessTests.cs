using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using static TorchSharp.torch;

namespace NasDsl.Tests.Search;

/// <summary>Progressive shrinking's schedule and choices, decisiveness on constructed weights, and a shrinking
/// search that ends with one operation per edge.</summary>
[Collection(TorchStateCollection.Name)]
public sealed class ShrinkingAndDecisivenessTests
{
    [Fact]
    public void TheScheduleIsLogSpacedFromTheStartEpochToTheStartOfTheLastEpoch()
    {
        // The Rnn cell: 4 unary edges of 21 and 2 binary edges of 7 operations need 4·20 + 2·6 = 92 drops.
        var schedule = Shrinking.Schedule(92, fromEpoch: 1, epochs: 5, stepsPerEpoch: 78);
        Assert.Equal(92, schedule.Length);
        Assert.Equal(78, schedule[0]);
        Assert.Equal(4 * 78, schedule[^1]);
        Assert.True(schedule.Zip(schedule.Skip(1)).All(p => p.First <= p.Second), "drops come in order");
        // Log spacing puts most drops early: more than half within the first tenth of the span.
        Assert.True(schedule.Count(s => s < 78 + 0.1 * 3 * 78) > 46, string.Join(",", schedule));
        Assert.Equal([10], Shrinking.Schedule(1, 2, 4, 5));
        Assert.Empty(Shrinking.Schedule(0, 0, 3, 5));
    }

    [Fact]
    public void EachDropTakesTheLowestWeightedOperationOfTheFullestEdgeAndZeroFirst()
    {
        var wide = TestOps.Unary(TestOps.Identity, TestOps.Zero, TestOps.Sin, TestOps.Tanh);
        var narrow = TestOps.Unary(TestOps.Identity, TestOps.Sin, TestOps.Tanh);
        var architecture = new ArchitectureWeights([new ScopeInfo("A", "Test", "A", wide), new ScopeInfo("B", "Test", "B", narrow)], CPU);
        using (no_grad())
        {
            architecture.Alphas[0].copy_(tensor(new float[] { 0.5f, 3f, -1f, 0.2f }));
            architecture.Alphas[1].copy_(tensor(new float[] { -2f, 0.1f, 0.4f }));
        }
        var scopes = architecture.MixingScopes;
        Assert.Equal((0, 1), Shrinking.Next(scopes, excludeZero: true));   // A has the most; its Zero goes first
        Assert.Equal((0, 2), Shrinking.Next(scopes, excludeZero: false));  // without the rule, the lowest alpha
        scopes[0].Drop(1);
        Assert.Equal((0, 2), Shrinking.Next(scopes, excludeZero: true));   // a tie of 3 and 3: the first scope
        scopes[0].Drop(2);
        Assert.Equal((1, 0), Shrinking.Next(scopes, excludeZero: true));
        scopes[1].Drop(0);
        scopes[0].Drop(3);
        scopes[1].Drop(1);
        Assert.Null(Shrinking.Next(scopes, excludeZero: true));
        Assert.Equal([0, 2], architecture.Argmax(excludeZero: true));
    }

    [Fact]
    public void DecisivenessOfConstructedWeights()
    {
        var uniform = EdgeDecisiveness.Of([0.25f, 0.25f, 0.25f, 0.25f], [true, true, true, true], chosen: 0, stableSinceEpoch: 3);
        Assert.Equal(0.25, uniform.TopWeight, 6);
        Assert.Equal(0, uniform.Margin, 6);
        Assert.Equal(1, uniform.RelativeEntropy, 6);
        Assert.False(uniform.Decided);
        Assert.Equal(3, uniform.StableSinceEpoch);

        var peaked = EdgeDecisiveness.Of([0.7f, 0.1f, 0.1f, 0.1f], [true, true, true, true], 0, 0);
        Assert.Equal(0.6, peaked.Margin, 6);
        // H = −(0.7 ln 0.7 + 3 · 0.1 ln 0.1) over ln 4.
        Assert.Equal(-(0.7 * Math.Log(0.7) + 3 * 0.1 * Math.Log(0.1)) / Math.Log(4), peaked.RelativeEntropy, 6);
        Assert.True(peaked.Decided);

        // Twice uniform over those in play: 0.5 of two in play is decided only at 2/2 = 1; 0.66 of three at 2/3.
        Assert.False(EdgeDecisiveness.Of([0.49f, 0.51f, 0f], [true, true, false], 1, 0).Decided);
        Assert.False(EdgeDecisiveness.Of([0.66f, 0.17f, 0.17f], [true, true, true], 0, 0).Decided);
        Assert.True(EdgeDecisiveness.Of([0.67f, 0.165f, 0.165f], [true, true, true], 0, 0).Decided);
        var single = EdgeDecisiveness.Of([0f, 1f, 0f], [false, true, false], 1, 2);
        Assert.True(single.Decided);
        Assert.Equal((1, 0.0), (single.InPlay, single.RelativeEntropy));
        Assert.Throws<ArgumentException>(() => EdgeDecisiveness.Of([0.5f, 0.5f], [true, false], 1, 0));
    }

    [Theory]
    [InlineData(SearchMethod.Darts)]
    [InlineData(SearchMethod.DrNas)]
    [InlineData(SearchMethod.Gdas)]
    public void AShrinkingSearchEndsWithOneOperationPerEdgeAndRecordsEveryDrop(SearchMethod method)
    {
        using var data = SearchFixtures.SmallData();
        var options = SearchFixtures.SmallOptions(epochs: 3) with { Method = method, Shrink = true, WarmupEpochs = 1 };
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), options, data);
        var result = search.Run();

        var drops = result.Epochs.SelectMany(e => e.Dropped ?? []).ToArray();
        Assert.Equal(5, drops.Length);
        Assert.Empty(result.Epochs[0].Dropped!);                                  // the warm-start epoch drops nothing
        Assert.False(result.Epochs[0].ArchitectureUpdated);
        Assert.Equal(search.ShrinkSchedule.Select(s => (int)(s / search.StepsPerEpoch)), drops.Select(d => d.Epoch));
        var last = result.Epochs[^1].Scopes[0];
        Assert.Equal(1, last.Active!.Count(a => a));
        Assert.Equal(last.Operations[last.Active!.ToList().IndexOf(true)], result.Genotype.Act);
        Assert.True(result.Epochs[^1].Decided);
        Assert.DoesNotContain(result.Genotype.Act, drops.Select(d => d.Operation));
    }

    [Fact]
    public void WarmStartEpochsLeaveTheAlphasAsInitialised()
    {
        using var data = SearchFixtures.SmallData();
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(epochs: 2) with { WarmupEpochs = 1 }, data);
        var initial = SearchFixtures.AlphaBits(search);
        var first = search.Supernet.WeightParameters()[0].detach().clone();
        var result = search.Run();
        Assert.Equal(initial, result.Epochs[0].Scopes.Select(s => s.Alphas.Select(BitConverter.SingleToInt32Bits).ToArray()).ToArray());
        Assert.NotEqual(initial, SearchFixtures.AlphaBits(search));
        Assert.False(first.eq(search.Supernet.WeightParameters()[0]).all().item<bool>());
    }
}
