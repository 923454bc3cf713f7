using System.Numerics;

namespace NasDsl.Operations.Kernels;

/// <summary>|x·π|, at least 1e-30: the argument of <see cref="FastMath.Sinc"/>'s sin(p)/p (exactly 1 at 0, NaN kept).</summary>
internal readonly struct SincArgument : IPointwiseStep
{
    public Vector<float> Apply(Vector<float> x) => Vector.Max(Vector.Abs(x * MathF.PI), new Vector<float>(1e-30f));

    public float Apply(float x) => MathF.Max(MathF.Abs(x * MathF.PI), 1e-30f);
}

/// <summary>sin(p)/p from x and sin(p), p = |x·π| floored as in <see cref="SincArgument"/>.</summary>
internal readonly struct SincQuotient : IPointwiseStep2
{
    public Vector<float> Apply(Vector<float> x, Vector<float> sin) => sin / new SincArgument().Apply(x);

    public float Apply(float x, float sin) => sin / new SincArgument().Apply(x);
}

/// <summary>
/// sinc′(x) from x, cos(πx) and sinc(x): π·(cos p − sinc)/p, with p = πx, and the Taylor series of
/// <see cref="FastMath.SincDerivative"/> where |p| &lt; 0.5 (the quotient cancels there).
/// </summary>
internal readonly struct SincSlope : IPointwiseStep3
{
    private const float Threshold = 0.25f;  // 0.5²

    public Vector<float> Apply(Vector<float> x, Vector<float> cos, Vector<float> sinc)
    {
        var p = x * MathF.PI;
        var p2 = p * p;
        var series = ((p2 * (1f / 45360) - new Vector<float>(1f / 840)) * p2 + new Vector<float>(1f / 30)) * p2 - new Vector<float>(1f / 3);
        return Vector.ConditionalSelect(Vector.LessThan(p2, new Vector<float>(Threshold)), series * p, (cos - sinc) / p) * MathF.PI;
    }

    public float Apply(float x, float cos, float sinc)
    {
        var p = x * MathF.PI;
        var p2 = p * p;
        if (!(p2 < Threshold)) return (cos - sinc) / p * MathF.PI;
        return (((p2 * (1f / 45360) - 1f / 840) * p2 + 1f / 30) * p2 - 1f / 3) * p * MathF.PI;
    }
}

/// <summary>Softplus' derivative from x and eˣ: 1 above torch's threshold 20 (where softplus is x), else eˣ/(eˣ + 1).</summary>
internal readonly struct SoftplusSlope : IPointwiseStep2
{
    public Vector<float> Apply(Vector<float> x, Vector<float> exp) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<float>(Softplus.Threshold)), Vector<float>.One, exp / (exp + Vector<float>.One));

    public float Apply(float x, float exp) => x > Softplus.Threshold ? 1f : exp / (exp + 1);
}

/// <summary>
/// softplus(x) = log1p(eˣ) from x, eˣ and log(1 + eˣ), x itself above 20 as in torch. log1p(e) is taken as
/// log(u)·e/(u − 1) with u = 1 + e (Goldberg's correction), so tiny eˣ keep full precision; e itself where u rounds to 1.
/// </summary>
internal readonly struct Softplus : IPointwiseStep3
{
    public const float Threshold = 20;

    public Vector<float> Apply(Vector<float> x, Vector<float> exp, Vector<float> logOnePlusExp)
    {
        var u = exp + Vector<float>.One;
        var log1p = Vector.ConditionalSelect(Vector.Equals(u, Vector<float>.One), exp, logOnePlusExp * exp / (u - Vector<float>.One));
        return Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<float>(Threshold)), x, log1p);
    }

    public float Apply(float x, float exp, float logOnePlusExp)
    {
        if (x > Threshold) return x;
        var u = exp + 1;
        return u == 1 ? exp : logOnePlusExp * exp / (u - 1);
    }
}

/// <summary>1 + x.</summary>
internal readonly struct PlusOne : IPointwiseStep
{
    public Vector<float> Apply(Vector<float> x) => x + Vector<float>.One;

    public float Apply(float x) => x + 1;
}

/// <summary>−x².</summary>
internal readonly struct NegatedSquare : IPointwiseStep
{
    public Vector<float> Apply(Vector<float> x) => -(x * x);

    public float Apply(float x) => -(x * x);
}

/// <summary>
/// erf(x) from x and e^(−x²), by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7), the formula
/// libtorch's own vectorised float erf uses.
/// </summary>
internal readonly struct Erf : IPointwiseStep2
{
    private const float P = 0.3275911f, A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;

    public Vector<float> Apply(Vector<float> x, Vector<float> gaussian)
    {
        var t = Vector<float>.One / (Vector.Abs(x) * P + Vector<float>.One);
        var r = (((t * A5 + new Vector<float>(A4)) * t + new Vector<float>(A3)) * t + new Vector<float>(A2)) * t + new Vector<float>(A1);
        var magnitude = Vector<float>.One - r * t * gaussian;
        return Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -magnitude, magnitude);
    }

    public float Apply(float x, float gaussian)
    {
        var t = 1 / (MathF.Abs(x) * P + 1);
        var r = (((t * A5 + A4) * t + A3) * t + A2) * t + A1;
        var magnitude = 1 - r * t * gaussian;
        return x < 0 ? -magnitude : magnitude;
    }
}

