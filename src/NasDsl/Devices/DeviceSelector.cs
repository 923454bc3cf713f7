using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Devices;

/// <summary>Turns a device name from the command line or options into a torch <see cref="Device"/>.</summary>
public static class DeviceSelector
{
    /// <summary>The names <see cref="Resolve"/> accepts, for help texts.</summary>
    public const string AcceptedNames = "cpu, cuda, cuda:N, auto";

    /// <summary>
    /// Resolves <paramref name="name"/>: <c>cpu</c>; <c>cuda</c> or <c>cuda:N</c> (GPU N), which must be
    /// available; or <c>auto</c>, the first GPU when there is one and the CPU otherwise. Case and surrounding
    /// spaces are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The name is none of the accepted forms.</exception>
    /// <exception cref="DeviceUnavailableException">A GPU was requested but this process cannot use it.</exception>
    public static Device Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = name.Trim().ToLowerInvariant();
        switch (normalized)
        {
            case "cpu":
                return CPU;
            case "auto":
                return cuda.is_available() ? new Device(DeviceType.CUDA, 0) : CPU;
            case "cuda":
                return Cuda(0, name);
        }
        if (normalized.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(normalized.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return Cuda(index, name);
        throw new ArgumentException($"Unknown device '{name}'; use one of: {AcceptedNames}.", nameof(name));
    }

    private static Device Cuda(int index, string requested)
    {
        if (!cuda.is_available())
            throw new DeviceUnavailableException(
                $"CUDA was requested ('{requested}') but is not available: this build uses the CPU libtorch; build with " +
                "-p:NasDslCuda=true on a machine with an NVIDIA driver (or pass --device cpu).");
        var count = cuda.device_count();
        if (index >= count)
            throw new DeviceUnavailableException($"GPU {index} was requested ('{requested}') but this machine has {count} (cuda:0..cuda:{count - 1}).");
        return new Device(DeviceType.CUDA, index);
    }
}

/// <summary>A device was requested that this build or machine cannot provide.</summary>
public sealed class DeviceUnavailableException : Exception
{
    /// <summary>Creates the exception with a message that says what to do instead.</summary>
    public DeviceUnavailableException(string message) : base(message) { }
}
