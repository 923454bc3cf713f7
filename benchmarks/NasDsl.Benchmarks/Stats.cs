namespace NasDsl.Benchmarks;

/// <summary>Median and spread of a set of timings, in milliseconds.</summary>
/// <param name="Count">Samples.</param>
/// <param name="Median">The median.</param>
/// <param name="P10">10th percentile.</param>
/// <param name="P25">25th percentile.</param>
/// <param name="P75">75th percentile.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="Min">Smallest sample.</param>
/// <param name="Max">Largest sample.</param>
public sealed record Summary(int Count, double Median, double P10, double P25, double P75, double P90, double Min, double Max)
{
    /// <summary>Samples per second at the median time (one sample = one step).</summary>
    public double PerSecond => Median > 0 ? 1000 / Median : double.NaN;

    /// <summary>Interquartile range relative to the median.</summary>
    public double RelativeIqr => Median > 0 ? (P75 - P25) / Median : double.NaN;

    public static Summary Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) return new Summary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = samples.Order().ToArray();
        return new Summary(sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.1), Percentile(sorted, 0.25),
            Percentile(sorted, 0.75), Percentile(sorted, 0.9), sorted[0], sorted[^1]);
    }

    /// <summary>Linear interpolation between closest ranks (numpy's default).</summary>
    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
