using static TorchSharp.torch;

namespace NasDsl;

/// <summary>
/// What a module learns about its place in the network when it is built: the per-sample shape of its input
/// (the batch dimension left out), the run's options and device, and the scope path of the edge.
/// </summary>
/// <param name="InputShape">Per-sample input shape, e.g. <c>[1, 28, 28]</c> for an image or <c>[400]</c> for features.</param>
/// <param name="Options">The options the network is built with (input shape, classes, device).</param>
/// <param name="Path">Scope path of the edge, e.g. <c>Act.U1</c>.</param>
public sealed record PrimitiveContext(long[] InputShape, SpaceOptions Options, string Path)
{
    /// <summary>Channels of the input: its first per-sample dimension (features for flat inputs).</summary>
    public long Channels => InputShape.Length == 0 ? 1 : InputShape[0];

    /// <summary>Elements per sample.</summary>
    public long Features => InputShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The number of classes the network predicts.</summary>
    public int Classes => Options.Classes;

    /// <summary>The device modules are built on.</summary>
    public Device Device => Options.Device ?? CPU;

    /// <summary>A shape that broadcasts one value per channel over an input of <see cref="InputShape"/>:
    /// <c>[C]</c> for flat inputs, <c>[C, 1, 1]</c> for images.</summary>
    public long[] PerChannelShape => InputShape.Length <= 1
        ? [Channels]
        : [Channels, .. Enumerable.Repeat(1L, InputShape.Length - 1)];

    /// <summary>The module name of what is built at this edge: its scope path, dots as underscores (as parameter names).</summary>
    internal string ModuleName => Path.Replace('.', '_');
}
