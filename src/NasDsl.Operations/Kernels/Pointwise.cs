using System.Numerics;
using System.Runtime.CompilerServices;

namespace NasDsl.Operations.Kernels;

/// <summary>One elementwise step, for whole vectors and for the scalar tail.</summary>
internal interface IPointwiseStep
{
    Vector<float> Apply(Vector<float> x);

    float Apply(float x);
}

/// <summary>One elementwise step of two operands.</summary>
internal interface IPointwiseStep2
{
    Vector<float> Apply(Vector<float> x, Vector<float> y);

    float Apply(float x, float y);
}

/// <summary>One elementwise step of three operands.</summary>
internal interface IPointwiseStep3
{
    Vector<float> Apply(Vector<float> x, Vector<float> y, Vector<float> z);

    float Apply(float x, float y, float z);
}

/// <summary>
/// Runs a step over spans with <see cref="Vector{T}"/> (as wide as the machine allows, scalar where it is not
/// accelerated) and a scalar tail. Steps are structs, so the JIT specialises and inlines each one. The output may
/// alias an input: each vector is read before it is written.
/// </summary>
internal static class Pointwise
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<TStep>(TStep step, ReadOnlySpan<float> x, Span<float> result) where TStep : struct, IPointwiseStep
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                step.Apply(new Vector<float>(x[i..])).CopyTo(result[i..]);
        for (; i < x.Length; i++) result[i] = step.Apply(x[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<TStep>(TStep step, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> result) where TStep : struct, IPointwiseStep2
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                step.Apply(new Vector<float>(x[i..]), new Vector<float>(y[i..])).CopyTo(result[i..]);
        for (; i < x.Length; i++) result[i] = step.Apply(x[i], y[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<TStep>(TStep step, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> result) where TStep : struct, IPointwiseStep3
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                step.Apply(new Vector<float>(x[i..]), new Vector<float>(y[i..]), new Vector<float>(z[i..])).CopyTo(result[i..]);
        for (; i < x.Length; i++) result[i] = step.Apply(x[i], y[i], z[i]);
    }
}

/// <summary><paramref name="Slope"/>·x where |x| ≤ <paramref name="Limit"/>, else 0: the derivative of a clamp to
/// ±Limit times a linear map (torch's clamp passes the gradient at the bound itself).</summary>
internal readonly record struct SlopeInside(float Slope, float Limit) : IPointwiseStep2
{
    // x: the unclamped input (decides the mask); y: the value the slope multiplies.
    public Vector<float> Apply(Vector<float> x, Vector<float> y) =>
        Vector.ConditionalSelect(Vector.LessThanOrEqual(Vector.Abs(x), new Vector<float>(Limit)), y * Slope, Vector<float>.Zero);

    public float Apply(float x, float y) => MathF.Abs(x) <= Limit ? y * Slope : 0f;
}

/// <summary>y where x ≤ <paramref name="Limit"/>, else 0: the derivative of clamp_max.</summary>
internal readonly record struct BelowOrAt(float Limit) : IPointwiseStep2
{
    public Vector<float> Apply(Vector<float> x, Vector<float> y) =>
        Vector.ConditionalSelect(Vector.LessThanOrEqual(x, new Vector<float>(Limit)), y, Vector<float>.Zero);

    public float Apply(float x, float y) => x <= Limit ? y : 0f;
}

/// <summary>sign(x): −1, 0 or 1 (|x|' as torch has it: 0 at 0).</summary>
internal readonly struct Sign : IPointwiseStep
{
    public Vector<float> Apply(Vector<float> x) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), Vector<float>.One, Vector<float>.Zero)
        - Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), Vector<float>.One, Vector<float>.Zero);

    public float Apply(float x) => x > 0 ? 1f : x < 0 ? -1f : 0f;
}

/// <summary>1 where x &gt; 0 (or &lt; 0 with <paramref name="Negative"/>), else 0: relu's derivative.</summary>
internal readonly record struct Positive(bool Negative) : IPointwiseStep
{
    public Vector<float> Apply(Vector<float> x) =>
        Vector.ConditionalSelect(Negative ? Vector.LessThan(x, Vector<float>.Zero) : Vector.GreaterThan(x, Vector<float>.Zero), Vector<float>.One, Vector<float>.Zero);

    public float Apply(float x) => (Negative ? x < 0 : x > 0) ? 1f : 0f;
}

/// <summary>y·(1 − y) (σ′ from σ), or 1 − y² with <paramref name="Tanh"/>.</summary>
internal readonly record struct FromOutput(bool Tanh) : IPointwiseStep
{
    public Vector<float> Apply(Vector<float> y) => Tanh ? Vector<float>.One - y * y : (Vector<float>.One - y) * y;

    public float Apply(float y) => Tanh ? 1 - y * y : (1 - y) * y;
}

/// <summary>1/(x² + 1) (atan′), or 1/√(x² + 1) (asinh′) with <paramref name="Root"/>.</summary>
internal readonly record struct InverseOfSquarePlusOne(bool Root) : IPointwiseStep
{
    public Vector<float> Apply(Vector<float> x)
    {
        var s = x * x + Vector<float>.One;
        return Vector<float>.One / (Root ? Vector.SquareRoot(s) : s);
    }

    public float Apply(float x) => 1 / (Root ? MathF.Sqrt(x * x + 1) : x * x + 1);
}

/// <summary>x·y·<paramref name="Scale"/>.</summary>
internal readonly record struct ScaledProduct(float Scale) : IPointwiseStep2
{
    public Vector<float> Apply(Vector<float> x, Vector<float> y) => x * y * Scale;

    public float Apply(float x, float y) => x * y * Scale;
}
