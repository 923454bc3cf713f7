using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NasDsl.Tests.Search;

[Collection(TorchStateCollection.Name)]
public sealed class EvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void EvaluatorComputesLossAndAccuracyInEvaluationModeAndRestoresTheMode()
    {
        // Logits (1, 0) for every sample: label 0 is right, label 1 wrong; cross-entropy log(1 + e^∓1).
        using var model = nn.Linear(2, 2);
        using (no_grad())
        {
            model.weight!.zero_();
            model.bias!.copy_(tensor(new[] { 1f, 0f }));
        }
        using var data = new InMemoryDataset("fixed", zeros(10, 2), tensor(new long[] { 0, 0, 0, 1, 0, 0, 1, 0, 0, 0 }), 2);
        model.train();

        var result = Evaluator.Evaluate(model, data, batchSize: 3);

        Assert.Equal(10, result.Samples);
        Assert.Equal(0.8, result.Accuracy, 12);
        var expected = (8 * Math.Log(1 + Math.Exp(-1)) + 2 * Math.Log(1 + Math.Exp(1))) / 10;
        Assert.Equal(expected, result.Loss, 5);
        Assert.True(model.training);

        var limited = Evaluator.Evaluate(model, data, batchSize: 3, limitBatches: 2);
        Assert.Equal(6, limited.Samples);
    }

    [Fact]
    public void OneShotEvaluationRunsTheSupernet()
    {
        using var data = SearchFixtures.SmallData();
        using var search = new DartsSearch<MlpGenotype>(SearchFixtures.SmallSpace(), SearchFixtures.SmallOptions(1), data);
        search.Run();
        var result = Evaluator.OneShot(search.Supernet, data);
        Assert.Equal(512, result.Samples);
        Assert.InRange(result.Accuracy, 0, 1);
        Assert.True(double.IsFinite(result.Loss));
    }

    [Fact]
    public void RetrainingTrainsTheDiscreteNetworkAndBeatsAWrongBaseline()
    {
        // Square teacher: a network with the square activation can fit it, one with the identity cannot.
        using var all = TeacherData.CreateBinned(TestOps.Square.Unary!, 2560, 8, 4, 4, seed: 21);
        using var train = all.Slice("train", 0, 2048);
        using var test = all.Slice("test", 2048, 512);
        var space = new MlpSpace(TestOps.Unary(TestOps.Identity, TestOps.Tanh, TestOps.Square), hidden: 8);
        var options = new RetrainOptions { Epochs = 4, BatchSize = 64, LearningRate = 0.1, Seed = 3 };
        var retrainer = new Retrainer<MlpGenotype>(space, options, train, test);
        var epochs = new List<RetrainEpoch>();
        retrainer.EpochCompleted += epochs.Add;

        var comparison = retrainer.Compare(new MlpGenotype("Square"), new MlpGenotype("Identity"));

        output.WriteLine($"test accuracy: square {comparison.Found.Test.Accuracy:F3}, identity {comparison.Baseline.Test.Accuracy:F3}");
        Assert.Equal(8, epochs.Count);
        Assert.Equal(4, comparison.Found.Epochs.Count);
        Assert.Equal("Out(H(x)²)", comparison.Found.Genotype);
        Assert.Equal("Out(H(x))", comparison.Baseline.Genotype);
        Assert.Equal(512, comparison.Found.Test.Samples);
        Assert.Equal(0.1, comparison.Found.Epochs[0].LearningRate);
        Assert.True(comparison.Found.Epochs[^1].TrainLoss < comparison.Found.Epochs[0].TrainLoss);
        Assert.True(comparison.AccuracyGain > 0.1, $"square {comparison.Found.Test.Accuracy}, identity {comparison.Baseline.Test.Accuracy}");

        // Same seed, same genotype: the same network and result.
        var again = retrainer.Train(new MlpGenotype("Square"));
        Assert.Equal(comparison.Found.Test, again.Test);
    }
}
