using System.Runtime.InteropServices;

namespace NasDsl.Tests.Sample;

/// <summary>A small tmpfs mounted over a folder for one test: a real full disk (needs root or CAP_SYS_ADMIN).</summary>
internal sealed class Tmpfs : IDisposable
{
    private readonly string _path;

    public Tmpfs(string path, string size)
    {
        _path = path;
        if (mount("tmpfs", path, "tmpfs", 0, $"size={size}") != 0)
            throw new InvalidOperationException($"mount -t tmpfs -o size={size} tmpfs {path} failed (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>Null where mounting works, else why not (the reason a test skips with).</summary>
    public static string? Unavailable { get; } = Probe();

    public void Dispose() => umount2(_path, MntDetach);

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "a full disk is simulated with a tmpfs, which needs Linux";
        var path = Directory.CreateTempSubdirectory("nasdsl-tmpfs-probe-").FullName;
        try
        {
            if (mount("tmpfs", path, "tmpfs", 0, "size=4k") != 0)
                return $"mounting a tmpfs is not permitted here (errno {Marshal.GetLastPInvokeError()}); run the tests as root to test a full disk";
            umount2(path, MntDetach);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return $"mount(2) is not available ({e.Message})";
        }
        finally
        {
            Directory.Delete(path);
        }
    }

    private const int MntDetach = 2;

    [DllImport("libc", SetLastError = true)]
    private static extern int mount(string source, string target, string type, ulong flags, string data);

    [DllImport("libc", SetLastError = true)]
    private static extern int umount2(string target, int flags);
}

/// <summary>A fact that needs <see cref="Tmpfs"/>; skipped, saying why, where a tmpfs cannot be mounted.</summary>
internal sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable is { } reason) Skip = reason;
    }
}
