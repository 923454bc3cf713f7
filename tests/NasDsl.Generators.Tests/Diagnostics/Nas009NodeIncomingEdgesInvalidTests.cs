using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas009NodeIncomingEdgesInvalidTests
{
    [Fact]
    public Task Non_input_node_without_edges() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output] public partial Node {|#0:Y|} { get; }
        }
        """),
        Nas(NodeHasNoEdge, 0, "Stage", "Y"));

    [Fact]
    public Task Input_node_with_an_edge() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input, {|#0:Edge(nameof(Y), Ops = typeof(U))|}] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(InputHasEdge, 0, "Stage", "X"));

    [Fact]
    public Task Cell_placement_with_two_edges() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Input] public partial Node W { get; }
            [Output, Edge(nameof(X)), {|#0:Edge(nameof(W))|}] public partial Inner P { get; }
        }
        """),
        Nas(PlacementHasSeveralEdges, 0, "Stage", "P"));
}
