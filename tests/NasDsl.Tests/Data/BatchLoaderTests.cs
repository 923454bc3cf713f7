using NasDsl.Data;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Data;

public sealed class BatchLoaderTests : IDisposable
{
    // Sample i's single pixel is i, so a batch's images spell out which samples it holds.
    private readonly InMemoryDataset _data = new("ids", arange(10, ScalarType.Float32).reshape(10, 1, 1, 1), arange(10, ScalarType.Int64).remainder(3), 3);

    public void Dispose() => _data.Dispose();

    [Fact]
    public void SameSeedAndEpochGiveTheSameOrder()
    {
        var a = new BatchLoader(_data, 4, CPU, shuffle: true, seed: 7);
        var b = new BatchLoader(_data, 4, CPU, shuffle: true, seed: 7);

        Assert.Equal(a.Order(3), b.Order(3));
        Assert.Equal(Ids(a.Epoch(3)), Ids(b.Epoch(3)));
        Assert.NotEqual(Enumerable.Range(0, 10).Select(i => (long)i), a.Order(3));
    }

    [Fact]
    public void DifferentEpochsOrSeedsGiveDifferentOrders()
    {
        var loader = new BatchLoader(_data, 4, CPU, shuffle: true, seed: 7);
        var other = new BatchLoader(_data, 4, CPU, shuffle: true, seed: 8);

        Assert.NotEqual(loader.Order(0), loader.Order(1));
        Assert.NotEqual(Ids(loader.Epoch(0)), Ids(loader.Epoch(1)));
        Assert.NotEqual(loader.Order(0), other.Order(0));
        // Each order is a permutation of all samples.
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), loader.Order(1).Order());
    }

    [Fact]
    public void ResumingAtBatchKGivesTheRemainingBatches()
    {
        var loader = new BatchLoader(_data, 3, CPU, shuffle: true, seed: 11);
        var full = Batches(loader.Epoch(5));

        var resumed = Batches(new BatchLoader(_data, 3, CPU, shuffle: true, seed: 11).Epoch(5, firstBatch: 2));

        Assert.Equal(full.Skip(2).Select(b => b.Ids), resumed.Select(b => b.Ids));
        Assert.Equal(full.Skip(2).Select(b => b.Labels), resumed.Select(b => b.Labels));
        Assert.Equal(2, resumed.Count);
    }

    [Theory]
    [InlineData(4, false, 3, 2)]
    [InlineData(4, true, 2, 4)]
    [InlineData(5, false, 2, 5)]
    [InlineData(16, false, 1, 10)]
    [InlineData(16, true, 0, 0)]
    public void BatchCountAndLastBatchSize(int batchSize, bool dropLast, int batches, int lastSize)
    {
        var loader = new BatchLoader(_data, batchSize, CPU, shuffle: true, seed: 1, dropLast: dropLast);

        var sizes = Batches(loader.Epoch(0)).Select(b => b.Ids.Length).ToList();

        Assert.Equal(batches, loader.BatchesPerEpoch);
        Assert.Equal(batches, sizes.Count);
        if (batches > 0) Assert.Equal(lastSize, sizes[^1]);
        Assert.All(sizes.SkipLast(1), s => Assert.Equal(batchSize, s));
    }

    [Fact]
    public void BatchesPairImagesWithTheirLabels()
    {
        var loader = new BatchLoader(_data, 4, CPU, shuffle: true, seed: 3);

        foreach (var (ids, labels) in Batches(loader.Epoch(2)))
            Assert.Equal(ids.Select(i => i % 3), labels);
    }

    private static List<long> Ids(IEnumerable<(Tensor Images, Tensor Labels)> batches) => Batches(batches).SelectMany(b => b.Ids).ToList();

    private static List<(long[] Ids, long[] Labels)> Batches(IEnumerable<(Tensor Images, Tensor Labels)> batches)
    {
        var result = new List<(long[], long[])>();
        foreach (var (images, labels) in batches)
        {
            using (images)
            using (labels)
                result.Add((images.data<float>().ToArray().Select(v => (long)v).ToArray(), labels.data<long>().ToArray()));
        }
        return result;
    }
}
