using System.IO.Compression;
using NasDsl.Data;
using Xunit;

namespace NasDsl.Tests.Data;

/// <summary>A temporary folder the tests write dataset files into; deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nasdsl-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Sub(string name) => Directory.CreateDirectory(File(name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
    }
}

/// <summary>Writers for small, known datasets.</summary>
internal static class DataFiles
{
    /// <summary>Pixel <c>i</c> of the whole file is <c>(i * 37 + 11) % 256</c>: every value differs from its neighbours.</summary>
    public static byte[] Pixels(int count, int sampleSize, int salt = 0) =>
        Enumerable.Range(0, count * sampleSize).Select(i => (byte)((i * 37 + 11 + salt) % 256)).ToArray();

    public static byte[] Labels(int count, int classes = 10, int offset = 0) =>
        Enumerable.Range(0, count).Select(i => (byte)((i + offset) % classes)).ToArray();

    /// <summary>A complete IDX folder with 2×3 images: <paramref name="train"/> training and <paramref name="test"/> test samples.</summary>
    public static (byte[] TrainPixels, byte[] TrainLabels, byte[] TestPixels, byte[] TestLabels) WriteIdxFolder(
        string folder, bool gzip, int train = 12, int test = 5)
    {
        var suffix = gzip ? ".gz" : "";
        var trainPixels = Pixels(train, 6);
        var trainLabels = Labels(train);
        var testPixels = Pixels(test, 6, salt: 5);
        var testLabels = Labels(test, offset: 3);
        IdxReader.WriteImages(Path.Combine(folder, "train-images-idx3-ubyte" + suffix), trainPixels, train, 2, 3, gzip);
        IdxReader.WriteLabels(Path.Combine(folder, "train-labels-idx1-ubyte" + suffix), trainLabels, gzip);
        IdxReader.WriteImages(Path.Combine(folder, "t10k-images-idx3-ubyte" + suffix), testPixels, test, 2, 3, gzip);
        IdxReader.WriteLabels(Path.Combine(folder, "t10k-labels-idx1-ubyte" + suffix), testLabels, gzip);
        return (trainPixels, trainLabels, testPixels, testLabels);
    }

    /// <summary>A complete CIFAR-10 folder: <paramref name="perBatch"/> records in each of the five training batches and the test batch.</summary>
    public static (byte[] TrainPixels, byte[] TrainLabels, byte[] TestPixels, byte[] TestLabels) WriteCifarFolder(string folder, int perBatch = 2)
    {
        var trainPixels = Pixels(5 * perBatch, Cifar10Reader.ImageSize);
        var trainLabels = Labels(5 * perBatch, offset: 1);
        for (var b = 0; b < 5; b++)
            Cifar10Reader.Write(Path.Combine(folder, $"data_batch_{b + 1}.bin"),
                trainLabels.AsSpan(b * perBatch, perBatch), trainPixels.AsSpan(b * perBatch * Cifar10Reader.ImageSize, perBatch * Cifar10Reader.ImageSize));
        var testPixels = Pixels(perBatch, Cifar10Reader.ImageSize, salt: 9);
        var testLabels = Labels(perBatch, offset: 7);
        Cifar10Reader.Write(Path.Combine(folder, "test_batch.bin"), testLabels, testPixels);
        return (trainPixels, trainLabels, testPixels, testLabels);
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    /// <summary>Per-channel population mean and std of bytes on the 0–1 scale, in doubles: the reference the float code is checked against.</summary>
    public static (double[] Mean, double[] Std) Stats(byte[] pixels, int channels, int plane)
    {
        var mean = new double[channels];
        var std = new double[channels];
        for (var c = 0; c < channels; c++)
        {
            var values = Enumerable.Range(0, pixels.Length / plane).Where(p => p % channels == c)
                .SelectMany(p => pixels.Skip(p * plane).Take(plane)).Select(b => b / 255.0).ToArray();
            mean[c] = values.Average();
            std[c] = Math.Sqrt(values.Select(v => (v - mean[c]) * (v - mean[c])).Average());
        }
        return (mean, std);
    }

    /// <summary>Asserts <paramref name="action"/> throws a <see cref="DatasetException"/> about <paramref name="file"/>
    /// whose problem contains each of <paramref name="problemParts"/>, and whose message names both.</summary>
    public static DatasetException AssertRejects(Action action, string file, params string[] problemParts)
    {
        var e = Assert.Throws<DatasetException>(action);
        Assert.Equal(file, e.File);
        Assert.Contains(file, e.Message);
        foreach (var part in problemParts) Assert.Contains(part, e.Problem);
        Assert.Contains(e.Problem, e.Message);
        return e;
    }
}
