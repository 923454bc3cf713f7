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
        Nas(EdgeOpTypeInvalid, 0, "Stage", "Y", "Ops = typeof(Stem) names a type that is not an [OpSet] class; mark 'Stem' [OpSet] or use Op for a fixed module"));

    [Fact]
    public Task Op_names_a_type_that_is_not_a_module() => VerifyAsync(Stage("{|#0:Op = typeof(string)|}"),
        Nas(EdgeOpTypeInvalid, 0, "Stage", "Y",
            "Op = typeof(String) names a type that is not a TorchSharp Module<Tensor, Tensor> (or Module<Tensor, Tensor, Tensor> for two sources)"));

    [Fact]
    public Task Op_names_an_op_set() => VerifyAsync(Stage("{|#0:Op = typeof(U)|}"),
        Nas(EdgeOpTypeInvalid, 0, "Stage", "Y", "Op = typeof(U) names an op set; use Ops = typeof(U) for a searchable edge"));

    [Fact]
    public Task Op_names_a_module_without_a_usable_constructor() => VerifyAsync(Stage("{|#0:Op = typeof(Scaled)|}") + """

        public sealed class Scaled : nn.Module<Tensor, Tensor>
        {
            private readonly double _factor;

            public Scaled(double factor) : base(nameof(Scaled)) => _factor = factor;

            public override Tensor forward(Tensor x) => x * _factor;
        }
        """,
        Nas(EdgeOpTypeInvalid, 0, "Stage", "Y", "Op = typeof(Scaled) needs a public constructor taking a PrimitiveContext, or a parameterless one"));

    [Fact]
    public Task Op_names_an_abstract_module() => VerifyAsync(Stage("{|#0:Op = typeof(Base)|}") + """

        public abstract class Base : nn.Module<Tensor, Tensor>
        {
            protected Base() : base(nameof(Base)) { }
        }
        """,
        Nas(EdgeOpTypeInvalid, 0, "Stage", "Y", "Op = typeof(Base) names an abstract or open generic type; name a concrete module class"));

    [Fact]
    public Task Op_names_an_open_generic_module() => VerifyAsync(Stage("{|#0:Op = typeof(Generic<>)|}") + """

        public sealed class Generic<T> : nn.Module<Tensor, Tensor>
        {
            public Generic() : base(nameof(Generic<T>)) { }

            public override Tensor forward(Tensor x) => x;
        }
        """,
        Nas(EdgeOpTypeInvalid, 0, "Stage", "Y", "Op = typeof(Generic) names an abstract or open generic type; name a concrete module class"));
}
