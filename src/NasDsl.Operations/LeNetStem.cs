using NasDsl.Operations.Kernels;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>
/// The notebook's fixed feature extractor: conv(C→6, 5×5) → max-pool 2 → conv(6→16, 5×5) → max-pool 2 →
/// flatten, with C the input's channels. As in the notebook there is no nonlinearity: the searched cells
/// that follow provide it. A 1×28×28 input gives 16·4·4 = 256 features, 3×32×32 gives 400. The pools are
/// <c>nn.MaxPool2d(2)</c> exactly, through a managed CPU kernel (<see cref="MaxPool2x2"/>): libtorch's own was the
/// largest single function in a search step's profile.
/// </summary>
public sealed class LeNetStem : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv1;
    private readonly MaxPool2x2 _pool1;
    private readonly Conv2d _conv2;
    private readonly MaxPool2x2 _pool2;
    private readonly Flatten _flatten;

    /// <summary>Builds the stem for <see cref="PrimitiveContext.InputShape"/> <c>[C, H, W]</c> on the context's device.</summary>
    /// <exception cref="ArgumentException">The input is not an image of at least 16×16.</exception>
    public LeNetStem(PrimitiveContext context) : base(nameof(LeNetStem))
    {
        OutputFeatures = FeaturesFor(context.InputShape);
        _conv1 = nn.Conv2d(context.Channels, 6, 5);
        _pool1 = new MaxPool2x2();
        _conv2 = nn.Conv2d(6, 16, 5);
        _pool2 = new MaxPool2x2();
        _flatten = nn.Flatten();
        register_module("conv1", _conv1);
        register_module("pool1", _pool1);
        register_module("conv2", _conv2);
        register_module("pool2", _pool2);
        register_module("flatten", _flatten);
        this.to(context.Device);
    }

    /// <summary>Features per sample of the output.</summary>
    public long OutputFeatures { get; }

    /// <summary>Features per sample the stem produces for a <c>[C, H, W]</c> input: 16·⌊(⌊(H−4)/2⌋−4)/2⌋·(same for W).</summary>
    /// <exception cref="ArgumentException">The shape is not <c>[C, H, W]</c> with H and W at least 16.</exception>
    public static long FeaturesFor(IReadOnlyList<long> inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Count != 3 || inputShape[0] < 1)
            throw new ArgumentException($"LeNetStem needs a [channels, height, width] input, got [{string.Join(", ", inputShape)}].", nameof(inputShape));
        var height = Side(inputShape[1]);
        var width = Side(inputShape[2]);
        if (height < 1 || width < 1)
            throw new ArgumentException($"LeNetStem needs images of at least 16×16, got {inputShape[1]}×{inputShape[2]}.", nameof(inputShape));
        return 16 * height * width;

        static long Side(long size) => ((size - 4) / 2 - 4) / 2;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var c1 = _conv1.forward(input);
        var p1 = _pool1.forward(c1);
        var c2 = _conv2.forward(p1);
        var p2 = _pool2.forward(c2);
        return _flatten.forward(p2);
    }
}
