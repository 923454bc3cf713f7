using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>Learnable per-channel values of the parametric primitives (kept out of the op sets, whose
/// members are all operations).</summary>
internal static class PerChannel
{
    /// <summary>β = 1, one value per channel: <see cref="PrimitiveContext.PerChannelShape"/>, on the context's device.</summary>
    public static Parameter Beta(PrimitiveContext context) => new(ones(context.PerChannelShape, device: context.Device));
}
