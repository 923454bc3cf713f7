using NasDsl.Operations;

namespace NasDsl.Tests.Export;

/// <summary>An activation cell over the parametric op sets: two unary edges and two binary ones that may learn β.</summary>
[Cell]
public partial class ParametricActivationCell
{
    [Input] public partial Node X { get; }
    [Edge(nameof(X), Ops = typeof(Extended))] public partial Node U1 { get; }
    [Edge(nameof(X), Ops = typeof(Extended))] public partial Node U2 { get; }
    [Edge(nameof(U1), nameof(U2), Ops = typeof(ExtendedBinary))] public partial Node B1 { get; }
    [Output, Edge(nameof(B1), nameof(X), Ops = typeof(ExtendedBinary))] public partial Node B2 { get; }
}

/// <summary>The parametric cell in the notebook's LeNet network, for exporting learned β.</summary>
[SearchSpace]
public partial class ParametricSpace
{
    [Input] public partial Node Image { get; }
    [Edge(nameof(Image), Op = typeof(LeNetStem))] public partial Node Features { get; }
    [Edge(nameof(Features))] public partial ParametricActivationCell Act { get; }
    [Output, Edge(nameof(Act), Op = typeof(Classifier))] public partial Node Logits { get; }
}
