using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas001TypeMustBePartialTests
{
    /// <summary>The cell that uses the op set is not generated in full either (it would refer to the missing table),
    /// and reports nothing of its own.</summary>
    [Fact]
    public Task Op_set_that_is_not_partial() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static class {|#0:Ops|}
        {
            [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
        }

        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(Ops))] public partial Node Y { get; }
        }
        """),
        Nas(TypeMustBePartial, 0, "Ops", "OpSet"));

    [Fact]
    public Task Cell_that_is_not_partial() => VerifyAsync(TestSources.With("""
        [Cell]
        public class {|#0:Stage|}
        {
            [Input] public partial Node {|#1:X|} { get; }
        }
        """),
        Nas(TypeMustBePartial, 0, "Stage", "Cell"),
        DiagnosticResult.CompilerError("CS0751").WithLocation(1),
        DiagnosticResult.CompilerError("CS9248").WithLocation(1).WithArguments("Stage.X"));

    [Fact]
    public Task Search_space_that_is_not_partial() => VerifyAsync(TestSources.With("""
        [SearchSpace]
        public class {|#0:Space|}
        {
            [Input] public partial Node {|#1:Image|} { get; }
        }
        """),
        Nas(TypeMustBePartial, 0, "Space", "SearchSpace"),
        DiagnosticResult.CompilerError("CS0751").WithLocation(1),
        DiagnosticResult.CompilerError("CS9248").WithLocation(1).WithArguments("Space.Image"));
}
