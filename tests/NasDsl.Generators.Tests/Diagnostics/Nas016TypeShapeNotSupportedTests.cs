using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas016TypeShapeNotSupportedTests
{
    [Fact]
    public Task Generic_cell() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class {|#0:Stage|}<T>
        {
        }
        """),
        Nas(TypeIsGeneric, 0, "Stage", "Cell"));

    [Fact]
    public Task Record_search_space() => VerifyAsync(TestSources.With("""
        [SearchSpace]
        public partial record {|#0:Space|};
        """),
        Nas(TypeIsNotAClass, 0, "Space", "SearchSpace", "record"));

    [Fact]
    public Task Op_set_nested_in_a_class_that_is_not_partial() => VerifyAsync(TestSources.With("""
        public static class Outer
        {
            [OpSet]
            public static partial class {|#0:Inner|}
            {
                [UnaryPrimitive] public static Tensor Sin(Tensor x) => x.sin();
            }
        }
        """),
        Nas(TypeNestedInNonPartial, 0, "Inner", "OpSet", "Outer"));

    [Fact]
    public Task Cell_nested_in_a_generic_type() => VerifyAsync(TestSources.With("""
        public partial class Outer<T>
        {
            [Cell]
            public partial class {|#0:Stage|}
            {
            }
        }
        """),
        Nas(TypeNestedInGeneric, 0, "Stage", "Cell", "Outer"));

    [Fact]
    public Task Cell_without_a_parameterless_constructor() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class {|#0:Stage|}
        {
            public Stage(int width) { }
        }
        """),
        Nas(TypeHasNoParameterlessConstructor, 0, "Stage", "Cell"));
}
