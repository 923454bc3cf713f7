namespace NasDsl.Data;

/// <summary>
/// Reads the binary version of CIFAR-10: <c>data_batch_1.bin</c> … <c>data_batch_5.bin</c> and
/// <c>test_batch.bin</c>, each a sequence of 3,073-byte records (a label byte, then 3×32×32 pixels, channel-major).
/// </summary>
public static class Cifar10Reader
{
    /// <summary>Bytes per record: one label byte and 3×32×32 pixel bytes.</summary>
    public const int RecordSize = 1 + ImageSize;

    /// <summary>Pixel bytes per image.</summary>
    public const int ImageSize = 3 * 32 * 32;

    /// <summary>CIFAR-10 has ten classes.</summary>
    public const int Classes = 10;

    /// <summary>The training batch files, in the order they are concatenated.</summary>
    public static readonly IReadOnlyList<string> TrainFiles = [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];

    /// <summary>The test batch file.</summary>
    public const string TestFile = "test_batch.bin";

    /// <summary>The sub-folder the official archive unpacks to; a folder holding it is read through it.</summary>
    public const string ArchiveFolder = "cifar-10-batches-bin";

    /// <summary>All files of the dataset.</summary>
    public static IEnumerable<string> FileNames => TrainFiles.Append(TestFile);

    /// <summary>Whether <paramref name="folder"/> (or its <see cref="ArchiveFolder"/>) holds any CIFAR-10 batch file.</summary>
    public static bool Recognises(string folder) => FileNames.Any(n => File.Exists(Path.Combine(Resolve(folder), n)));

    /// <summary>Reads the training batches (concatenated) and the test batch of a CIFAR-10 folder.</summary>
    /// <exception cref="DatasetException">No or some batch files are missing, or one is malformed.</exception>
    public static (RawImageSet Train, RawImageSet Test) ReadFolder(string folder)
    {
        var resolved = Resolve(folder);
        if (!Recognises(folder))
        {
            var python = File.Exists(Path.Combine(resolved, "data_batch_1"))
                ? "; data_batch_1 without .bin is the Python (pickle) version, which is not supported: use the binary version"
                : "";
            throw new DatasetException(folder, $"no CIFAR-10 binary dataset found; looked for {string.Join(", ", FileNames)}{python}");
        }
        var missing = FileNames.Where(n => !File.Exists(Path.Combine(resolved, n))).ToList();
        if (missing.Count > 0)
            throw new DatasetException(resolved, $"incomplete CIFAR-10 dataset: missing {string.Join(", ", missing)}");
        var train = Read(TrainFiles.Select(n => Path.Combine(resolved, n)).ToList(), "cifar-10/train");
        var test = Read([Path.Combine(resolved, TestFile)], "cifar-10/test");
        return (train, test);
    }

    /// <summary>Reads and concatenates the records of <paramref name="files"/>.</summary>
    /// <exception cref="DatasetException">A file's size is not a whole, non-zero number of records, or a label is above 9.</exception>
    public static RawImageSet Read(IReadOnlyList<string> files, string name)
    {
        var sizes = files.Select(CheckedSize).ToArray();
        var count = checked((int)(sizes.Sum() / RecordSize));
        var pixels = new byte[checked((long)count * ImageSize)];
        var labels = new byte[count];
        var n = 0;
        for (var f = 0; f < files.Count; f++)
        {
            var bytes = ReadAll(files[f]);
            if (bytes.Length != sizes[f]) throw new DatasetException(files[f], "changed while being read");
            for (var r = 0; r < bytes.Length / RecordSize; r++, n++)
            {
                var record = bytes.AsSpan(r * RecordSize, RecordSize);
                if (record[0] >= Classes)
                    throw new DatasetException(files[f], $"label {record[0]} in record {r} is out of range; labels must be 0..{Classes - 1}");
                labels[n] = record[0];
                record[1..].CopyTo(pixels.AsSpan(n * ImageSize, ImageSize));
            }
        }
        return new RawImageSet(name, pixels, [3, 32, 32], labels, Classes);
    }

    /// <summary>Writes records to a batch file (<paramref name="pixels"/> sample-major, channel-major); for tests.</summary>
    public static void Write(string path, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length != labels.Length * ImageSize)
            throw new ArgumentException($"{labels.Length} labels need {labels.Length * ImageSize} pixel bytes, not {pixels.Length}.", nameof(pixels));
        using var file = File.Create(path);
        for (var i = 0; i < labels.Length; i++)
        {
            file.WriteByte(labels[i]);
            file.Write(pixels.Slice(i * ImageSize, ImageSize));
        }
    }

    private static string Resolve(string folder)
    {
        var inner = Path.Combine(folder, ArchiveFolder);
        return Directory.Exists(inner) ? inner : folder;
    }

    private static long CheckedSize(string path)
    {
        if (!File.Exists(path)) throw new DatasetException(path, "file not found");
        var size = new FileInfo(path).Length;
        if (size == 0) throw new DatasetException(path, $"is empty; expected whole {RecordSize}-byte records");
        if (size % RecordSize != 0)
            throw new DatasetException(path,
                $"size {size} bytes is not a whole number of {RecordSize}-byte records ({size / RecordSize} records and {size % RecordSize} bytes left over)");
        return size;
    }

    private static byte[] ReadAll(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(path, $"cannot be read: {e.Message}", e);
        }
    }
}
