using NasDsl.Operations;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Tests.Spaces;

/// <summary>A cell that shares its architecture weights across placements (DARTS' normal cell).</summary>
[Cell(ShareWeights = true)]
public partial class SharedCell
{
    [Input] public partial Node X { get; }
    [Output, Edge(nameof(X), Ops = typeof(Unary))] public partial Node A { get; }
}

/// <summary>Two placements of a shared cell and an intermediate node that sums two edges.</summary>
[SearchSpace]
public partial class SharedSpace
{
    [Input] public partial Node Image { get; }
    [Edge(nameof(Image), Op = typeof(Flatten))] public partial Node Features { get; }
    [Edge(nameof(Features))] public partial SharedCell First { get; }
    [Edge(nameof(First))] public partial SharedCell Second { get; }
    [Edge(nameof(First), Ops = typeof(Unary))]
    [Edge(nameof(Second), Ops = typeof(Unary))]
    public partial Node Sum { get; }
    [Output, Edge(nameof(Sum), Op = typeof(Classifier))] public partial Node Logits { get; }
}

/// <summary>A parameterless fixed module.</summary>
public sealed class Flatten() : nn.Module<Tensor, Tensor>(nameof(Flatten))
{
    public override Tensor forward(Tensor input) => input.flatten(1);
}

/// <summary>A DARTS-style intermediate node: the sum of two edges.</summary>
[Cell]
public partial class SumCell
{
    [Input] public partial Node X { get; }
    [Edge(nameof(X), Ops = typeof(Unary))] public partial Node A { get; }
    [Output, Edge(nameof(X), Ops = typeof(Unary)), Edge(nameof(A), Ops = typeof(Unary))] public partial Node S { get; }
}
