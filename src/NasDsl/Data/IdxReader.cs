using System.Buffers.Binary;
using System.IO.Compression;

namespace NasDsl.Data;

/// <summary>
/// Reads MNIST-style IDX files (raw or gzip-compressed; gzip is recognised by its magic bytes, not the file
/// name): unsigned-byte images <c>[N, rows, cols]</c> (magic 0x00000803) and labels <c>[N]</c> (magic 0x00000801),
/// with a big-endian header.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an IDX file of unsigned-byte images <c>[N, rows, cols]</c>.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX file of unsigned-byte labels <c>[N]</c>.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>IDX datasets (MNIST, Fashion-MNIST) have ten classes.</summary>
    public const int Classes = 10;

    /// <summary>The split prefixes and the file stems of a folder in the MNIST layout.</summary>
    public static readonly IReadOnlyList<string> Splits = ["train", "t10k"];

    /// <summary>The base names looked for in a folder; each may also carry a <c>.gz</c> suffix.</summary>
    public static IEnumerable<string> FileNames => Splits.SelectMany(s => new[] { ImagesFileName(s), LabelsFileName(s) });

    /// <summary>The images file name of <paramref name="split"/> (<c>train</c> or <c>t10k</c>).</summary>
    public static string ImagesFileName(string split) => $"{split}-images-idx3-ubyte";

    /// <summary>The labels file name of <paramref name="split"/> (<c>train</c> or <c>t10k</c>).</summary>
    public static string LabelsFileName(string split) => $"{split}-labels-idx1-ubyte";

    /// <summary>Whether <paramref name="folder"/> holds any of the IDX files this reader looks for.</summary>
    public static bool Recognises(string folder) => FileNames.Any(n => Find(folder, n) is not null);

    /// <summary>Reads the <c>train</c> and <c>t10k</c> splits of an IDX folder, named after the folder.</summary>
    /// <exception cref="DatasetException">A file is missing or malformed, the two files of a split disagree, or the
    /// splits' images differ in shape.</exception>
    public static (RawImageSet Train, RawImageSet Test) ReadFolder(string folder)
    {
        if (!Recognises(folder))
            throw new DatasetException(folder, $"no IDX dataset found; looked for {string.Join(", ", FileNames.Select(n => $"{n}[.gz]"))}");
        var missing = FileNames.Where(n => Find(folder, n) is null).ToList();
        if (missing.Count > 0)
            throw new DatasetException(folder, $"incomplete IDX dataset: missing {string.Join(", ", missing.Select(n => $"{n}[.gz]"))}");
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        var images = Splits.Select(split => Find(folder, ImagesFileName(split))!).ToArray();
        var sets = Splits.Select((split, i) => Read(
            images[i], Find(folder, LabelsFileName(split))!,
            $"{name}/{(split == "t10k" ? "test" : split)}")).ToArray();
        // One network serves both sets: a test image of another shape would only fail deep inside evaluation.
        if (!sets[1].SampleShape.SequenceEqual(sets[0].SampleShape))
            throw new DatasetException(images[1],
                $"its images are {Pixels(sets[1])} pixels but the training images in {images[0]} are {Pixels(sets[0])}; both splits need one shape");
        return (sets[0], sets[1]);
    }

    /// <summary>Reads an images file and its labels file into one set.</summary>
    /// <exception cref="DatasetException">Either file is malformed, there are no images, their counts differ, or a label is not below <paramref name="classes"/>.</exception>
    public static RawImageSet Read(string imagesPath, string labelsPath, string name, int classes = Classes)
    {
        var (pixels, count, rows, cols) = ReadImages(imagesPath);
        if (count == 0) throw new DatasetException(imagesPath, "holds no images");
        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new DatasetException(labelsPath, $"holds {labels.Length} labels but {imagesPath} holds {count} images");
        for (var i = 0; i < labels.Length; i++)
            if (labels[i] >= classes)
                throw new DatasetException(labelsPath, $"label {labels[i]} at index {i} is out of range; labels must be 0..{classes - 1}");
        return new RawImageSet(name, pixels, [1, rows, cols], labels, classes);
    }

    /// <summary>Reads an IDX images file: the pixel bytes, sample-major, and the header's dimensions.</summary>
    /// <exception cref="DatasetException">Wrong magic number, corrupt gzip, fewer/more bytes than the header says, or
    /// images without pixels (0 rows or columns).</exception>
    public static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(string path)
    {
        var (dims, body) = ReadIdx(path, ImagesMagic, "images");
        if (dims[1] == 0 || dims[2] == 0)
            throw new DatasetException(path, $"its images are {dims[1]}×{dims[2]} pixels; an image needs at least 1×1");
        return (body, dims[0], dims[1], dims[2]);
    }

    /// <summary>Reads an IDX labels file.</summary>
    /// <exception cref="DatasetException">Wrong magic number, corrupt gzip, or fewer/more bytes than the header says.</exception>
    public static byte[] ReadLabels(string path) => ReadIdx(path, LabelsMagic, "labels").Body;

    /// <summary>Writes an IDX images file (<paramref name="pixels"/> sample-major), gzip-compressed when
    /// <paramref name="gzip"/>; for tests and tools.</summary>
    public static void WriteImages(string path, ReadOnlySpan<byte> pixels, int count, int rows, int cols, bool gzip) =>
        WriteIdx(path, ImagesMagic, [count, rows, cols], pixels, gzip);

    /// <summary>Writes an IDX labels file, gzip-compressed when <paramref name="gzip"/>; for tests and tools.</summary>
    public static void WriteLabels(string path, ReadOnlySpan<byte> labels, bool gzip) =>
        WriteIdx(path, LabelsMagic, [labels.Length], labels, gzip);

    private static string Pixels(RawImageSet set) => string.Join("×", set.SampleShape.Skip(1));

    /// <summary>The path of <paramref name="baseName"/> in <paramref name="folder"/>, raw or <c>.gz</c>, or null.</summary>
    internal static string? Find(string folder, string baseName)
    {
        foreach (var candidate in new[] { baseName, baseName + ".gz" })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static (int[] Dims, byte[] Body) ReadIdx(string path, int magic, string kind)
    {
        var data = ReadMaybeGzip(path);
        var rank = magic & 0xFF;
        var headerSize = 4 + 4 * rank;
        if (data.Count < 4)
            throw new DatasetException(path, $"too short for an IDX header ({data.Count} bytes)");
        var found = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan());
        if (found != magic)
            throw new DatasetException(path,
                $"wrong magic number for IDX {kind}: expected 0x{magic:X8} ({magic}), found 0x{found:X8} ({found})");
        if (data.Count < headerSize)
            throw new DatasetException(path, $"truncated header: {data.Count} bytes, an IDX {kind} header has {headerSize}");
        var dims = new int[rank];
        long expected = 1;
        for (var d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4 + 4 * d));
            if (dims[d] < 0) throw new DatasetException(path, $"negative dimension {dims[d]} in the header");
            expected *= dims[d];
        }
        var actual = data.Count - headerSize;
        var shape = string.Join("×", dims);
        if (actual < expected)
            throw new DatasetException(path, $"truncated: the header says {shape} = {expected} bytes of {kind}, but only {actual} follow");
        if (actual > expected)
            throw new DatasetException(path, $"{actual - expected} bytes past the {shape} = {expected} bytes of {kind} the header describes");
        return (dims, data.AsSpan(headerSize).ToArray());
    }

    private static ArraySegment<byte> ReadMaybeGzip(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(path, $"cannot be read: {e.Message}", e);
        }
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return bytes;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream(GzipSizeHint(bytes));
            gzip.CopyTo(output);
            // GZipStream stops quietly at the end of a truncated file; a whole member ends with its uncompressed
            // size (mod 2³²), which a cut-off file almost never matches. Files are single gzip members (as gzip and
            // Python write them), so the last trailer covers all the data.
            var trailer = bytes.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)) : (uint?)null;
            if (trailer != unchecked((uint)output.Length))
                throw new DatasetException(path,
                    $"truncated or corrupt gzip data: the stream ends after {output.Length} decompressed bytes without a gzip trailer that matches");
            // The stream's own buffer, not a copy: the body is copied once, by the caller.
            return new ArraySegment<byte>(output.GetBuffer(), 0, (int)output.Length);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException(path, $"truncated or corrupt gzip data: {e.Message}", e);
        }
    }

    // The gzip trailer ends with the uncompressed size mod 2³²; bounded by deflate's best ratio (~1032:1) so a
    // corrupt trailer cannot make us reserve more than the data could hold.
    private static int GzipSizeHint(byte[] gzip)
    {
        var trailer = gzip.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(gzip.AsSpan(gzip.Length - 4)) : 0u;
        return (int)Math.Min(Math.Min(trailer, gzip.Length * 1032L), Array.MaxLength);
    }

    private static void WriteIdx(string path, int magic, int[] dims, ReadOnlySpan<byte> body, bool gzip)
    {
        var header = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (var d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), dims[d]);
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Optimal) : file;
        stream.Write(header);
        stream.Write(body);
    }
}
