using System.Numerics.Tensors;
using NasDsl.Operations.Kernels;

namespace NasDsl.Operations;

/// <summary>The declared value-and-derivative kernels of <see cref="Extended"/>'s stateless operations; its
/// parametric ones (β) keep autograd, since a fused edge would not train their β.</summary>
public static partial class Extended
{
    private static void SqrtDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        if (!derivative.IsEmpty) Pointwise.Map(new SignedSqrt(Derivative: true), x, derivative);
        Pointwise.Map(new SignedSqrt(Derivative: false), x, value);
    }

    private static void LogDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        if (!derivative.IsEmpty) Pointwise.Map(new AbsLog(Derivative: true), x, derivative);
        Pointwise.Map(new AbsLog(Derivative: false), x, value);
        TensorPrimitives.Log(value, value);
    }

    private static void AcoshDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        if (!derivative.IsEmpty) Pointwise.Map(new HalfRootAbs(Derivative: true), x, derivative);
        Pointwise.Map(new HalfRootAbs(Derivative: false), x, value);
        Pointwise.Map(new Kernels.Asinh(), value, value);
        TensorPrimitives.Multiply(value, 2f, value);
    }
}
