using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas006OpSetEmptyOrMixedArityTests
{
    /// <summary>The cell that uses the empty op set reports nothing more: NAS006 already says why.</summary>
    [Fact]
    public Task Empty_op_set() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class {|#0:Nothing|}
        {
            public static Tensor NotAPrimitive(Tensor x) => x;
        }

        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(Nothing))] public partial Node Y { get; }
        }
        """),
        Nas(OpSetEmpty, 0, "Nothing"));

    [Fact]
    public Task Op_set_mixing_unary_and_binary_operations() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class {|#0:Mixed|}
        {
            [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            [BinaryPrimitive] public static Tensor Sub(Tensor a, Tensor b) => a - b;
        }

        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(Mixed))] public partial Node Y { get; }
        }
        """),
        Nas(OpSetMixesArities, 0, "Mixed"));
}
