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
        Nas(NodeIncomingEdgesInvalid, 0, "Stage", "Y", "the node has no incoming edge; add an [Edge(nameof(Source), …)] or mark it [Input]"));

    [Fact]
    public Task Input_node_with_an_edge() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input, {|#0:Edge(nameof(Y), Ops = typeof(U))|}] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(NodeIncomingEdgesInvalid, 0, "Stage", "X",
            "an [Input] node receives its value from outside the cell and cannot have an [Edge]; remove the [Edge] or the [Input]"));

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
        Nas(NodeIncomingEdgesInvalid, 0, "Stage", "P", "a cell placement takes exactly one [Edge], listing the cell's inputs in order"));
}
