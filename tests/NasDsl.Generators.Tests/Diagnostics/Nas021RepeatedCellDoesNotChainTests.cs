using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas021RepeatedCellDoesNotChainTests
{
    /// <summary>Pairwise takes two inputs; a repetition only has the one output of the repetition before.</summary>
    [Fact]
    public Task Two_input_cell_repeated() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Input] public partial Node Y { get; }
            [Output, Edge(nameof(X), nameof(Y)), {|#0:Repeat(2)|}] public partial Pairwise P { get; }
        }
        """),
        Nas(RepeatedCellDoesNotChain, 0, "Stage", "P", "Pairwise", 2));

    /// <summary>Placed once, nothing chains: a two-input cell may carry [Repeat(1)].</summary>
    [Fact]
    public Task Two_input_cell_placed_once_is_valid() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Input] public partial Node Y { get; }
            [Output, Edge(nameof(X), nameof(Y)), Repeat(1)] public partial Pairwise P { get; }
        }
        """));
}
