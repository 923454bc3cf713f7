using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas015TooManyInputsTests
{
    [Fact]
    public Task Search_space_with_two_inputs() => VerifyAsync(TestSources.With("""
        [SearchSpace]
        public partial class Space
        {
            [Input] public partial Node Image { get; }
            [Input] public partial Node {|#0:Extra|} { get; }
            [Output, Edge(nameof(Image), nameof(Extra), Ops = typeof(B))] public partial Node Logits { get; }
        }
        """),
        Nas(SearchSpaceHasSeveralInputs, 0, "Space", 2));

    [Fact]
    public Task Cell_with_three_inputs() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Input] public partial Node W { get; }
            [Input] public partial Node {|#0:V|} { get; }
            [Edge(nameof(X), nameof(W), Ops = typeof(B))] public partial Node P { get; }
            [Output, Edge(nameof(P), nameof(V), Ops = typeof(B))] public partial Node Y { get; }
        }
        """),
        Nas(CellHasTooManyInputs, 0, "Stage", 3));
}
