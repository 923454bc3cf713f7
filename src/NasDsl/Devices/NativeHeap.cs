using System.Runtime.InteropServices;

namespace NasDsl.Devices;

/// <summary>
/// glibc malloc settings for a search, which allocates and frees the same large tensors every step (a fused edge's
/// candidate rows are 4 MiB in the Rnn space at batch 64, 3×32×32). glibc maps blocks above its mmap threshold afresh
/// (128 KiB at start, raised only as such blocks are freed) and returns a free heap top above its trim threshold to
/// the system, so each step faulted its memory in again as zeroed pages.
/// </summary>
public static class NativeHeap
{
    // glibc's largest accepted mmap threshold on 64-bit (HEAP_MAX_SIZE / 2); larger values are refused.
    private const int MmapThreshold = 32 << 20;
    private const int TrimThreshold = 256 << 20;
    private const int TrimThresholdParameter = -1;
    private const int MmapThresholdParameter = -3;

    // Each one, set by the user, is a choice of theirs that this class keeps.
    private static readonly string[] UserSettings =
        ["GLIBC_TUNABLES", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_", "LD_PRELOAD"];

    /// <summary>
    /// Keeps freed native memory in the process: blocks up to 32 MiB come from the heap instead of fresh mappings,
    /// and up to 256 MiB of free heap top stay resident. On a 2-core AVX-512 machine that took the sample's Rnn step,
    /// in its own process, from 14.4–18.8 to 13.0–13.6 ms and its page faults from 500–2,600 per step to none;
    /// resident memory stays near the search's peak instead of falling between steps. Leaves glibc's defaults when
    /// the user set a glibc.malloc tunable, any MALLOC_*_ variable or LD_PRELOAD (which may bring another allocator);
    /// does nothing off glibc. Returns the setting in effect, in words. NasDsl calls it when it loads; calling it
    /// again changes nothing.
    /// </summary>
    public static string PreferRetainingFreedMemory()
    {
        if (UserSetting(Environment.GetEnvironmentVariable) is { } name) return $"glibc malloc as the user set it ({name})";
        if (!OperatingSystem.IsLinux()) return "the platform's allocator";
        try
        {
            // mallopt returns 1 on success; musl's stub returns 0.
            if (Mallopt(MmapThresholdParameter, MmapThreshold) != 1 || Mallopt(TrimThresholdParameter, TrimThreshold) != 1)
                return "the C library's allocator (mallopt refused)";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return "the C library's allocator (no mallopt)";
        }
        return $"glibc malloc, mmap threshold {MmapThreshold >> 20} MiB, trim threshold {TrimThreshold >> 20} MiB";
    }

    /// <summary>Returns the heap's free memory to the system (glibc's malloc_trim), for measuring what is in use;
    /// false where glibc is absent.</summary>
    public static bool ReleaseFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The first allocator setting the user made, by the name of its environment variable; null when none.</summary>
    internal static string? UserSetting(Func<string, string?> environment) =>
        UserSettings.FirstOrDefault(name => environment(name) is { Length: > 0 } value && (name != "GLIBC_TUNABLES" || value.Contains("glibc.malloc.", StringComparison.Ordinal)));

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
