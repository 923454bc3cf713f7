using NasDsl.Cli;
using ActivationSearch;
using NasDsl.Data;
using NasDsl.Search;

namespace NasDsl.Tests.Search;

/// <summary>A short search on the shipped Fashion-MNIST subset learns: loss falls, alphas move, the result trains.</summary>
[Collection(TorchStateCollection.Name)]
public sealed class RealDataSearchTests
{
    [Fact]
    public void SimpleSpaceSearchLowersTheLossMovesAlphasAndItsGenotypeTrains()
    {
        using var data = DefaultData.Load(maxTrain: 4000, maxTest: 1000);
        var options = new SearchOptions { Epochs = 3, Seed = 2, Threads = 1, ArchitectureLearningRate = 3e-3 };
        using var search = new DartsSearch<SimpleSpace.Genotype>(SimpleSpace.Definition, options, data.Train);
        var initial = search.Supernet.Architecture.Values();
        var result = search.Run();

        Assert.True(result.Epochs[^1].TrainLoss < 0.8 * result.Epochs[0].TrainLoss,
            $"train loss {result.Epochs[0].TrainLoss:0.000} -> {result.Epochs[^1].TrainLoss:0.000}");
        Assert.True(result.Epochs[^1].ValidationLoss < result.Epochs[0].ValidationLoss);
        var final = search.Supernet.Architecture.Values();
        for (var scope = 0; scope < final.Length; scope++)
            Assert.True(final[scope].Zip(initial[scope]).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, $"alphas of {SimpleSpace.Definition.Scopes[scope].Path} did not move");

        var retrained = new Retrainer<SimpleSpace.Genotype>(SimpleSpace.Definition, new RetrainOptions { Epochs = 2, Seed = 2, Threads = 1 }, data.Train, data.Test)
            .Train(result.Genotype);
        Assert.True(retrained.Test.Accuracy > 0.6, $"retrained test accuracy {retrained.Test.Accuracy:P1}");
        Assert.True(retrained.Epochs[^1].TrainLoss < retrained.Epochs[0].TrainLoss);
    }
}
