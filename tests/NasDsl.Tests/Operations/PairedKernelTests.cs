using NasDsl.Operations.Kernels;

namespace NasDsl.Tests.Operations;

/// <summary>
/// The vectorised sin/cos and sinh/cosh pairs against double-precision truth for the same float inputs, in ulp of
/// the exact result, over their vector ranges (|x| ≤ 8192 and |x| ≤ 80) and at the switches they make: the octant
/// boundaries, the zeros of sin and cos, sinh's series below |x| = 1, and the MathF fallback beyond the ranges.
/// </summary>
public sealed class PairedKernelTests
{
    private static float[] Range(float limit)
    {
        var values = new List<float>();
        for (var i = -100_000; i <= 100_000; i++) values.Add(i * (limit / 100_000));
        for (var e = -30.0; e <= Math.Log10(limit); e += 0.01) values.AddRange([(float)Math.Pow(10, e), -(float)Math.Pow(10, e)]);
        values.AddRange([0f, -0f, float.Epsilon, limit, -limit, MathF.BitDecrement(limit), 1f, MathF.BitIncrement(1f), MathF.BitDecrement(1f), -1f]);
        return values.ToArray();
    }

    /// <summary>Multiples of π/4 up to 8192 and one float either side: where the octant changes and sin or cos is 0.</summary>
    private static float[] OctantBoundaries()
    {
        var values = new List<float>();
        for (var k = -10_400; k <= 10_400; k++)
        {
            var b = (float)(k * Math.PI / 4);
            if (Math.Abs(b) > 8192) continue;
            values.AddRange([b, MathF.BitIncrement(b), MathF.BitDecrement(b)]);
        }
        return values.ToArray();
    }

    /// <summary>|actual − exact| in units of the float spacing at the exact value (at least the smallest subnormal).</summary>
    private static double Ulps(float actual, double exact)
    {
        var magnitude = MathF.Abs((float)exact);
        var spacing = Math.Max((double)MathF.BitIncrement(magnitude) - magnitude, float.Epsilon);
        return Math.Abs(actual - exact) / spacing;
    }

    private static void AssertWithinUlps(string what, float[] inputs, float[] actual, Func<double, double> exact, double ulps, double absolute = 0)
    {
        var worst = 0.0;
        var at = 0f;
        for (var i = 0; i < inputs.Length; i++)
        {
            var e = exact(inputs[i]);
            if (Math.Abs(actual[i] - e) <= absolute) continue;
            var error = Ulps(actual[i], e);
            if (error > worst) (worst, at) = (error, inputs[i]);
        }
        Assert.True(worst <= ulps, $"{what}: {worst:F2} ulp at x = {at:R} (allowed {ulps})");
    }

    [Fact]
    public void Sin_and_cos_are_within_2_ulp_over_the_vector_range_and_its_octant_boundaries()
    {
        var x = Range(8192).Concat(OctantBoundaries()).ToArray();
        var (sin, cos) = (new float[x.Length], new float[x.Length]);
        SinCos.Compute(x, sin, cos);
        // Next to a zero the exact value is below 1e-3 and the reduced argument's own rounding (about 2e-11 at
        // |x| = 8192) is what remains: that is the absolute term.
        AssertWithinUlps("sin", x, sin, Math.Sin, 2, absolute: 3e-11);
        AssertWithinUlps("cos", x, cos, Math.Cos, 2, absolute: 3e-11);
        // sin is odd to the sign of zero, as MathF.Sin and torch have it.
        var zeros = Enumerable.Repeat(-0f, 2 * System.Numerics.Vector<float>.Count).ToArray();
        SinCos.Compute(zeros, zeros, Span<float>.Empty);
        Assert.All(zeros, z => Assert.True(float.IsNegative(z)));
    }

    [Fact]
    public void Sinh_and_cosh_are_within_3_ulp_over_the_vector_range()
    {
        var x = Range(80);
        var (sinh, cosh) = (new float[x.Length], new float[x.Length]);
        SinhCosh.Compute(x, sinh, cosh);
        AssertWithinUlps("sinh", x, sinh, Math.Sinh, 3);
        AssertWithinUlps("cosh", x, cosh, Math.Cosh, 3);
    }

    [Fact]
    public void Inputs_beyond_the_vector_range_are_computed_by_MathF()
    {
        // One vector's worth and more, so that every lane of a vector with one large input takes the scalar route.
        float[] x = [0.5f, 1e5f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 9000f, -8192.001f, 3f, 85f, -88.5f, 89.4f, 2f, 1e30f, -0.25f, 7f, 81f, 0.1f];
        var (sin, cos, sinh, cosh) = (new float[x.Length], new float[x.Length], new float[x.Length], new float[x.Length]);
        SinCos.Compute(x, sin, cos);
        SinhCosh.Compute(x, sinh, cosh);
        for (var i = 0; i < x.Length; i++)
        {
            if (!(MathF.Abs(x[i]) <= 8192))
            {
                Assert.Equal(MathF.Sin(x[i]), sin[i]);
                Assert.Equal(MathF.Cos(x[i]), cos[i]);
            }
            if (!(MathF.Abs(x[i]) <= 80))
            {
                Assert.Equal(MathF.Sinh(x[i]), sinh[i]);
                Assert.Equal(MathF.Cosh(x[i]), cosh[i]);
            }
        }
        Assert.Equal(float.PositiveInfinity, cosh[2]);
        Assert.Equal(float.NegativeInfinity, sinh[3]);
        Assert.True(float.IsNaN(sin[4]) && float.IsNaN(cos[4]) && float.IsNaN(sinh[4]) && float.IsNaN(cosh[4]));
    }

    [Fact]
    public void Either_output_may_be_left_out_or_alias_the_input()
    {
        var x = Range(60).Where((_, i) => i % 97 == 0).ToArray();
        var (sin, cos, sinh, cosh) = (new float[x.Length], new float[x.Length], new float[x.Length], new float[x.Length]);
        SinCos.Compute(x, sin, cos);
        SinhCosh.Compute(x, sinh, cosh);

        var inPlace = (float[])x.Clone();
        var other = new float[x.Length];
        SinCos.Compute(inPlace, inPlace, other);
        Assert.Equal(sin, inPlace);
        Assert.Equal(cos, other);
        inPlace = (float[])x.Clone();
        SinCos.Compute(inPlace, Span<float>.Empty, inPlace);
        Assert.Equal(cos, inPlace);
        inPlace = (float[])x.Clone();
        SinhCosh.Compute(inPlace, other, inPlace);
        Assert.Equal(sinh, other);
        Assert.Equal(cosh, inPlace);
        inPlace = (float[])x.Clone();
        SinhCosh.Compute(inPlace, inPlace, Span<float>.Empty);
        Assert.Equal(sinh, inPlace);
    }
}
