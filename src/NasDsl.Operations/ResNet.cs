using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>
/// A k×k convolution (padding k/2, no bias) followed by BatchNorm: the convolution of a CIFAR ResNet's basic block.
/// It keeps the input's channels at stride 1; at stride 2 it halves the height and width and doubles the channels, as
/// the stage transitions of He et al.'s CIFAR ResNets do (16 → 32 → 64).
/// </summary>
public sealed class ConvBn : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _norm;

    /// <summary>Builds the convolution for the channels of <paramref name="context"/>'s input.</summary>
    /// <param name="context">Where the edge sits; its input's channels size the convolution.</param>
    /// <param name="stride">1 (same size and channels) or 2 (half size, twice the channels).</param>
    /// <param name="kernel">Kernel size: 3 in the blocks, 1 for a projection shortcut.</param>
    public ConvBn(PrimitiveContext context, int stride = 1, int kernel = 3) : base(nameof(ConvBn))
    {
        if (stride is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(stride), stride, "a ResNet convolution has stride 1 or 2");
        var channels = context.Channels * stride;
        _conv = nn.Conv2d(context.Channels, channels, kernel, stride: stride, padding: kernel / 2, bias: false);
        _norm = nn.BatchNorm2d(channels);
        register_module("conv", _conv);
        register_module("norm", _norm);
        this.to(context.Device);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => _norm.forward(_conv.forward(input));
}

/// <summary>A ResNet stem: a 3×3 convolution (no bias) from the image's channels to <c>channels</c>, then BatchNorm.</summary>
public sealed class ResNetStem : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _norm;

    /// <summary>Builds the stem for the channels of <paramref name="context"/>'s input (1 or 3).</summary>
    public ResNetStem(PrimitiveContext context, int channels) : base(nameof(ResNetStem))
    {
        _conv = nn.Conv2d(context.Channels, channels, 3, padding: 1, bias: false);
        _norm = nn.BatchNorm2d(channels);
        register_module("conv", _conv);
        register_module("norm", _norm);
        this.to(context.Device);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => _norm.forward(_conv.forward(input));
}

/// <summary>The residual sum of a block's branch and its shortcut.</summary>
public sealed class ResidualAdd : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the sum; it has no state.</summary>
    public ResidualAdd() : base(nameof(ResidualAdd)) { }

    /// <inheritdoc />
    public override Tensor forward(Tensor branch, Tensor shortcut) => branch + shortcut;
}

/// <summary>A ResNet head: global average pooling over height and width, then Linear(channels → classes).</summary>
public sealed class PooledClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Linear _linear;

    /// <summary>Builds Linear(<see cref="PrimitiveContext.Channels"/> → <see cref="PrimitiveContext.Classes"/>).</summary>
    public PooledClassifier(PrimitiveContext context) : base(nameof(PooledClassifier))
    {
        _linear = nn.Linear(context.Channels, context.Classes);
        register_module("linear", _linear);
        this.to(context.Device);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => _linear.forward(input.mean([2, 3]));
}
