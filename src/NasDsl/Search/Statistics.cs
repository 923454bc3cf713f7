namespace NasDsl.Search;

/// <summary>Mean and sample standard deviation of repeated measurements, such as retrained accuracies.</summary>
/// <param name="Values">The measurements.</param>
public sealed record Measurements(IReadOnlyList<double> Values)
{
    /// <summary>The mean; NaN when empty.</summary>
    public double Mean => Values.Count == 0 ? double.NaN : Values.Average();

    /// <summary>The sample standard deviation (n − 1 in the denominator); NaN with fewer than two values.</summary>
    public double StandardDeviation
    {
        get
        {
            if (Values.Count < 2) return double.NaN;
            var mean = Mean;
            return Math.Sqrt(Values.Sum(v => (v - mean) * (v - mean)) / (Values.Count - 1));
        }
    }
}

/// <summary>The outcome of Welch's two-sample t-test of <c>a</c> against <c>b</c>.</summary>
/// <param name="Difference">mean(a) − mean(b).</param>
/// <param name="StandardError">√(s²ₐ/nₐ + s²ᵦ/nᵦ), the standard error of the difference.</param>
/// <param name="T">Difference / StandardError.</param>
/// <param name="DegreesOfFreedom">The Welch–Satterthwaite degrees of freedom.</param>
/// <param name="P">The two-sided p-value; NaN when either sample has fewer than two values.</param>
public sealed record WelchTest(double Difference, double StandardError, double T, double DegreesOfFreedom, double P)
{
    /// <summary>Tests whether the means of <paramref name="a"/> and <paramref name="b"/> differ.</summary>
    public static WelchTest Of(Measurements a, Measurements b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var difference = a.Mean - b.Mean;
        if (a.Values.Count < 2 || b.Values.Count < 2) return new WelchTest(difference, double.NaN, double.NaN, double.NaN, double.NaN);
        var va = a.StandardDeviation * a.StandardDeviation / a.Values.Count;
        var vb = b.StandardDeviation * b.StandardDeviation / b.Values.Count;
        var standardError = Math.Sqrt(va + vb);
        // Both samples constant: the difference is exact, so any non-zero difference is certain.
        if (standardError == 0) return new WelchTest(difference, 0, difference == 0 ? 0 : Math.CopySign(double.PositiveInfinity, difference), double.NaN, difference == 0 ? 1 : 0);
        var t = difference / standardError;
        var df = (va + vb) * (va + vb) / (va * va / (a.Values.Count - 1) + vb * vb / (b.Values.Count - 1));
        return new WelchTest(difference, standardError, t, df, StudentT.TwoSidedP(t, df));
    }
}

/// <summary>Student's t distribution, through the regularised incomplete beta function.</summary>
internal static class StudentT
{
    /// <summary>P(|T| ≥ |t|) for T with <paramref name="df"/> degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).</summary>
    public static double TwoSidedP(double t, double df) => RegularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);

    /// <summary>I_x(a, b) by its continued fraction (Lentz's method), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
    /// where the fraction converges faster.</summary>
    public static double RegularizedIncompleteBeta(double x, double a, double b)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * ContinuedFraction(x, a, b) / a
            : 1 - front * ContinuedFraction(1 - x, b, a) / b;
    }

    private static double ContinuedFraction(double x, double a, double b)
    {
        const double tiny = 1e-300;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.Abs(d) < tiny ? tiny : d);
        var result = d;
        for (var m = 1; m <= 300; m++)
        {
            // Even step, then odd step of the fraction's terms.
            var even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + even * d;
            d = 1 / (Math.Abs(d) < tiny ? tiny : d);
            c = 1 + even / c;
            if (Math.Abs(c) < tiny) c = tiny;
            result *= d * c;
            var odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + odd * d;
            d = 1 / (Math.Abs(d) < tiny ? tiny : d);
            c = 1 + odd / c;
            if (Math.Abs(c) < tiny) c = tiny;
            var delta = d * c;
            result *= delta;
            if (Math.Abs(delta - 1) < 1e-15) break;
        }
        return result;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, 9 terms; relative error below 1e-13).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        var sum = c[0];
        for (var i = 1; i < c.Length; i++) sum += c[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
