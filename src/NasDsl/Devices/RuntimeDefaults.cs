using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace NasDsl.Devices;

/// <summary>
/// The process settings a search wants, made when this assembly is first used, so a project that never calls
/// <see cref="OpenMp.PreferPassiveWaiting"/> or <see cref="NativeHeap.PreferRetainingFreedMemory"/> gets them too.
/// libgomp reads its wait policy once, when libtorch loads, and spinning threads made epochs 3–14× slower on small
/// machines; it takes effect when NasDsl is used before anything else loads libtorch, as it is when a space or the
/// host comes first. The heap setting holds from whenever it is made. Settings the user made are kept.
/// </summary>
internal static class RuntimeDefaults
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The wait policy must be in the C environment before libtorch loads; no call of the library's own comes early enough.")]
    internal static void Apply()
    {
        OpenMp.PreferPassiveWaiting();
        NativeHeap.PreferRetainingFreedMemory();
    }
}
