using System.Runtime.InteropServices;

namespace NasDsl.Devices;

/// <summary>OpenMP settings that libtorch reads once, when it loads.</summary>
public static class OpenMp
{
    private const string WaitPolicy = "OMP_WAIT_POLICY";

    /// <summary>
    /// Sets OMP_WAIT_POLICY=PASSIVE in the native environment unless the user chose a policy; must run before
    /// the first tensor operation. .NET's Environment.SetEnvironmentVariable does not reach the C library's
    /// environment on Linux, where libgomp reads it. Returns the policy in effect.
    /// </summary>
    public static string PreferPassiveWaiting()
    {
        if (Environment.GetEnvironmentVariable(WaitPolicy) is { Length: > 0 } chosen) return chosen;
        if (!OperatingSystem.IsLinux()) return "(default)";
        if (SetEnvironment(WaitPolicy, "PASSIVE", 0) != 0) return "(default: setenv failed)";
        Environment.SetEnvironmentVariable(WaitPolicy, "PASSIVE");
        return "PASSIVE";
    }

    /// <summary>The libtorch thread count to use when the user gives none: 1 on machines with two cores or fewer,
    /// where two threads measured 5–17% slower per step (the mixed operations' tensors are small); else null,
    /// leaving libtorch's choice.</summary>
    public static int? DefaultThreads() => Environment.ProcessorCount <= 2 ? 1 : null;

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