/// <summary>(x·x)·x.</summary>
internal readonly struct Cubed : IPointwiseStep
{
    public Vector<float> Apply(Vector<float> x) => x * x * x;

    public float Apply(float x) => x * x * x;
}

/// <summary>hardswish(x) = x·min(max(x + 3, 0), 6)/6 and, with <paramref name="Derivative"/>, torch's
/// hardswish_backward: 0 up to −3, x/3 + ½ between, 1 from 3.</summary>
internal readonly record struct Hardswish(bool Derivative) : IPointwiseStep
{
    public Vector<float> Apply(Vector<float> x)
    {
        var three = new Vector<float>(3);
        if (!Derivative) return x * Vector.Min(Vector.Max(x + three, Vector<float>.Zero), new Vector<float>(6)) / new Vector<float>(6);
        var middle = x / three + new Vector<float>(0.5f);
        return Vector.ConditionalSelect(Vector.LessThanOrEqual(x, -three), Vector<float>.Zero,
            Vector.ConditionalSelect(Vector.LessThan(x, three), middle, Vector<float>.One));
    }

    public float Apply(float x)
    {
        if (!Derivative) return x * MathF.Min(MathF.Max(x + 3, 0), 6) / 6;
        return x <= -3 ? 0 : x < 3 ? x / 3 + 0.5f : 1;
    }
}

/// <summary>leaky_relu(x) = x above 0, <paramref name="Slope"/>·x otherwise; with <paramref name="Derivative"/>, 1 or the slope (the slope at 0).</summary>
internal readonly record struct LeakyRelu(float Slope, bool Derivative) : IPointwiseStep
{
    public Vector<float> Apply(Vector<float> x) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), Derivative ? Vector<float>.One : x, Derivative ? new Vector<float>(Slope) : x * Slope);

    public float Apply(float x) => x > 0 ? (Derivative ? 1 : x) : (Derivative ? Slope : x * Slope);
}

/// <summary>
/// <see cref="Extended.Sqrt"/>, x/(√(|x| + ε) + √ε), and with <paramref name="Derivative"/> its autograd derivative:
/// 1/den − (f/den)·sign(x)/(2√(|x| + ε)).
/// </summary>
internal readonly record struct SignedSqrt(bool Derivative) : IPointwiseStep
{
    private const float Epsilon = (float)Extended.SqrtEpsilon;
    private static readonly float s_rootEpsilon = (float)Math.Sqrt(Extended.SqrtEpsilon);

    public Vector<float> Apply(Vector<float> x)
    {
        var root = Vector.SquareRoot(Vector.Abs(x) + new Vector<float>(Epsilon));
        var denominator = root + new Vector<float>(s_rootEpsilon);
        var value = x / denominator;
        if (!Derivative) return value;
        return Vector<float>.One / denominator - value / denominator / (root * 2) * new Sign().Apply(x);
    }

    public float Apply(float x)
    {
        var root = MathF.Sqrt(MathF.Abs(x) + Epsilon);
        var denominator = root + s_rootEpsilon;
        var value = x / denominator;
        return Derivative ? 1 / denominator - value / denominator / (root * 2) * new Sign().Apply(x) : value;
    }
}

/// <summary><see cref="Extended.Log"/>, log(|x| + 1e-10), before the log (|x| + 1e-10), or with <paramref name="Derivative"/> its derivative sign(x)/(|x| + 1e-10).</summary>
internal readonly record struct AbsLog(bool Derivative) : IPointwiseStep
{
    private const float Epsilon = (float)Extended.LogEpsilon;

    public Vector<float> Apply(Vector<float> x)
    {
        var shifted = Vector.Abs(x) + new Vector<float>(Epsilon);
        return Derivative ? new Sign().Apply(x) / shifted : shifted;
    }

    public float Apply(float x)
    {
        var shifted = MathF.Abs(x) + Epsilon;
        return Derivative ? new Sign().Apply(x) / shifted : shifted;
    }
}

