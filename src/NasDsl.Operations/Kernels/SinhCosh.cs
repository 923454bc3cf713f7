using System.Numerics;
using System.Runtime.CompilerServices;

namespace NasDsl.Operations.Kernels;

/// <summary>
/// sinh x and cosh x in one vectorised pass from one exponential, e = e^|x|: cosh = (e + 1/e)/2, and sinh =
/// (e − 1/e)/2 above |x| = 1 or Cephes' odd polynomial below, where the difference would cancel; within 3 ulp
/// (Vector.Exp's own error is up to about 2). TensorPrimitives.Sinh and Cosh took about 7 ns per float here, and
/// each of the two candidates needs the other for its derivative. Lanes beyond 80 (where e^|x| nears float's
/// range), ±∞ and NaN go through MathF.
/// </summary>
internal static class SinhCosh
{
    private const float ExponentialLimit = 80f;

    /// <summary>Writes sinh x to <paramref name="sinh"/> and cosh x to <paramref name="cosh"/>; either may be empty,
    /// and either may alias <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(ReadOnlySpan<float> x, Span<float> sinh, Span<float> cosh)
    {
        bool wantSinh = !sinh.IsEmpty, wantCosh = !cosh.IsEmpty;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(x[i..]);
                var a = Vector.Abs(v);
                if (!Vector.LessThanOrEqualAll(a, new Vector<float>(ExponentialLimit)))
                {
                    for (var j = i; j < i + Vector<float>.Count; j++) Scalar(x[j], sinh, cosh, j);
                    continue;
                }
                var e = Vector.Exp(a);
                var inverse = Vector<float>.One / e;
                if (wantCosh) ((e + inverse) * 0.5f).CopyTo(cosh[i..]);
                if (!wantSinh) continue;
                var z = a * a;
                var series = ((new Vector<float>(2.03721912945e-4f) * z + new Vector<float>(8.33028376239e-3f)) * z
                    + new Vector<float>(1.66667160211e-1f)) * z * a + a;
                var magnitude = Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<float>.One), (e - inverse) * 0.5f, series);
                Vector.CopySign(magnitude, v).CopyTo(sinh[i..]);
            }
        }
        for (; i < x.Length; i++) Scalar(x[i], sinh, cosh, i);
    }

    private static void Scalar(float x, Span<float> sinh, Span<float> cosh, int index)
    {
        // Read before writing: an output may alias the input.
        var (s, c) = (MathF.Sinh(x), MathF.Cosh(x));
        if (!sinh.IsEmpty) sinh[index] = s;
        if (!cosh.IsEmpty) cosh[index] = c;
    }
}
