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
        Nas(EdgeArityMismatch, 0, "Stage", "Y", 1, "op set 'B'", 2, "give it 2 source(s) or use an op set of that arity"));

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
        Nas(EdgeArityMismatch, 0, "Stage", "Y", 2, "op set 'U'", 1, "give it 1 source(s) or use an op set of that arity"));

    [Fact]
    public Task Source_count_differs_from_the_inputs_of_the_placed_cell() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, {|#0:Edge(nameof(X))|}] public partial Pairwise P { get; }
        }
        """),
        Nas(EdgeArityMismatch, 0, "Stage", "P", 1, "cell 'Pairwise'", 2, "list one source per [Input] of 'Pairwise', in order"));

    [Fact]
    public Task Source_count_differs_from_the_arity_of_a_fixed_module() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), {|#0:Op = typeof(Join)|})] public partial Node Y { get; }
        }
        """),
        Nas(EdgeArityMismatch, 0, "Stage", "Y", 1, "module 'Join'", 2, "give it 2 source(s) or use a module of that arity"));

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
        Nas(EdgeArityMismatch, 0, "Stage", "Y", 0, "an edge", "at least 1", "name its source node(s) with nameof()"));
}