/// <summary>|x|·√½, the argument of <see cref="Extended.Acosh"/>'s 2·asinh; with <paramref name="Derivative"/>
/// its derivative 2·√½·sign(x)/√(u² + 1).</summary>
internal readonly record struct HalfRootAbs(bool Derivative) : IPointwiseStep
{
    private static readonly float s_rootHalf = (float)Math.Sqrt(0.5);

    public Vector<float> Apply(Vector<float> x)
    {
        var u = Vector.Abs(x) * s_rootHalf;
        return Derivative ? new Sign().Apply(x) * (2 * s_rootHalf) / Vector.SquareRoot(u * u + Vector<float>.One) : u;
    }

    public float Apply(float x)
    {
        var u = MathF.Abs(x) * s_rootHalf;
        return Derivative ? new Sign().Apply(x) * (2 * s_rootHalf) / MathF.Sqrt(u * u + 1) : u;
    }
}

/// <summary>
/// atan(x) for whole vectors (TensorPrimitives.Atan runs libm's atanf one element at a time, ten times the cost
/// of its vectorised exp): Cephes' atanf, reducing |x| to [0, tan(π/8)] through π/2 − atan(1/|x|) and
/// π/4 + atan((|x| − 1)/(|x| + 1)), then a degree-9 odd polynomial; within 2 ulp of the exact value, ±π/2 at
/// ±∞, NaN kept, −0 kept.
/// </summary>
internal readonly struct Atan : IPointwiseStep
{
    private const float Tan3PiOver8 = 2.414213562373095f;
    private const float TanPiOver8 = 0.4142135623730950f;
    private const float PiOver2 = 1.5707963267948966f;
    private const float PiOver4 = 0.7853981633974483f;

    public Vector<float> Apply(Vector<float> x)
    {
        var a = Vector.Abs(x);
        var large = Vector.GreaterThan(a, new Vector<float>(Tan3PiOver8));
        var middle = Vector.AndNot(Vector.GreaterThan(a, new Vector<float>(TanPiOver8)), large);
        var reduced = Vector.ConditionalSelect(large, -Vector<float>.One / a,
            Vector.ConditionalSelect(middle, (a - Vector<float>.One) / (a + Vector<float>.One), a));
        var offset = Vector.ConditionalSelect(large, new Vector<float>(PiOver2),
            Vector.ConditionalSelect(middle, new Vector<float>(PiOver4), Vector<float>.Zero));
        var z = reduced * reduced;
        var polynomial = ((((new Vector<float>(8.05374449538e-2f) * z - new Vector<float>(1.38776856032e-1f)) * z
            + new Vector<float>(1.99777106478e-1f)) * z - new Vector<float>(3.33329491539e-1f)) * z) * reduced + reduced;
        return Vector.CopySign(offset + polynomial, x);
    }

    public float Apply(float x)
    {
        var a = MathF.Abs(x);
        var (reduced, offset) = a > Tan3PiOver8 ? (-1 / a, PiOver2) : a > TanPiOver8 ? ((a - 1) / (a + 1), PiOver4) : (a, 0f);
        var z = reduced * reduced;
        var polynomial = ((((8.05374449538e-2f * z - 1.38776856032e-1f) * z + 1.99777106478e-1f) * z - 3.33329491539e-1f) * z) * reduced + reduced;
        return MathF.CopySign(offset + polynomial, x);
    }
}

/// <summary>
/// asinh(x) for whole vectors (TensorPrimitives.Asinh, like Atan, is libm one element at a time): Cephes' odd
/// polynomial below |x| = 0.5, where log(|x| + √(x²+1)) would cancel, log(2|x|) above 1500, where √(x²+1) is |x|
/// to rounding, and the logarithm between; within 2 ulp of the exact value, NaN, ±∞ and −0 kept.
/// </summary>
internal readonly struct Asinh : IPointwiseStep
{
    private const float Ln2 = 0.6931471805599453f;

    public Vector<float> Apply(Vector<float> x)
    {
        var a = Vector.Abs(x);
        var large = Vector.GreaterThan(a, new Vector<float>(1500f));
        var argument = Vector.ConditionalSelect(large, a, a + Vector.SquareRoot(a * a + Vector<float>.One));
        var logarithm = Vector.Log(argument) + Vector.ConditionalSelect(large, new Vector<float>(Ln2), Vector<float>.Zero);
        var z = a * a;
        var series = ((((new Vector<float>(2.0122003309e-2f) * z - new Vector<float>(4.2699340972e-2f)) * z
            + new Vector<float>(7.4847586088e-2f)) * z - new Vector<float>(1.6666288134e-1f)) * z) * a + a;
        return Vector.CopySign(Vector.ConditionalSelect(Vector.LessThan(a, new Vector<float>(0.5f)), series, logarithm), x);
    }

    public float Apply(float x)
    {
        var a = MathF.Abs(x);
        float result;
        if (a < 0.5f)
        {
            var z = a * a;
            result = ((((2.0122003309e-2f * z - 4.2699340972e-2f) * z + 7.4847586088e-2f) * z - 1.6666288134e-1f) * z) * a + a;
        }
        else result = a > 1500f ? MathF.Log(a) + Ln2 : MathF.Log(a + MathF.Sqrt(a * a + 1));
        return MathF.CopySign(result, x);
    }
}
