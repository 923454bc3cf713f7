using NasDsl;
using NasDsl.Operations;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDslApp;

/// <summary>The candidate operations of the searched activation: the search learns one weight (alpha) for each.</summary>
[OpSet]
public static partial class Candidates
{
    [UnaryPrimitive(Symbol = "max({0}, 0)")] public static Tensor Relu(Tensor x) => nn.functional.relu(x);
    [UnaryPrimitive(Symbol = "{0}·σ({0})")] public static Tensor Swish(Tensor x) => nn.functional.silu(x);
    [UnaryPrimitive(Symbol = "tanh({0})")] public static Tensor Tanh(Tensor x) => x.tanh();
    [UnaryPrimitive(Symbol = "{0}")] public static Tensor Identity(Tensor x) => x;
}

/// <summary>An activation: one mixed edge over <see cref="Candidates"/>.</summary>
[Cell]
public partial class ActivationCell
{
    [Input] public partial Node X { get; }
    [Output, Edge(nameof(X), Ops = typeof(Candidates))] public partial Node A { get; }
}

/// <summary>A LeNet-like network (conv, pool, conv, pool, flatten) with the searched activation before its classifier.</summary>
[SearchSpace]
public partial class ActivationSpace
{
    [Input] public partial Node Image { get; }
    [Edge(nameof(Image), Op = typeof(LeNetStem))] public partial Node Features { get; }
    [Edge(nameof(Features))] public partial ActivationCell Act { get; }
    [Output, Edge(nameof(Act), Op = typeof(Classifier))] public partial Node Logits { get; }
}
