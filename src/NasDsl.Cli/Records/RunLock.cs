using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NasDsl.Cli.Records;

/// <summary>Another live process works in the run folder.</summary>
internal sealed class RunFolderInUseException(string folder, int processId)
    : Exception($"the run folder is in use by pid {processId}")
{
    public string Folder { get; } = folder;

    public int ProcessId { get; } = processId;
}

/// <summary>
/// Marks a run folder as in use for as long as a process works in it: <c>.lock</c> holds that process's id and is
/// deleted when it is done. The lock is advisory (only this sample honours it), and one whose process is gone
/// (killed, power loss) is taken over. Two processes taking over the same stale lock at the same instant could both
/// proceed; a plain pid file accepts that to stay portable.
/// </summary>
internal sealed class RunLock : IDisposable
{
    public const string FileName = ".lock";

    private readonly string _path;

    private RunLock(string path) => _path = path;

    /// <summary>Locks <paramref name="folder"/>, creating it when missing.</summary>
    /// <exception cref="RunFolderInUseException">A live process other than this one holds the lock.</exception>
    /// <exception cref="IOException">The folder cannot be created or written.</exception>
    public static RunLock Acquire(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        // Write the pid beside, then link it into place: the lock never exists without its pid.
        var temporary = Path.Combine(folder, $"{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n", Encoding.ASCII);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    File.Move(temporary, path, overwrite: false);
                    return new RunLock(path);
                }
                catch (IOException) when (File.Exists(path))
                {
                    if (Owner(path) is int owner && owner != Environment.ProcessId && IsAlive(owner))
                        throw new RunFolderInUseException(folder, owner);
                    if (attempt > 0) throw;
                    // Its process is gone: take the lock over.
                    File.Delete(path);
                }
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Releases the lock, unless another process has taken it over meanwhile.</summary>
    public void Dispose()
    {
        try
        {
            if (Owner(_path) == Environment.ProcessId) File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A lock left behind names a process that is gone; the next run takes it over.
        }
    }

    private static int? Owner(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
