using System.Globalization;

namespace NasDsl.Data;

/// <summary>The on-disk formats <see cref="Datasets.LoadFolder"/> recognises.</summary>
public enum DatasetFormat
{
    /// <summary>MNIST-style IDX files (MNIST, Fashion-MNIST), raw or gzip-compressed.</summary>
    Idx,

    /// <summary>The binary version of CIFAR-10.</summary>
    Cifar10,
}

/// <summary>Entry point for loading data: a folder in a known format. (Default data is the host's: NasDsl.Cli.DefaultData.)</summary>
public static class Datasets
{
    /// <summary>The format of the dataset in <paramref name="folder"/>.</summary>
    /// <exception cref="DatasetException">The folder does not exist or holds no recognised dataset.</exception>
    public static DatasetFormat Detect(string folder)
    {
        if (!Directory.Exists(folder)) throw new DatasetException(folder, "folder not found");
        if (IdxReader.Recognises(folder)) return DatasetFormat.Idx;
        if (Cifar10Reader.Recognises(folder)) return DatasetFormat.Cifar10;
        throw new DatasetException(folder,
            "no recognised dataset; looked for IDX files (" + string.Join(", ", IdxReader.FileNames.Select(n => $"{n}[.gz]")) +
            ") and CIFAR-10 binary batches (" + string.Join(", ", Cifar10Reader.FileNames) + $", also under {Cifar10Reader.ArchiveFolder}/)");
    }

    /// <summary>
    /// Loads the dataset in <paramref name="path"/> (IDX or CIFAR-10, detected from the file names), caps each
    /// split to a class-balanced prefix when asked, then normalises both splits with the training split's
    /// per-channel statistics (measured after capping, on the data actually trained on).
    /// </summary>
    /// <param name="path">The dataset folder.</param>
    /// <param name="maxTrain">At most this many training samples (see <see cref="RawImageSet.BalancedPrefix"/>); null for all.</param>
    /// <param name="maxTest">At most this many test samples; null for all.</param>
    /// <param name="label">What <see cref="DataSplit.Description"/> calls the data; null for the format's name.</param>
    /// <exception cref="DatasetException">The folder or one of its files cannot be read as a dataset.</exception>
    public static DataSplit LoadFolder(string path, int? maxTrain = null, int? maxTest = null, string? label = null) =>
        Load(path, maxTrain, maxTest, label);

    private static DataSplit Load(string path, int? maxTrain, int? maxTest, string? label)
    {
        // Fail on a bad cap before spending seconds on decompression.
        if (maxTrain is { } t) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(t, nameof(maxTrain));
        if (maxTest is { } s) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s, nameof(maxTest));
        var format = Detect(path);
        var (train, test) = format == DatasetFormat.Idx ? IdxReader.ReadFolder(path) : Cifar10Reader.ReadFolder(path);
        var capped = maxTrain is not null || maxTest is not null ? " (class-balanced prefix)" : "";
        if (maxTrain is { } mt) train = train.BalancedPrefix(mt);
        if (maxTest is { } ms) test = test.BalancedPrefix(ms);
        var normalization = Normalization.Measure(train);
        var trainSet = InMemoryDataset.FromRaw(train, normalization);
        var testSet = InMemoryDataset.FromRaw(test, normalization);
        return new DataSplit(trainSet, testSet, normalization)
        {
            Description = $"{label ?? FormatName(format)} from {path}: {Counts(train, test)}{capped}",
            Folder = Path.GetFullPath(path),
        };
    }

    private static string Counts(RawImageSet train, RawImageSet test) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{train.Count:N0} train / {test.Count:N0} test, {string.Join("×", train.SampleShape)}, {train.Classes} classes");

    private static string FormatName(DatasetFormat format) => format switch
    {
        DatasetFormat.Idx => "IDX",
        DatasetFormat.Cifar10 => "CIFAR-10",
        _ => format.ToString(),
    };
}
