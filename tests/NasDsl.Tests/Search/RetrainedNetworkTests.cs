using NasDsl.Data;
using NasDsl.Search;
using NasDsl.Tests.Export;
using NasDsl.Tests.Sample;
using static TorchSharp.torch;

namespace NasDsl.Tests.Search;

/// <summary><see cref="Retrainer{TGenotype}.TrainNetwork"/> hands over the trained network, and its saved weights load
/// back into a network of the same genotype that computes the same outputs.</summary>
public sealed class RetrainedNetworkTests
{
    [Fact]
    public void SavedWeightsLoadIntoANetworkOfTheGenotypeThatGivesTheSameTestOutputs()
    {
        using var data = SyntheticDataset.CreateSplit([1, 28, 28], classes: 4, trainCount: 64, testCount: 32, seed: 3);
        var genotype = ParametricSpace.Definition.GenotypeFromNames(new Dictionary<string, string>
        {
            ["Act.U1"] = "BetaMul", ["Act.U2"] = "Sqrt", ["Act.B1"] = "BetaMix", ["Act.B2"] = "ExpBetaAbsDistance",
        });
        var retrainer = new Retrainer<ParametricSpace.Genotype>(ParametricSpace.Definition,
            new RetrainOptions { Epochs = 2, BatchSize = 16, Threads = 1, Seed = 5 }, data.Train, data.Test);
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "found-seed5.bin");

        Tensor expected;
        double accuracy;
        using (var trained = retrainer.TrainNetwork(genotype))
        {
            Assert.Same(genotype, trained.Genotype);
            Assert.Equal(trained.Result.Test.Accuracy, Evaluator.Evaluate(trained.Network, data.Test).Accuracy);
            // Training moved β off its initial ones, so loading them back is not vacuous.
            var beta = trained.Network.named_parameters().First(p => p.name.EndsWith("beta", StringComparison.Ordinal)).parameter;
            Assert.NotEqual(0, (beta - 1).abs().max().item<float>());
            trained.Save(path);
            accuracy = trained.Result.Test.Accuracy;
            var (images, _) = data.Test.Gather(arange(32), CPU);
            using (no_grad()) expected = trained.Network.forward(images);
        }

        using var loaded = ParametricSpace.Definition.CreateDiscrete(genotype, new SpaceOptions(data.Train.SampleShape, data.Train.Classes));
        loaded.load(path);
        loaded.eval();
        var (testImages, _) = data.Test.Gather(arange(32), CPU);
        using (no_grad()) Assert.True(expected.eq(loaded.forward(testImages)).all().item<bool>(), "the loaded network's test outputs differ from the trained one's");
        Assert.Equal(accuracy, Evaluator.Evaluate(loaded, data.Test).Accuracy);
        Assert.DoesNotContain(Directory.GetFiles(folder.Path), f => Path.GetFileName(f).StartsWith('.'));
    }
}
