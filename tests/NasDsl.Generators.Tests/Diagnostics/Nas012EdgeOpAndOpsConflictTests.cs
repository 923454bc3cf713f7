using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas012EdgeOpAndOpsConflictTests
{
    [Fact]
    public Task Both_Op_and_Ops() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, {|#0:Edge(nameof(X), Op = typeof(Stem), Ops = typeof(U))|}] public partial Node Y { get; }
        }
        """),
        Nas(EdgeHasOpAndOps, 0, "Stage", "Y"));

    [Fact]
    public Task Neither_Op_nor_Ops_onto_a_plain_node() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, {|#0:Edge(nameof(X))|}] public partial Node Y { get; }
        }
        """),
        Nas(EdgeHasNoOperation, 0, "Stage", "Y"));

    [Fact]
    public Task Op_onto_a_cell_placement() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), {|#0:Op = typeof(Stem)|})] public partial Inner P { get; }
        }
        """),
        Nas(PlacementHasOperation, 0, "Stage", "P", "Inner", "Op"));

    [Fact]
    public Task Ops_onto_a_cell_placement() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), {|#0:Ops = typeof(U)|})] public partial Inner P { get; }
        }
        """),
        Nas(PlacementHasOperation, 0, "Stage", "P", "Inner", "Ops"));
}
