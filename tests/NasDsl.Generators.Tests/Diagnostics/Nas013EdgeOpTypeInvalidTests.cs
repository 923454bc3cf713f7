using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas013EdgeOpTypeInvalidTests
{
    private static string Stage(string edge) => TestSources.With($$"""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), {{edge}})] public partial Node Y { get; }
        }
        """);

    [Fact]
    public Task Ops_names_a_type_that_is_not_an_op_set() => VerifyAsync(Stage("{|#0:Ops = typeof(Stem)|}"),
        Nas(OpsIsNotAnOpSet, 0, "Stage", "Y", "Stem"));

    [Fact]
    public Task Op_names_a_type_that_is_not_a_module() => VerifyAsync(Stage("{|#0:Op = typeof(string)|}"),
        Nas(OpIsNotAModule, 0, "Stage", "Y", "String"));

    [Fact]
    public Task Op_names_an_op_set() => VerifyAsync(Stage("{|#0:Op = typeof(U)|}"),
        Nas(OpIsAnOpSet, 0, "Stage", "Y", "U"));

    [Fact]
    public Task Op_names_a_module_without_a_usable_constructor() => VerifyAsync(Stage("{|#0:Op = typeof(Scaled)|}") + """

        public sealed class Scaled : nn.Module<Tensor, Tensor>
        {
            private readonly double _factor;

            public Scaled(double factor) : base(nameof(Scaled)) => _factor = factor;

            public override Tensor forward(Tensor x) => x * _factor;
        }
        """,
        Nas(OpHasNoUsableConstructor, 0, "Stage", "Y", "Scaled"));

    [Fact]
    public Task Op_names_an_abstract_module() => VerifyAsync(Stage("{|#0:Op = typeof(Base)|}") + """

        public abstract class Base : nn.Module<Tensor, Tensor>
        {
            protected Base() : base(nameof(Base)) { }
        }
        """,
        Nas(OpIsNotConcrete, 0, "Stage", "Y", "Base"));

    [Fact]
    public Task Op_names_an_open_generic_module() => VerifyAsync(Stage("{|#0:Op = typeof(Generic<>)|}") + """

        public sealed class Generic<T> : nn.Module<Tensor, Tensor>
        {
            public Generic() : base(nameof(Generic<T>)) { }

            public override Tensor forward(Tensor x) => x;
        }
        """,
        Nas(OpIsNotConcrete, 0, "Stage", "Y", "Generic"));
}
