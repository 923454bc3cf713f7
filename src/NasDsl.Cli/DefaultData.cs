using NasDsl.Data;

namespace NasDsl.Cli;

/// <summary>
/// The data a run uses without <c>--data</c>: Fashion-MNIST, the full set where Debian's <c>dataset-fashion-mnist</c>
/// package installed it, else the class-balanced subset this package copies next to the application. It lives in the
/// host, not the runtime, so a library that only uses NasDsl carries no images.
/// </summary>
public static class DefaultData
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the full Fashion-MNIST.</summary>
    public const string SystemFashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>How to get the full set when only the shipped subset is found.</summary>
    public const string FullSetHint = "for the full Fashion-MNIST (60,000 train / 10,000 test): apt-get install dataset-fashion-mnist";

    /// <summary>The class-balanced Fashion-MNIST subset copied next to the running application.</summary>
    public static string SubsetFolder => Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset");

    /// <summary>
    /// Fashion-MNIST: the full set from <see cref="SystemFashionMnistFolder"/> when installed, else the subset in
    /// <see cref="SubsetFolder"/>; <see cref="DataSplit.Description"/> says which, and <see cref="DataSplit.Hint"/> how to
    /// get the full set when the subset was used.
    /// </summary>
    /// <exception cref="DatasetException">Neither is present, or the one found cannot be read.</exception>
    public static DataSplit Load(int? maxTrain = null, int? maxTest = null) =>
        Load(SystemFashionMnistFolder, SubsetFolder, maxTrain, maxTest);

    /// <summary><see cref="Load(int?, int?)"/> with the two folders given, for tests.</summary>
    internal static DataSplit Load(string systemFolder, string subsetFolder, int? maxTrain, int? maxTest)
    {
        if (Directory.Exists(systemFolder) && IdxReader.Recognises(systemFolder))
            return Datasets.LoadFolder(systemFolder, maxTrain, maxTest, "Fashion-MNIST");
        if (Directory.Exists(subsetFolder) && IdxReader.Recognises(subsetFolder))
        {
            var subset = Datasets.LoadFolder(subsetFolder, maxTrain, maxTest, "Fashion-MNIST subset");
            return subset with { Description = $"{subset.Description}; {FullSetHint}", Hint = FullSetHint };
        }
        throw new DatasetException(subsetFolder,
            $"no Fashion-MNIST found: neither the full set in {systemFolder} nor the shipped subset here; {FullSetHint}");
    }
}
