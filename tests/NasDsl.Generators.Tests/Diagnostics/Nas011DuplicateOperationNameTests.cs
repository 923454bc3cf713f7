using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas011DuplicateOperationNameTests
{
    /// <summary>Overloads are the one way C# lets two operations share a name; here they also mix arities.</summary>
    [Fact]
    public Task Overloads_share_a_name() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class {|#1:Ops|}
        {
            [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            [BinaryPrimitive] public static Tensor {|#0:Neg|}(Tensor a, Tensor b) => a - b;
        }
        """),
        Nas(DuplicateOperationName, 0, "Ops", "Neg"),
        Nas(OpSetMixesArities, 1, "Ops"));
}
