using NasDsl.Data;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Data;

public sealed class InMemoryDatasetTests
{
    [Fact]
    public void GatherSelectsTheRowsAsked()
    {
        using var data = FromRaw();
        using var indices = tensor(new long[] { 3, 0, 3 });

        var (images, labels) = data.Gather(indices, CPU);
        using (images)
        using (labels)
        {
            Assert.Equal([3L, 1, 2, 2], images.shape);
            Assert.Equal([3L, 0, 3], labels.data<long>().ToArray());
            Assert.True(images[0].allclose(data.Images[3], 0, 0));
            Assert.True(images[1].allclose(data.Images[0], 0, 0));
            Assert.Equal(ScalarType.Float32, images.dtype);
            Assert.Equal(DeviceType.CPU, images.device_type);
        }
    }

    [Fact]
    public void GatherAcceptsInt32Indices()
    {
        using var data = FromRaw();
        using var indices = tensor(new[] { 2, 1 });

        var (images, labels) = data.Gather(indices, CPU);
        using (images)
        using (labels)
            Assert.Equal([2L, 1], labels.data<long>().ToArray());
    }

    [Fact]
    public void BatchesDieWithTheCallersScopeAndTheDatasetLives()
    {
        using var data = FromRaw();
        Tensor images;
        using (NewDisposeScope())
        {
            using var indices = tensor(new long[] { 1 });
            images = data.Gather(indices, CPU).Images;
        }

        Assert.True(images.IsInvalid);
        Assert.False(data.Images.IsInvalid);
        Assert.Equal(4, data.Images.shape[0]);
    }

    [Fact]
    public void RejectsMismatchedCounts()
    {
        using var images = zeros(3, 1, 2, 2);
        using var labels = zeros(2, ScalarType.Int64);

        Assert.Throws<ArgumentException>(() => new InMemoryDataset("x", images, labels, 2));
    }

    // Built inside a scope that ends before the test uses the dataset.
    private static InMemoryDataset FromRaw()
    {
        using var scope = NewDisposeScope();
        var set = new RawImageSet("x", DataFiles.Pixels(4, 4), [1, 2, 2], [0, 1, 2, 3], 4);
        return InMemoryDataset.FromRaw(set, Normalization.Measure(set));
    }
}
