using System.Numerics;
using System.Numerics.Tensors;
using NasDsl.Operations.Kernels;

namespace NasDsl.Operations;

/// <summary>
/// The declared value-and-partials kernels of <see cref="Binary"/> (see <see cref="PrimitiveAttribute.Derivative"/>),
/// equal to the tensor operations and their autograd partials, guard included. Operands have the same length (a
/// fused edge runs only on inputs of one shape).
/// </summary>
public static partial class Binary
{
    private static void AddDerivative(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> value, Span<float> derivativeA, Span<float> derivativeB)
    {
        TensorPrimitives.Add(a, b, value);
        derivativeA.Fill(1);
        derivativeB.Fill(1);
    }

    private static void SubDerivative(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> value, Span<float> derivativeA, Span<float> derivativeB)
    {
        TensorPrimitives.Subtract(a, b, value);
        derivativeA.Fill(1);
        derivativeB.Fill(-1);
    }

    private static void MulDerivative(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> value, Span<float> derivativeA, Span<float> derivativeB)
    {
        var limit = OperationGuard.IsActive ? (float)OperationGuard.OutputLimit : float.PositiveInfinity;
        TensorPrimitives.Multiply(a, b, value);
        if (!derivativeA.IsEmpty)
        {
            // The product's clamp passes the gradient (b to a, a to b) only inside ±limit.
            Pointwise.Map(new SlopeInside(1, limit), value, b, derivativeA);
            Pointwise.Map(new SlopeInside(1, limit), value, a, derivativeB);
        }
        TensorPrimitives.Clamp(value, -limit, limit, value);
    }

    private static void DivDerivative(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> value, Span<float> derivativeA, Span<float> derivativeB)
    {
        var step = new GuardedQuotient(OperationGuard.IsActive);
        if (!derivativeA.IsEmpty)
        {
            Pointwise.Map(step with { Part = QuotientPart.DerivativeA }, a, b, derivativeA);
            Pointwise.Map(step with { Part = QuotientPart.DerivativeB }, a, b, derivativeB);
        }
        Pointwise.Map(step, a, b, value);
    }

    private static void MinDerivative(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> value, Span<float> derivativeA, Span<float> derivativeB)
    {
        if (!derivativeA.IsEmpty)
        {
            Pointwise.Map(new TieSplit(Larger: false), a, b, derivativeA);
            Pointwise.Map(new TieSplit(Larger: false), b, a, derivativeB);
        }
        TensorPrimitives.Min(a, b, value);
    }

    private static void MaxDerivative(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> value, Span<float> derivativeA, Span<float> derivativeB)
    {
        if (!derivativeA.IsEmpty)
        {
            Pointwise.Map(new TieSplit(Larger: true), a, b, derivativeA);
            Pointwise.Map(new TieSplit(Larger: true), b, a, derivativeB);
        }
        TensorPrimitives.Max(a, b, value);
    }

    private static void SigMulDerivative(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> value, Span<float> derivativeA, Span<float> derivativeB)
    {
        var sigmoid = derivativeB.IsEmpty ? value : derivativeB;
        TensorPrimitives.Sigmoid(a, sigmoid);
        if (!derivativeA.IsEmpty)
        {
            // σ′(a)·b = (1 − σ)·σ·b, then σ itself is ∂/∂b.
            Pointwise.Map(new FromOutput(Tanh: false), sigmoid, derivativeA);
            TensorPrimitives.Multiply(derivativeA, b, derivativeA);
        }
        TensorPrimitives.Multiply(sigmoid, b, value);
    }

    private enum QuotientPart
    {
        Value,
        DerivativeA,
        DerivativeB,
    }

    /// <summary>
    /// <see cref="OperationGuard.Divide"/> and its partials elementwise: d = b + 1e-10; guarded, s = copysign(max(|d|,
    /// 1e-10), d), q = clamp(a, ±L)/s and the value clamp(q, ±L). Each clamp passes the gradient only inside its bound,
    /// and the floor on |d| stops ∂/∂b where it holds, as torch's clamp backward has it.
    /// </summary>
    private readonly record struct GuardedQuotient(bool Guarded, QuotientPart Part = QuotientPart.Value) : IPointwiseStep2
    {
        private static readonly float s_limit = (float)OperationGuard.OutputLimit;
        private const float Epsilon = (float)OperationGuard.DivisionEpsilon;

        public Vector<float> Apply(Vector<float> a, Vector<float> b)
        {
            var d = b + new Vector<float>(Epsilon);
            if (!Guarded)
            {
                var plain = a / d;
                return Part switch { QuotientPart.Value => plain, QuotientPart.DerivativeA => Vector<float>.One / d, _ => -(plain / d) };
            }
            var limit = new Vector<float>(s_limit);
            var magnitude = Vector.Max(Vector.Abs(d), new Vector<float>(Epsilon));
            var s = Vector.ConditionalSelect(Vector.LessThan(d, Vector<float>.Zero), -magnitude, magnitude);
            var q = Vector.Min(Vector.Max(a, -limit), limit) / s;
            var quotientInside = Vector.LessThanOrEqual(Vector.Abs(q), limit);
            return Part switch
            {
                QuotientPart.Value => Vector.Min(Vector.Max(q, -limit), limit),
                QuotientPart.DerivativeA => Vector.ConditionalSelect(quotientInside & Vector.LessThanOrEqual(Vector.Abs(a), limit), Vector<float>.One / s, Vector<float>.Zero),
                _ => Vector.ConditionalSelect(quotientInside & Vector.GreaterThanOrEqual(Vector.Abs(d), new Vector<float>(Epsilon)), -(q / s), Vector<float>.Zero),
            };
        }

        public float Apply(float a, float b)
        {
            var d = b + Epsilon;
            if (!Guarded)
                return Part switch { QuotientPart.Value => a / d, QuotientPart.DerivativeA => 1 / d, _ => -(a / d / d) };
            var s = MathF.CopySign(MathF.Max(MathF.Abs(d), Epsilon), d);
            var q = Math.Clamp(a, -s_limit, s_limit) / s;
            var quotientInside = MathF.Abs(q) <= s_limit;
            return Part switch
            {
                QuotientPart.Value => Math.Clamp(q, -s_limit, s_limit),
                QuotientPart.DerivativeA => quotientInside && MathF.Abs(a) <= s_limit ? 1 / s : 0,
                _ => quotientInside && MathF.Abs(d) >= Epsilon ? -(q / s) : 0,
            };
        }
    }

    /// <summary>∂ min(x, y)/∂x (or max with <paramref name="Larger"/>): 1 where x wins, ½ at a tie, as torch splits it.</summary>
    private readonly record struct TieSplit(bool Larger) : IPointwiseStep2
    {
        public Vector<float> Apply(Vector<float> x, Vector<float> y) =>
            Vector.ConditionalSelect(Larger ? Vector.GreaterThan(x, y) : Vector.LessThan(x, y), Vector<float>.One,
                Vector.ConditionalSelect(Vector.Equals(x, y), new Vector<float>(0.5f), Vector<float>.Zero));

        public float Apply(float x, float y) => (Larger ? x > y : x < y) ? 1f : x == y ? 0.5f : 0f;
    }
}
