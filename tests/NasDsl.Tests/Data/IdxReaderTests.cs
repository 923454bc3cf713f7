using NasDsl.Data;
using Xunit;
using static NasDsl.Tests.Data.DataFiles;

namespace NasDsl.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTripGivesExactNormalisedValues(bool gzip)
    {
        var (trainPixels, trainLabels, testPixels, testLabels) = WriteIdxFolder(_dir.Path, gzip);

        using var split = Datasets.LoadFolder(_dir.Path);

        var train = Assert.IsType<InMemoryDataset>(split.Train);
        var test = Assert.IsType<InMemoryDataset>(split.Test);
        Assert.Equal([1L, 2, 3], train.SampleShape);
        Assert.Equal(12, train.Count);
        Assert.Equal(5, test.Count);
        Assert.Equal(10, train.Classes);
        Assert.Equal(trainLabels.Select(b => (long)b), train.Labels.data<long>().ToArray());
        Assert.Equal(testLabels.Select(b => (long)b), test.Labels.data<long>().ToArray());

        // Both splits are normalised with the training split's statistics.
        var (mean, std) = Stats(trainPixels, 1, 6);
        Assert.Equal(mean[0], split.Normalization.Mean[0], 1e-6);
        Assert.Equal(std[0], split.Normalization.Std[0], 1e-6);
        AssertValues(trainPixels, train.Images.data<float>().ToArray(), mean[0], std[0]);
        AssertValues(testPixels, test.Images.data<float>().ToArray(), mean[0], std[0]);
    }

    [Fact]
    public void GzipIsDetectedByContentNotName()
    {
        // Compressed data under the raw name and raw data under the .gz name.
        var pixels = Pixels(4, 4);
        IdxReader.WriteImages(_dir.File("a.gz"), pixels, 4, 2, 2, gzip: false);
        IdxReader.WriteImages(_dir.File("b"), pixels, 4, 2, 2, gzip: true);

        Assert.Equal(pixels, IdxReader.ReadImages(_dir.File("a.gz")).Pixels);
        Assert.Equal(pixels, IdxReader.ReadImages(_dir.File("b")).Pixels);
    }

    [Fact]
    public void RejectsWrongMagicNumber()
    {
        var path = _dir.File("train-images-idx3-ubyte");
        IdxReader.WriteLabels(path, Labels(3), gzip: false);

        AssertRejects(() => IdxReader.ReadImages(path), path, "wrong magic number", "expected 0x00000803", "found 0x00000801");
    }

    [Fact]
    public void RejectsTruncatedGzip()
    {
        var path = _dir.File("train-images-idx3-ubyte.gz");
        IdxReader.WriteImages(path, Pixels(200, 784), 200, 28, 28, gzip: true);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        AssertRejects(() => IdxReader.ReadImages(path), path, "gzip");
    }

    [Fact]
    public void RejectsCorruptGzip()
    {
        var path = _dir.File("train-labels-idx1-ubyte.gz");
        var bytes = Gzip([0, 0, 8, 1, 0, 0, 0, 4, 1, 2, 3, 4]);
        // Keep the gzip magic, break the deflate stream and the checksum.
        for (var i = 10; i < bytes.Length; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(path, bytes);

        AssertRejects(() => IdxReader.ReadLabels(path), path, "corrupt gzip");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RejectsTruncatedBody(bool gzip)
    {
        var path = _dir.File("t10k-images-idx3-ubyte");
        // The header says 3 images of 28×28, the body holds two and a half.
        var header = new byte[] { 0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 28, 0, 0, 0, 28 };
        var data = header.Concat(new byte[784 * 5 / 2]).ToArray();
        File.WriteAllBytes(path, gzip ? Gzip(data) : data);

        AssertRejects(() => IdxReader.ReadImages(path), path, "truncated", "3×28×28 = 2352 bytes", "only 1960");
    }

    [Fact]
    public void RejectsImageLabelCountMismatch()
    {
        var images = _dir.File("train-images-idx3-ubyte");
        var labels = _dir.File("train-labels-idx1-ubyte");
        IdxReader.WriteImages(images, Pixels(3, 4), 3, 2, 2, gzip: false);
        IdxReader.WriteLabels(labels, Labels(2), gzip: false);

        AssertRejects(() => IdxReader.Read(images, labels, "x"), labels, "2 labels", $"{images} holds 3 images");
    }

    [Fact]
    public void RejectsLabelOutOfRange()
    {
        var images = _dir.File("train-images-idx3-ubyte");
        var labels = _dir.File("train-labels-idx1-ubyte");
        IdxReader.WriteImages(images, Pixels(4, 4), 4, 2, 2, gzip: false);
        IdxReader.WriteLabels(labels, [1, 9, 10, 0], gzip: false);

        AssertRejects(() => IdxReader.Read(images, labels, "x"), labels, "label 10 at index 2", "0..9");
    }

    [Fact]
    public void RejectsFolderWithNoDataset()
    {
        File.WriteAllText(_dir.File("readme.txt"), "not a dataset");

        AssertRejects(() => IdxReader.ReadFolder(_dir.Path), _dir.Path,
            "no IDX dataset", "train-images-idx3-ubyte[.gz]", "train-labels-idx1-ubyte[.gz]",
            "t10k-images-idx3-ubyte[.gz]", "t10k-labels-idx1-ubyte[.gz]");
        AssertRejects(() => Datasets.LoadFolder(_dir.Path), _dir.Path,
            "no recognised dataset", "train-images-idx3-ubyte[.gz]", "data_batch_1.bin", "test_batch.bin");
    }

    [Fact]
    public void RejectsIncompleteFolderNamingTheMissingFile()
    {
        WriteIdxFolder(_dir.Path, gzip: true);
        File.Delete(_dir.File("t10k-labels-idx1-ubyte.gz"));

        var e = AssertRejects(() => Datasets.LoadFolder(_dir.Path), _dir.Path, "missing t10k-labels-idx1-ubyte[.gz]");
        Assert.DoesNotContain("train-images", e.Problem);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(28, 0)]
    [InlineData(0, 28)]
    public void RejectsImagesWithoutPixels(int rows, int cols)
    {
        var path = _dir.File("t10k-images-idx3-ubyte");
        IdxReader.WriteImages(path, [], 5, rows, cols, gzip: false);

        AssertRejects(() => IdxReader.ReadImages(path), path, $"its images are {rows}×{cols} pixels", "at least 1×1");
    }

    [Fact]
    public void RejectsAnImagesFileWithNoImages()
    {
        var images = _dir.File("train-images-idx3-ubyte");
        var labels = _dir.File("train-labels-idx1-ubyte");
        IdxReader.WriteImages(images, [], 0, 28, 28, gzip: false);
        IdxReader.WriteLabels(labels, [], gzip: false);

        AssertRejects(() => IdxReader.Read(images, labels, "x"), images, "holds no images");
    }

    [Fact]
    public void RejectsAFolderWhoseSplitsDifferInImageShape()
    {
        WriteIdxFolder(_dir.Path, gzip: false);
        var test = _dir.File("t10k-images-idx3-ubyte");
        IdxReader.WriteImages(test, Pixels(5, 6), 5, 3, 2, gzip: false);

        AssertRejects(() => Datasets.LoadFolder(_dir.Path), test,
            "its images are 3×2 pixels", $"the training images in {_dir.File("train-images-idx3-ubyte")} are 2×3");
    }

    private static void AssertValues(byte[] pixels, float[] values, double mean, double std)
    {
        Assert.Equal(pixels.Length, values.Length);
        for (var i = 0; i < pixels.Length; i++) Assert.Equal((pixels[i] / 255.0 - mean) / std, values[i], 1e-5);
    }
}
