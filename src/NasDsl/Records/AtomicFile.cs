namespace NasDsl;

/// <summary>
/// Replaces files so that neither a reader nor a crash ever sees half of one: the new contents go to a temporary
/// file beside the target (same directory, so the rename cannot cross file systems), are flushed to disk, and are
/// renamed over the target. If anything fails, the temporary file is deleted and the target keeps its old contents.
/// </summary>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8) atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void WriteAllText(string path, string text) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.Write(text);
    });

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/> atomically.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> puts into the stream, atomically.</summary>
    /// <param name="path">The file to replace or create; its directory is created when missing.</param>
    /// <param name="write">Writes the new contents.</param>
    /// <param name="beforeReplace">Runs once the new contents are on disk, just before they replace the target
    /// (a checkpoint moves its predecessor aside here).</param>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void Write(string path, Action<Stream> write, Action? beforeReplace = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var target = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target)!;
        // Hidden, and unique per process and call, so two writers never share a temporary file.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                // Data must be on disk before the rename makes it the file.
                stream.Flush(flushToDisk: true);
            }
            beforeReplace?.Invoke();
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(temporary);
            // Name the file the caller asked for; the temporary one is an implementation detail.
            if (e is IOException or UnauthorizedAccessException)
                throw new IOException($"Cannot write '{target}': {e.Message.Replace($" : '{temporary}'", "")}", e);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the write's own error is the one to report.
        }
    }
}
