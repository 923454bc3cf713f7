using NasDsl;
using NasDsl.Operations;
using TorchSharp;
using static TorchSharp.torch;

namespace ActivationSearch;

// The three search spaces of the NASLib activation-search notebook, each inside its LeNet-like network:
// conv 5x5 -> pool -> conv 5x5 -> pool -> flatten -> activation cell(s) -> linear. The stem and classifier
// size themselves from the input (1x28x28 or 3x32x32) through PrimitiveContext.

/// <summary>The notebook's SimpleSearchSpace cell: one mixed edge over ReLU, Hardswish, LeakyReLU and Identity.</summary>
[Cell]
public partial class SimpleActivationCell
{
    [Input] public partial Node X { get; }
    [Output, Edge(nameof(X), Ops = typeof(Activations))] public partial Node A { get; }
}

/// <summary>SimpleSearchSpace: two activation stages, each with its own architecture weights.</summary>
[SearchSpace]
public partial class SimpleSpace
{
    [Input] public partial Node Image { get; }
    [Edge(nameof(Image), Op = typeof(LeNetStem))] public partial Node Features { get; }
    [Edge(nameof(Features))] public partial SimpleActivationCell Stage1 { get; }
    [Edge(nameof(Stage1))] public partial SimpleActivationCell Stage2 { get; }
    [Output, Edge(nameof(Stage2), Op = typeof(Classifier))] public partial Node Logits { get; }
}

/// <summary>The Complex space's unary choices: identity or zero.</summary>
[OpSet]
public static partial class IdentityOrZero
{
    [UnaryPrimitive(Symbol = "{0}")] public static Tensor Identity(Tensor x) => x;
    [UnaryPrimitive(Symbol = "0", IsZero = true)] public static Tensor Zero(Tensor x) => zeros_like(x);
}

/// <summary>The Complex space's binary choices: elementwise min or max.</summary>
[OpSet]
public static partial class MinOrMax
{
    [BinaryPrimitive(Symbol = "min({0}, {1})")] public static Tensor Min(Tensor a, Tensor b) => minimum(a, b);
    [BinaryPrimitive(Symbol = "max({0}, {1})")] public static Tensor Max(Tensor a, Tensor b) => maximum(a, b);
}

/// <summary>The notebook's unary cell (u_cell): one mixed edge.</summary>
[Cell]
public partial class UnaryCell
{
    [Input] public partial Node X { get; }
    [Output, Edge(nameof(X), Ops = typeof(IdentityOrZero))] public partial Node Value { get; }
}

/// <summary>The notebook's binary cell (b_cell): two inputs, one mixed binary edge.</summary>
[Cell]
public partial class BinaryCell
{
    [Input] public partial Node X { get; }
    [Input] public partial Node Y { get; }
    [Output, Edge(nameof(X), nameof(Y), Ops = typeof(MinOrMax))] public partial Node Value { get; }
}

/// <summary>ComplexSearchSpace's activation cell: two unary cells feeding a binary cell.</summary>
[Cell]
public partial class ComplexActivationCell
{
    [Input] public partial Node X { get; }
    [Edge(nameof(X))] public partial UnaryCell U1 { get; }
    [Edge(nameof(X))] public partial UnaryCell U2 { get; }
    [Output, Edge(nameof(U1), nameof(U2))] public partial BinaryCell B1 { get; }
}

/// <summary>ComplexSearchSpace: scopes Act.U1.Value, Act.U2.Value (identity/zero) and Act.B1.Value (min/max).</summary>
[SearchSpace]
public partial class ComplexSpace
{
    [Input] public partial Node Image { get; }
    [Edge(nameof(Image), Op = typeof(LeNetStem))] public partial Node Features { get; }
    [Edge(nameof(Features))] public partial ComplexActivationCell Act { get; }
    [Output, Edge(nameof(Act), Op = typeof(Classifier))] public partial Node Logits { get; }
}

/// <summary>RNNSearchSpace's activation cell, Swish-paper style: four unary edges over the 21 unary operations and
/// two binary edges over the 7 binary ones.</summary>
[Cell]
public partial class RnnActivationCell
{
    [Input] public partial Node X { get; }
    [Edge(nameof(X), Ops = typeof(Unary))] public partial Node U1 { get; }
    [Edge(nameof(X), Ops = typeof(Unary))] public partial Node U2 { get; }
    [Edge(nameof(X), Ops = typeof(Unary))] public partial Node U3 { get; }
    [Edge(nameof(U1), nameof(U2), Ops = typeof(Binary))] public partial Node B1 { get; }
    [Edge(nameof(B1), Ops = typeof(Unary))] public partial Node U4 { get; }
    [Output, Edge(nameof(U3), nameof(U4), Ops = typeof(Binary))] public partial Node B2 { get; }
}

/// <summary>RNNSearchSpace: the LeNet stem, the Swish-style activation cell, a linear classifier.</summary>
[SearchSpace]
public partial class RnnSpace
{
    [Input] public partial Node Image { get; }
    [Edge(nameof(Image), Op = typeof(LeNetStem))] public partial Node Features { get; }
    [Edge(nameof(Features))] public partial RnnActivationCell Act { get; }
    [Output, Edge(nameof(Act), Op = typeof(Classifier))] public partial Node Logits { get; }
}
