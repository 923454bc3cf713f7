using NasDsl.Data;
using Xunit;
using static NasDsl.Tests.Data.DataFiles;

namespace NasDsl.Tests.Data;

public sealed class Cifar10ReaderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RoundTripGivesExactNormalisedValues()
    {
        var (trainPixels, trainLabels, testPixels, testLabels) = WriteCifarFolder(_dir.Path);

        Assert.Equal(DatasetFormat.Cifar10, Datasets.Detect(_dir.Path));
        using var split = Datasets.LoadFolder(_dir.Path);

        var train = Assert.IsType<InMemoryDataset>(split.Train);
        var test = Assert.IsType<InMemoryDataset>(split.Test);
        Assert.Equal([3L, 32, 32], train.SampleShape);
        Assert.Equal(10, train.Count);
        Assert.Equal(2, test.Count);
        // Batches 1..5 are concatenated in order.
        Assert.Equal(trainLabels.Select(b => (long)b), train.Labels.data<long>().ToArray());
        Assert.Equal(testLabels.Select(b => (long)b), test.Labels.data<long>().ToArray());

        var (mean, std) = Stats(trainPixels, 3, 1024);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(mean[c], split.Normalization.Mean[c], 1e-6);
            Assert.Equal(std[c], split.Normalization.Std[c], 1e-6);
        }
        AssertValues(trainPixels, train.Images.data<float>().ToArray(), mean, std);
        AssertValues(testPixels, test.Images.data<float>().ToArray(), mean, std);
    }

    [Fact]
    public void ReadsTheArchiveSubfolder()
    {
        WriteCifarFolder(_dir.Sub(Cifar10Reader.ArchiveFolder));

        using var split = Datasets.LoadFolder(_dir.Path);

        Assert.Equal(10, split.Train.Count);
    }

    [Fact]
    public void RejectsSizeThatIsNotWholeRecords()
    {
        WriteCifarFolder(_dir.Path);
        var path = _dir.File("data_batch_3.bin");
        using (var file = File.OpenWrite(path))
        {
            file.Seek(0, SeekOrigin.End);
            file.Write(new byte[5]);
        }

        AssertRejects(() => Datasets.LoadFolder(_dir.Path), path,
            "size 6151 bytes", "not a whole number of 3073-byte records", "2 records and 5 bytes left over");
    }

    [Fact]
    public void RejectsEmptyFile()
    {
        WriteCifarFolder(_dir.Path);
        var path = _dir.File("test_batch.bin");
        File.WriteAllBytes(path, []);

        AssertRejects(() => Datasets.LoadFolder(_dir.Path), path, "empty", "3073-byte records");
    }

    [Fact]
    public void RejectsLabelAboveNine()
    {
        WriteCifarFolder(_dir.Path);
        var path = _dir.File("test_batch.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[Cifar10Reader.RecordSize] = 10;
        File.WriteAllBytes(path, bytes);

        AssertRejects(() => Datasets.LoadFolder(_dir.Path), path, "label 10 in record 1", "0..9");
    }

    [Fact]
    public void RejectsMissingFilesNamingWhich()
    {
        WriteCifarFolder(_dir.Path);
        File.Delete(_dir.File("data_batch_4.bin"));
        File.Delete(_dir.File("test_batch.bin"));

        var e = AssertRejects(() => Datasets.LoadFolder(_dir.Path), _dir.Path, "missing data_batch_4.bin, test_batch.bin");
        Assert.DoesNotContain("data_batch_1", e.Problem);
    }

    [Fact]
    public void RejectsFolderWithNone()
    {
        File.WriteAllBytes(_dir.File("data_batch_1"), [1, 2, 3]);

        AssertRejects(() => Cifar10Reader.ReadFolder(_dir.Path), _dir.Path,
            "no CIFAR-10 binary dataset", "data_batch_1.bin", "data_batch_5.bin", "test_batch.bin", "Python (pickle) version");
    }

    private static void AssertValues(byte[] pixels, float[] values, double[] mean, double[] std)
    {
        Assert.Equal(pixels.Length, values.Length);
        for (var i = 0; i < pixels.Length; i++)
        {
            var c = i / 1024 % 3;
            Assert.Equal((pixels[i] / 255.0 - mean[c]) / std[c], values[i], 1e-5);
        }
    }
}
