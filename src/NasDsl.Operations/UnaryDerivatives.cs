using System.Numerics.Tensors;
using NasDsl.Operations.Kernels;

namespace NasDsl.Operations;

/// <summary>
/// The declared value-and-derivative kernels of <see cref="Unary"/> (see <see cref="PrimitiveAttribute.Derivative"/>):
/// elementwise over float32 spans, equal to the tensor operations and to their autograd derivatives, the
/// <see cref="OperationGuard"/>'s clamps included (a clamped element gets derivative 0, as torch's clamp gives it).
/// </summary>
public static partial class Unary
{
    private const float TwoOverSqrtPi = 1.1283791670955126f;

    private static void IdentityDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        x.CopyTo(value);
        derivative.Fill(1);
    }

    private static void ZeroDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        value[..x.Length].Clear();
        derivative.Clear();
    }

    private static void NegateDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        TensorPrimitives.Negate(x, value);
        derivative.Fill(-1);
    }

    private static void AbsDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        if (!derivative.IsEmpty) Pointwise.Map(new Sign(), x, derivative);
        TensorPrimitives.Abs(x, value);
    }

    private static void SquareDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative) =>
        ClampedPower(x, value, derivative, OperationGuard.IsActive ? (float)OperationGuard.SquareInputLimit : float.PositiveInfinity, cube: false);

    private static void CubeDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative) =>
        ClampedPower(x, value, derivative, OperationGuard.IsActive ? (float)OperationGuard.CubeInputLimit : float.PositiveInfinity, cube: true);

    /// <summary>c² or c³ of c = clamp(x, ±limit), with derivative 2c or 3c² inside the bound and 0 outside.</summary>
    private static void ClampedPower(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative, float limit, bool cube)
    {
        TensorPrimitives.Clamp(x, -limit, limit, value);
        if (!derivative.IsEmpty)
        {
            if (cube) TensorPrimitives.Multiply(value, value, derivative);
            Pointwise.Map(new SlopeInside(cube ? 3 : 2, limit), x, cube ? derivative : value, derivative);
        }
        // (c·c)·c is the order of torch's pow(c, 3).
        if (cube) Pointwise.Map(new Cubed(), value, value);
        else TensorPrimitives.Multiply(value, value, value);
    }

    private static void ExpDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        var guarded = OperationGuard.IsActive;
        if (guarded) TensorPrimitives.Min(x, (float)OperationGuard.ExponentLimit, value);
        TensorPrimitives.Exp(guarded ? value : x, value);
        if (derivative.IsEmpty) return;
        if (guarded) Pointwise.Map(new BelowOrAt((float)OperationGuard.ExponentLimit), x, value, derivative);
        else value.CopyTo(derivative);
    }

    private static void SinDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        // Two vectorised passes: TensorPrimitives.SinCos calls libm's sincosf element by element, 3x slower.
        TensorPrimitives.Sin(x, value);
        if (!derivative.IsEmpty) TensorPrimitives.Cos(x, derivative);
    }

    private static void CosDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        TensorPrimitives.Cos(x, value);
        if (derivative.IsEmpty) return;
        TensorPrimitives.Sin(x, derivative);
        TensorPrimitives.Negate(derivative, derivative);
    }

    private static void SinhDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative) => Hyperbolic(x, value, derivative, sinh: true);

    private static void CoshDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative) => Hyperbolic(x, value, derivative, sinh: false);

    /// <summary>sinh or cosh of clamp(x, ±5), with derivative cosh or sinh inside the bound and 0 outside.</summary>
    private static void Hyperbolic(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative, bool sinh)
    {
        var limit = OperationGuard.IsActive ? (float)OperationGuard.ExponentLimit : float.PositiveInfinity;
        TensorPrimitives.Clamp(x, -limit, limit, value);
        if (!derivative.IsEmpty)
        {
            if (sinh) TensorPrimitives.Cosh(value, derivative);
            else TensorPrimitives.Sinh(value, derivative);
            Pointwise.Map(new SlopeInside(1, limit), x, derivative, derivative);
        }
        if (sinh) TensorPrimitives.Sinh(value, value);
        else TensorPrimitives.Cosh(value, value);
    }

    private static void TanhDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        TensorPrimitives.Tanh(x, value);
        if (!derivative.IsEmpty) Pointwise.Map(new FromOutput(Tanh: true), value, derivative);
    }

    private static void AsinhDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        Pointwise.Map(new Kernels.Asinh(), x, value);
        if (!derivative.IsEmpty) Pointwise.Map(new InverseOfSquarePlusOne(Root: true), x, derivative);
    }

    private static void AtanDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        Pointwise.Map(new Kernels.Atan(), x, value);
        if (!derivative.IsEmpty) Pointwise.Map(new InverseOfSquarePlusOne(Root: false), x, derivative);
    }

    private static void SincDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        Pointwise.Map(new SincArgument(), x, value);
        if (!derivative.IsEmpty) TensorPrimitives.Cos(value, derivative);
        TensorPrimitives.Sin(value, value);
        Pointwise.Map(new SincQuotient(), x, value, value);
        if (!derivative.IsEmpty) Pointwise.Map(new SincSlope(), x, derivative, value, derivative);
    }

    private static void Max0Derivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        if (!derivative.IsEmpty) Pointwise.Map(new Positive(Negative: false), x, derivative);
        TensorPrimitives.Max(x, 0f, value);
    }

    private static void Min0Derivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        if (!derivative.IsEmpty) Pointwise.Map(new Positive(Negative: true), x, derivative);
        TensorPrimitives.Min(x, 0f, value);
    }

    private static void SigmoidDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        TensorPrimitives.Sigmoid(x, value);
        if (!derivative.IsEmpty) Pointwise.Map(new FromOutput(Tanh: false), value, derivative);
    }

    private static void SoftplusDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        const int Chunk = 256;
        Span<float> logOnePlusExp = stackalloc float[Chunk];
        for (var start = 0; start < x.Length; start += Chunk)
        {
            var length = Math.Min(Chunk, x.Length - start);
            var xs = x.Slice(start, length);
            var exp = value.Slice(start, length);
            var log = logOnePlusExp[..length];
            TensorPrimitives.Exp(xs, exp);
            if (!derivative.IsEmpty) Pointwise.Map(new SoftplusSlope(), xs, exp, derivative.Slice(start, length));
            Pointwise.Map(new PlusOne(), exp, log);
            TensorPrimitives.Log(log, log);
            Pointwise.Map(new Softplus(), xs, exp, log, exp);
        }
    }

    private static void GaussianDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        Pointwise.Map(new NegatedSquare(), x, value);
        TensorPrimitives.Exp(value, value);
        if (!derivative.IsEmpty) Pointwise.Map(new ScaledProduct(-2), x, value, derivative);
    }

    private static void ErfDerivative(ReadOnlySpan<float> x, Span<float> value, Span<float> derivative)
    {
        Pointwise.Map(new NegatedSquare(), x, value);
        TensorPrimitives.Exp(value, value);
        if (!derivative.IsEmpty) TensorPrimitives.Multiply(value, TwoOverSqrtPi, derivative);
        Pointwise.Map(new Erf(), x, value, value);
    }
}
