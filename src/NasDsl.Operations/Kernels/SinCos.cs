using System.Numerics;
using System.Runtime.CompilerServices;

namespace NasDsl.Operations.Kernels;

/// <summary>
/// sin x and cos x in one vectorised pass. TensorPrimitives.Sin and Cos each took about 3 ns per float here, and
/// its SinCos calls libm's sincosf one element at a time, while every candidate that needs one (sin, cos, sinc)
/// also needs the other for its derivative. Cephes' sinf/cosf: |x| reduced by the nearest multiple of π/4 in three
/// parts (exact for |x| ≤ 8192), then its degree-7 sine or degree-8 cosine polynomial on [−π/4, π/4]; within
/// 2 ulp, or 3e-11 absolute next to the zeros. Lanes beyond 8192, ±∞ and NaN go through MathF.
/// </summary>
internal readonly struct SinCos : IPairedStep
{
    private const float FourOverPi = 1.27323954473516f;
    // π/4 = Part1 + Part2 + Part3; Part1 and Part2 carry few bits, so k·Part1 and k·Part2 are exact for k < 2^14.
    private const float Part1 = 0.78515625f, Part2 = 2.4187564849853515625e-4f, Part3 = 3.77489497744594108e-8f;

    /// <summary>Writes sin x to <paramref name="sin"/> and cos x to <paramref name="cos"/>; either may be empty, and
    /// either may alias <paramref name="x"/>.</summary>
    public static void Compute(ReadOnlySpan<float> x, Span<float> sin, Span<float> cos) => Pointwise.MapPair(new SinCos(), x, sin, cos);

    public float VectorLimit => 8192f;

    public (float First, float Second) Apply(float x) => (MathF.Sin(x), MathF.Cos(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector<float> First, Vector<float> Second) Apply(Vector<float> x)
    {
        var a = Vector.Abs(x);
        // k: the even integer nearest to a·4/π from below or above (octants are paired so that r lies in [−π/4, π/4]).
        var k = (Vector.ConvertToInt32(a * FourOverPi) + Vector<int>.One) & new Vector<int>(~1);
        var kf = Vector.ConvertToSingle(k);
        var r = a - kf * Part1 - kf * Part2 - kf * Part3;
        var z = r * r;
        var cosPolynomial = ((new Vector<float>(2.443315711809948e-5f) * z - new Vector<float>(1.388731625493765e-3f)) * z
            + new Vector<float>(4.166664568298827e-2f)) * z * z - z * 0.5f + Vector<float>.One;
        var sinPolynomial = ((new Vector<float>(-1.9515295891e-4f) * z + new Vector<float>(8.3321608736e-3f)) * z
            - new Vector<float>(1.6666654611e-1f)) * z * r + r;
        // In octants 2 and 6 (k & 2) the sine of a is the cosine of r and vice versa.
        var swap = Vector.Equals(k & new Vector<int>(2), new Vector<int>(2));
        var sin = Vector.ConditionalSelect(swap, cosPolynomial, sinPolynomial);
        var cos = Vector.ConditionalSelect(swap, sinPolynomial, cosPolynomial);
        // sin is odd (sign of x) and negative in octants 4–7; cos is negative in octants 2–5.
        var sinNegative = Vector.ShiftLeft(k & new Vector<int>(4), 29) ^ (Vector.AsVectorInt32(x) & new Vector<int>(int.MinValue));
        var cosNegative = Vector.ShiftLeft(~(k - new Vector<int>(2)) & new Vector<int>(4), 29);
        return (Vector.AsVectorSingle(Vector.AsVectorInt32(sin) ^ sinNegative), Vector.AsVectorSingle(Vector.AsVectorInt32(cos) ^ cosNegative));
    }
}
