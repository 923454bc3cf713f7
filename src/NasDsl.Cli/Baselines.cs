using NasDsl.Operations;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Cli;

/// <summary>Fixed activations to compare a found one against (<c>--baseline</c>).</summary>
[OpSet]
internal static partial class Baselines
{
    [UnaryPrimitive(Symbol = "max({0}, 0)")] public static Tensor Relu(Tensor x) => nn.functional.relu(x);
    [UnaryPrimitive(Symbol = "{0}·σ({0})")] public static Tensor Swish(Tensor x) => nn.functional.silu(x);
    [UnaryPrimitive(Symbol = "hardswish({0})")] public static Tensor Hardswish(Tensor x) => nn.functional.hardswish(x);
    [UnaryPrimitive(Symbol = "leakyrelu({0})")] public static Tensor LeakyRelu(Tensor x) => nn.functional.leaky_relu(x, 0.01);
    [UnaryPrimitive(Symbol = "gelu({0})")] public static Tensor Gelu(Tensor x) => nn.functional.gelu(x);
    [UnaryPrimitive(Symbol = "tanh({0})")] public static Tensor Tanh(Tensor x) => x.tanh();
    [UnaryPrimitive(Symbol = "σ({0})")] public static Tensor Sigmoid(Tensor x) => x.sigmoid();
    [UnaryPrimitive(Symbol = "{0}")] public static Tensor Identity(Tensor x) => x;
}

/// <summary>The same LeNet-like network with one fixed activation: the baseline protocol's network.</summary>
[SearchSpace]
internal partial class BaselineSpace
{
    [Input] public partial Node Image { get; }
    [Edge(nameof(Image), Op = typeof(LeNetStem))] public partial Node Features { get; }
    [Edge(nameof(Features), Ops = typeof(Baselines))] public partial Node Activation { get; }
    [Output, Edge(nameof(Activation), Op = typeof(Classifier))] public partial Node Logits { get; }
}
