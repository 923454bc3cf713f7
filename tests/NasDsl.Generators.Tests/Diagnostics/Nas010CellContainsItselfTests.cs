using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas010CellContainsItselfTests
{
    /// <summary>The search space that places the looping cell does not contain itself and reports nothing.</summary>
    [Fact]
    public Task Cell_placed_inside_itself() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Loop
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X))] public partial Loop {|#0:Again|} { get; }
        }

        [SearchSpace]
        public partial class Space
        {
            [Input] public partial Node Image { get; }
            [Output, Edge(nameof(Image))] public partial Loop L { get; }
        }
        """),
        Nas(CellContainsItself, 0, "Loop", "Again", "Loop -> Loop"));

    [Fact]
    public Task Cell_contains_itself_through_another_cell() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Outer
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X))] public partial Middle {|#0:M|} { get; }
        }

        [Cell]
        public partial class Middle
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X))] public partial Outer {|#1:O|} { get; }
        }
        """),
        Nas(CellContainsItself, 0, "Outer", "M", "Outer -> Middle -> Outer"),
        Nas(CellContainsItself, 1, "Middle", "O", "Middle -> Outer -> Middle"));
}
