using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas007PrimitiveSignatureInvalidTests
{
    [Fact]
    public Task Method_that_is_not_static() => VerifyAsync(TestSources.With("""
        [OpSet]
        public partial class Ops
        {
            [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            [UnaryPrimitive] public Tensor {|#0:Abs|}(Tensor x) => x.abs();
        }
        """),
        Nas(PrimitiveMethodNotStatic, 0, "Ops.Abs", "public static Tensor Abs(Tensor x)"));

    /// <summary>The op set is not generated, so neither is the cell that searches over it; only NAS007 is reported.</summary>
    [Fact]
    public Task Invalid_method_in_an_op_set_that_a_cell_uses() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            [UnaryPrimitive] public static Tensor {|#0:Clamp|}(Tensor x, double limit) => x.clamp_max(limit);
        }

        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(Ops))] public partial Node Y { get; }
        }
        """),
        Nas(PrimitiveMethodSignature, 0, "Ops.Clamp", "unary", "public static Tensor Clamp(Tensor x)"));

    [Fact]
    public Task Unary_method_with_two_parameters() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            [UnaryPrimitive] public static Tensor {|#0:Sub|}(Tensor a, Tensor b) => a - b;
        }
        """),
        Nas(PrimitiveMethodSignature, 0, "Ops.Sub", "unary", "public static Tensor Sub(Tensor x)"));

    [Fact]
    public Task Binary_method_with_a_parameter_that_is_not_a_tensor() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [BinaryPrimitive] public static Tensor Add(Tensor a, Tensor b) => a + b;
            [BinaryPrimitive] public static Tensor {|#0:Scale|}(Tensor a, double b) => a * b;
        }
        """),
        Nas(PrimitiveMethodSignature, 0, "Ops.Scale", "binary", "public static Tensor Scale(Tensor a, Tensor b)"));

    [Fact]
    public Task Method_that_does_not_return_a_tensor() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            [UnaryPrimitive] public static double {|#0:Mean|}(Tensor x) => x.mean().item<double>();
        }
        """),
        Nas(PrimitiveMethodSignature, 0, "Ops.Mean", "unary", "public static Tensor Mean(Tensor x)"));

    [Fact]
    public Task Generic_method() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            [UnaryPrimitive] public static Tensor {|#0:Same|}<T>(Tensor x) => x;
        }
        """),
        Nas(PrimitiveMethodGeneric, 0, "Ops.Same", "public static Tensor Same(Tensor x)"));

    [Fact]
    public Task Private_method() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            [UnaryPrimitive] private static Tensor {|#0:Abs|}(Tensor x) => x.abs();
        }
        """),
        Nas(PrimitiveMethodInaccessible, 0, "Ops.Abs"));

    [Fact]
    public Task Class_not_deriving_from_Primitive() => VerifyAsync(TestSources.With("""
        [UnaryPrimitive]
        public sealed class {|#0:Beta|} : nn.Module<Tensor, Tensor>
        {
            public Beta() : base(nameof(Beta)) { }

            public override Tensor forward(Tensor x) => x;
        }
        """),
        Nas(PrimitiveClassBaseMissing, 0, "Beta", "Primitive"));

    [Fact]
    public Task Binary_class_deriving_from_the_unary_base() => VerifyAsync(TestSources.With("""
        [BinaryPrimitive]
        public sealed class {|#0:Beta|} : Primitive
        {
            public Beta(PrimitiveContext context) : base(context) { }

            public override Tensor forward(Tensor x) => x;
        }
        """),
        Nas(PrimitiveClassBaseMissing, 0, "Beta", "BinaryPrimitive"));

    [Fact]
    public Task Abstract_class() => VerifyAsync(TestSources.With("""
        [UnaryPrimitive]
        public abstract class {|#0:Beta|} : Primitive
        {
            protected Beta(PrimitiveContext context) : base(context) { }
        }
        """),
        Nas(PrimitiveClassAbstract, 0, "Beta"));

    [Fact]
    public Task Generic_class() => VerifyAsync(TestSources.With("""
        [UnaryPrimitive]
        public sealed class {|#0:Beta|}<T> : Primitive
        {
            public Beta(PrimitiveContext context) : base(context) { }

            public override Tensor forward(Tensor x) => x;
        }
        """),
        Nas(PrimitiveClassGeneric, 0, "Beta"));

    [Fact]
    public Task Class_without_a_usable_constructor() => VerifyAsync(TestSources.With("""
        [UnaryPrimitive]
        public sealed class {|#0:Beta|} : Primitive
        {
            public Beta(PrimitiveContext context, int channels) : base(context) { }

            public override Tensor forward(Tensor x) => x;
        }
        """),
        Nas(PrimitiveClassConstructorMissing, 0, "Beta"));

    /// <summary>Reported once, by the class, and the op set does not add "has no operations" on top.</summary>
    [Fact]
    public Task Invalid_class_nested_in_an_op_set() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive]
            public sealed class {|#0:Beta|} : nn.Module<Tensor, Tensor>
            {
                public Beta() : base(nameof(Beta)) { }

                public override Tensor forward(Tensor x) => x;
            }
        }
        """),
        Nas(PrimitiveClassBaseMissing, 0, "Beta", "Primitive"));
}
