using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas023PrimitiveDerivativeInvalidTests
{
    private const string UnaryExpected = "static void {0}(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)";

    [Fact]
    public Task Valid_unary_and_binary_derivatives_report_nothing() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive(Derivative = nameof(NegDerivative))] public static Tensor Neg(Tensor x) => -x;
            private static void NegDerivative(System.ReadOnlySpan<float> x, System.Span<float> value, System.Span<float> derivative) { }
            [UnaryPrimitive] public static Tensor Abs(Tensor x) => x.abs();
        }

        [OpSet]
        public static partial class Pairs
        {
            [BinaryPrimitive(Derivative = nameof(AddPartials))] public static Tensor Add(Tensor a, Tensor b) => a + b;
            public static void AddPartials(System.ReadOnlySpan<float> a, System.ReadOnlySpan<float> b, System.Span<float> value, System.Span<float> derivativeA, System.Span<float> derivativeB) { }
        }
        """));

    [Fact]
    public Task Missing_member() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive({|#0:Derivative = "NegDerivative"|})] public static Tensor Neg(Tensor x) => -x;
        }
        """),
        Nas(PrimitiveDerivativeInvalid, 0, "Ops.Neg", "NegDerivative", $"is not a method of 'Ops'; declare '{string.Format(UnaryExpected, "NegDerivative")}'"));

    [Fact]
    public Task Member_that_is_not_a_method() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            public static readonly int Slope = 1;
            [UnaryPrimitive({|#0:Derivative = nameof(Slope)|})] public static Tensor Neg(Tensor x) => -x;
        }
        """),
        Nas(PrimitiveDerivativeInvalid, 0, "Ops.Neg", "Slope", $"is not a method of 'Ops'; declare '{string.Format(UnaryExpected, "Slope")}'"));

    [Fact]
    public Task Unary_derivative_returning_a_tensor() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive({|#0:Derivative = nameof(Cos)|})] public static Tensor Sin(Tensor x) => x.sin();
            [UnaryPrimitive] public static Tensor Cos(Tensor x) => x.cos();
        }
        """),
        Nas(PrimitiveDerivativeInvalid, 0, "Ops.Sin", "Cos", $"has the wrong signature for a unary derivative: declare it as '{string.Format(UnaryExpected, "Cos")}'"));

    [Fact]
    public Task Derivative_that_is_not_static() => VerifyAsync(TestSources.With("""
        [OpSet]
        public partial class Ops
        {
            [UnaryPrimitive({|#0:Derivative = nameof(NegDerivative)|})] public static Tensor Neg(Tensor x) => -x;
            public void NegDerivative(System.ReadOnlySpan<float> x, System.Span<float> value, System.Span<float> derivative) { }
        }
        """),
        Nas(PrimitiveDerivativeInvalid, 0, "Ops.Neg", "NegDerivative", $"must be static: declare it as '{string.Format(UnaryExpected, "NegDerivative")}'"));

    [Fact]
    public Task Binary_derivative_with_one_partial() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Pairs
        {
            [BinaryPrimitive({|#0:Derivative = nameof(AddPartial)|})] public static Tensor Add(Tensor a, Tensor b) => a + b;
            public static void AddPartial(System.ReadOnlySpan<float> a, System.ReadOnlySpan<float> b, System.Span<float> value, System.Span<float> derivative) { }
        }
        """),
        Nas(PrimitiveDerivativeInvalid, 0, "Pairs.Add", "AddPartial",
            "has the wrong signature for a binary derivative: declare it as 'static void AddPartial(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> value, Span<float> derivativeA, Span<float> derivativeB)'"));

    [Fact]
    public Task Derivative_over_double_spans() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive({|#0:Derivative = nameof(NegDerivative)|})] public static Tensor Neg(Tensor x) => -x;
            public static void NegDerivative(System.ReadOnlySpan<double> x, System.Span<double> value, System.Span<double> derivative) { }
        }
        """),
        Nas(PrimitiveDerivativeInvalid, 0, "Ops.Neg", "NegDerivative", $"has the wrong signature for a unary derivative: declare it as '{string.Format(UnaryExpected, "NegDerivative")}'"));

    [Fact]
    public Task Derivative_on_a_primitive_class() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;

            [UnaryPrimitive({|#0:Derivative = "Slope"|})]
            public sealed class Scaled : Primitive
            {
                public Scaled(PrimitiveContext context) : base(context) { }

                public override Tensor forward(Tensor x) => x * 2;
            }
        }
        """),
        Nas(PrimitiveDerivativeInvalid, 0, "Ops.Scaled", "Slope",
            "cannot be declared on a primitive class: only static-method primitives take a derivative, since a class may hold weights the fused edge would not train"));
}
