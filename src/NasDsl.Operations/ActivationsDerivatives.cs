using System.Numerics.Tensors;
using NasDsl.Operations.Kernels;

namespace NasDsl.Operations;

/// <summary>The declared value-and-derivative kernels of <see cref="Activations"/>, equal to torch's kernels and their backward.</summary>
public static partial class Activations
{
    private const float LeakySlope = 0.01f;

    private static void ReluDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        if (!derivative.IsEmpty) Pointwise.Map(new Positive(Negative: false), x, derivative);
        TensorPrimitives.Max(x, 0f, value);
    }

    private static void HardswishDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        if (!derivative.IsEmpty) Pointwise.Map(new Kernels.Hardswish(Derivative: true), x, derivative);
        Pointwise.Map(new Kernels.Hardswish(Derivative: false), x, value);
    }

    private static void LeakyReluDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        if (!derivative.IsEmpty) Pointwise.Map(new Kernels.LeakyRelu(LeakySlope, Derivative: true), x, derivative);
        Pointwise.Map(new Kernels.LeakyRelu(LeakySlope, Derivative: false), x, value);
    }

    private static void IdentityDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        x.CopyTo(value);
        derivative.Fill(1);
    }
}
