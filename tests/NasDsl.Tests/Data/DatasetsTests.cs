using NasDsl.Cli;
using NasDsl.Data;
using Xunit;
using static NasDsl.Tests.Data.DataFiles;

namespace NasDsl.Tests.Data;

/// <summary>Loads the shipped subset once for the tests that read it.</summary>
public sealed class EmbeddedSubsetFixture : IDisposable
{
    public DataSplit Split { get; } = Datasets.LoadFolder(DefaultData.SubsetFolder);

    public void Dispose() => Split.Dispose();
}

public sealed class DatasetsTests(EmbeddedSubsetFixture subset) : IClassFixture<EmbeddedSubsetFixture>, IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EmbeddedSubsetIsCopiedNextToTheAssembly()
    {
        foreach (var name in IdxReader.FileNames)
            Assert.True(File.Exists(Path.Combine(DefaultData.SubsetFolder, name + ".gz")), $"{name}.gz not in {DefaultData.SubsetFolder}");
    }

    [Fact]
    public void EmbeddedSubsetHoldsABalancedTenThousandAndTwoThousand()
    {
        var train = Assert.IsType<InMemoryDataset>(subset.Split.Train);
        var test = Assert.IsType<InMemoryDataset>(subset.Split.Test);

        Assert.Equal(10_000, train.Count);
        Assert.Equal(2_000, test.Count);
        Assert.Equal(10, train.Classes);
        Assert.Equal([1L, 28, 28], train.SampleShape);
        Assert.All(train.ClassCounts(), n => Assert.Equal(1_000, n));
        Assert.All(test.ClassCounts(), n => Assert.Equal(200, n));
        Assert.Equal("fashion-mnist-subset/train", train.Name);
    }

    [Fact]
    public void EmbeddedSubsetTrainingSetIsStandardised()
    {
        var images = ((InMemoryDataset)subset.Split.Train).Images;

        Assert.Equal(0, images.mean().item<float>(), 1e-4);
        Assert.Equal(1, images.std(unbiased: false).item<float>(), 1e-4);
        // Fashion-MNIST is dark on average: the raw mean is well below mid-grey.
        Assert.InRange(subset.Split.Normalization.Mean[0], 0.2f, 0.4f);
        // The test split uses the training statistics, so its mean is near but not exactly 0.
        var testMean = ((InMemoryDataset)subset.Split.Test).Images.mean().item<float>();
        Assert.InRange(testMean, -0.1f, 0.1f);
        Assert.NotEqual(0, testMean, 1e-4);
    }

    [Fact]
    public void DefaultFallsBackToTheSubsetWithAHint()
    {
        using var split = DefaultData.Load(_dir.File("absent"), DefaultData.SubsetFolder, maxTrain: 100, maxTest: 20);

        Assert.Contains("Fashion-MNIST subset", split.Description);
        Assert.Contains(DefaultData.SubsetFolder, split.Description);
        Assert.Contains("apt-get install dataset-fashion-mnist", split.Description);
        Assert.Equal(DefaultData.FullSetHint, split.Hint);
        Assert.DoesNotContain('\n', split.Description);
        Assert.Equal(100, split.Train.Count);
        Assert.Equal(20, split.Test.Count);
    }

    [Fact]
    public void DefaultPrefersTheSystemFolder()
    {
        WriteIdxFolder(_dir.Path, gzip: true);

        using var split = DefaultData.Load(_dir.Path, DefaultData.SubsetFolder, null, null);

        Assert.StartsWith($"Fashion-MNIST from {_dir.Path}", split.Description);
        Assert.Null(split.Hint);
        Assert.Equal(12, split.Train.Count);
    }

    [Fact]
    public void DefaultWithNeitherSaysWhereItLooked()
    {
        var e = Assert.Throws<DatasetException>(() => DefaultData.Load(_dir.File("a"), _dir.File("b"), null, null));

        Assert.Contains(_dir.File("a"), e.Message);
        Assert.Contains(_dir.File("b"), e.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
    }

    [Fact]
    public void CapsTakeAClassBalancedPrefix()
    {
        using var split = Datasets.LoadFolder(DefaultData.SubsetFolder, maxTrain: 25, maxTest: 10);
        using var again = Datasets.LoadFolder(DefaultData.SubsetFolder, maxTrain: 25, maxTest: 10);

        var train = (InMemoryDataset)split.Train;
        Assert.Equal(25, train.Count);
        Assert.Equal([3L, 3, 3, 3, 3, 2, 2, 2, 2, 2], train.ClassCounts());
        Assert.All(((InMemoryDataset)split.Test).ClassCounts(), n => Assert.Equal(1, n));
        Assert.Equal(train.Labels.data<long>().ToArray(), ((InMemoryDataset)again.Train).Labels.data<long>().ToArray());
        Assert.True(train.Images.allclose(((InMemoryDataset)again.Train).Images, 0, 0));
        Assert.Contains("25 train / 10 test", split.Description);
    }

    [Fact]
    public void BalancedPrefixTakesClassesInTurnAndKeepsFileOrder()
    {
        var set = new RawImageSet("x", [10, 11, 12, 13, 14, 15, 16, 17], [1, 1, 1], [0, 0, 0, 1, 2, 2, 1, 0], 3);

        var prefix = set.BalancedPrefix(5);

        // Round 1 takes samples 0 (class 0), 3 (class 1), 4 (class 2); round 2 takes 1 (class 0), 6 (class 1).
        Assert.Equal([10, 11, 13, 14, 16], prefix.Pixels);
        Assert.Equal([0, 0, 1, 2, 1], prefix.Labels);
        Assert.Same(set, set.BalancedPrefix(8));
    }

    [Fact]
    public void RejectsNonPositiveCapsBeforeReading()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Datasets.LoadFolder(_dir.File("absent"), maxTrain: 0));
    }

    [Fact]
    public void RejectsMissingFolder()
    {
        var path = _dir.File("absent");

        AssertRejects(() => Datasets.LoadFolder(path), path, "folder not found");
    }
}
