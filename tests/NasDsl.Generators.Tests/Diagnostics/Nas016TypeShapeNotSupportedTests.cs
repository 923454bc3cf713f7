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
        Nas(TypeShapeNotSupported, 0, "Stage", "Cell", "is generic; search-space types must be non-generic so generated code can name them"));

    [Fact]
    public Task Record_search_space() => VerifyAsync(TestSources.With("""
        [SearchSpace]
        public partial record {|#0:Space|};
        """),
        Nas(TypeShapeNotSupported, 0, "Space", "SearchSpace", "is a record; declare it as a partial class"));

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
        Nas(TypeShapeNotSupported, 0, "Inner", "OpSet", "is nested in 'Outer', which is not partial; make 'Outer' partial so generated members can be added"));

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
        Nas(TypeShapeNotSupported, 0, "Stage", "Cell", "is nested in the generic type 'Outer'; move it out or make 'Outer' non-generic"));

    [Fact]
    public Task Cell_without_a_parameterless_constructor() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class {|#0:Stage|}
        {
            public Stage(int width) { }
        }
        """),
        Nas(TypeShapeNotSupported, 0, "Stage", "Cell", "has no parameterless constructor; generated node views create it with new(), so add one (it may be private)"));
}
