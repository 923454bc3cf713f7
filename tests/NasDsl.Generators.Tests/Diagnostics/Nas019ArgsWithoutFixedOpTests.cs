using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas019ArgsWithoutFixedOpTests
{
    [Fact]
    public Task Args_on_a_searchable_edge() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U), {|#0:Args = [2]|})] public partial Node Y { get; }
        }
        """),
        Nas(ArgsWithoutFixedOp, 0, "Stage", "Y", "a searchable edge"));

    [Fact]
    public Task Args_on_a_cell_placement() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), {|#0:Args = [2]|})] public partial Inner P { get; }
        }
        """),
        Nas(ArgsWithoutFixedOp, 0, "Stage", "P", "a placement of cell 'Inner'"));
}
