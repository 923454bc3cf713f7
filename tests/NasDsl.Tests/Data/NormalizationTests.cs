using NasDsl.Data;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Data;

public sealed class NormalizationTests
{
    [Fact]
    public void StandardisesEachChannelOfTheTrainingSet()
    {
        // Three channels with different ranges, so one global mean/std would not standardise them all.
        var random = new Random(5);
        var pixels = new byte[40 * 3 * 4 * 4];
        for (var i = 0; i < pixels.Length; i++)
        {
            var c = i / 16 % 3;
            pixels[i] = (byte)(c * 60 + random.Next(0, 40 + c * 50));
        }
        var set = new RawImageSet("x", pixels, [3, 4, 4], new byte[40], 1);

        var normalization = Normalization.Measure(set);
        using var images = normalization.Apply(set);

        using var mean = images.mean([0, 2, 3]);
        using var std = images.std([0, 2, 3], unbiased: false);
        Assert.All(mean.data<float>().ToArray(), m => Assert.Equal(0, m, 1e-5));
        Assert.All(std.data<float>().ToArray(), s => Assert.Equal(1, s, 1e-5));
        Assert.Equal(3, normalization.Mean.Distinct().Count());
    }

    [Fact]
    public void ByteAndTensorMeasurementsAgree()
    {
        var set = new RawImageSet("x", DataFiles.Pixels(7, 2 * 3 * 3), [2, 3, 3], new byte[7], 1);
        using var raw = tensor(set.Pixels, [7, 2, 3, 3]).to(ScalarType.Float32).div_(255f);

        var fromBytes = Normalization.Measure(set);
        var fromTensor = Normalization.Measure(raw);

        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(fromBytes.Mean[c], fromTensor.Mean[c], 1e-6);
            Assert.Equal(fromBytes.Std[c], fromTensor.Std[c], 1e-6);
        }
    }

    [Fact]
    public void ConstantChannelStaysFinite()
    {
        var set = new RawImageSet("x", Enumerable.Repeat((byte)128, 8).ToArray(), [1, 2, 2], new byte[2], 1);

        var normalization = Normalization.Measure(set);
        using var images = normalization.Apply(set);

        Assert.Equal(1f, normalization.Std[0]);
        Assert.All(images.data<float>().ToArray(), v => Assert.Equal(0f, v));
    }
}
