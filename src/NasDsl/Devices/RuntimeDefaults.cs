using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace NasDsl.Devices;

/// <summary>
/// The OpenMP wait policy a search wants, set when this assembly is first used, so a project that never calls
/// <see cref="OpenMp.PreferPassiveWaiting"/> gets it too: libgomp reads the policy once, when libtorch loads, and
/// spinning threads made epochs 3–14× slower on small machines. A policy the user set is kept. It takes effect when
/// NasDsl is used before anything else loads libtorch, as it is when a space or the host comes first.
/// </summary>
internal static class RuntimeDefaults
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The policy must be in the C environment before libtorch loads; no call of the library's own comes early enough.")]
    internal static void PreferPassiveWaiting() => OpenMp.PreferPassiveWaiting();
}
