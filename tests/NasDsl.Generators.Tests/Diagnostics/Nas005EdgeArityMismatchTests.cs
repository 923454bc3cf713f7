using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas005EdgeArityMismatchTests
{
    [Fact]
    public Task One_source_for_a_binary_op_set() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), {|#0:Ops = typeof(B)|})] public partial Node Y { get; }
        }
        """),
        Nas(OpSetArityMismatch, 0, "Stage", "Y", 1, "B", 2));

    [Fact]
    public Task Two_sources_for_a_unary_op_set() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Input] public partial Node W { get; }
            [Output, Edge(nameof(X), nameof(W), {|#0:Ops = typeof(U)|})] public partial Node Y { get; }
        }
        """),
        Nas(OpSetArityMismatch, 0, "Stage", "Y", 2, "U", 1));

    [Fact]
    public Task Source_count_differs_from_the_inputs_of_the_placed_cell() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, {|#0:Edge(nameof(X))|}] public partial Pairwise P { get; }
        }
        """),
        Nas(PlacementArityMismatch, 0, "Stage", "P", 1, "Pairwise", 2));

    [Fact]
    public Task Source_count_differs_from_the_arity_of_a_fixed_module() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), {|#0:Op = typeof(Join)|})] public partial Node Y { get; }
        }
        """),
        Nas(ModuleArityMismatch, 0, "Stage", "Y", 1, "Join", 2));

    /// <summary>One diagnostic for the missing sources, not a second one for the op set's arity.</summary>
    [Fact]
    public Task Edge_without_sources() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U)), {|#0:Edge(Ops = typeof(U))|}] public partial Node Y { get; }
        }
        """),
        Nas(EdgeHasNoSources, 0, "Stage", "Y"));
}
