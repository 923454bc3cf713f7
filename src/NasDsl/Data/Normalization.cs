using System.Globalization;
using static TorchSharp.torch;

namespace NasDsl.Data;

/// <summary>
/// Per-channel standardisation <c>(x/255 − Mean[c]) / Std[c]</c>, with <see cref="Mean"/> and <see cref="Std"/>
/// measured on the training set and applied to every split, so test data sees the same transform.
/// </summary>
/// <param name="Mean">Mean of each channel, on the 0–1 scale.</param>
/// <param name="Std">Population standard deviation of each channel, on the 0–1 scale.</param>
public sealed record Normalization(float[] Mean, float[] Std)
{
    /// <summary>Number of channels.</summary>
    public int Channels => Mean.Length;

    /// <summary>Mean and standard deviation of each channel of <paramref name="set"/>'s pixels.</summary>
    public static Normalization Measure(RawImageSet set)
    {
        var channels = set.Channels;
        var plane = set.SampleSize / channels;
        // Integer sums are exact (60,000 × 784 × 255² < 2⁶³), so the statistics do not depend on summation order.
        var sum = new long[channels];
        var sumSquares = new long[channels];
        var pixels = set.Pixels;
        for (var start = 0; start < pixels.Length; start += plane)
        {
            var c = start / plane % channels;
            long s = 0, q = 0;
            foreach (var b in pixels.AsSpan(start, plane))
            {
                s += b;
                q += b * b;
            }
            sum[c] += s;
            sumSquares[c] += q;
        }
        var n = (double)set.Count * plane;
        var mean = new float[channels];
        var std = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var m = sum[c] / n;
            var variance = Math.Max(0, sumSquares[c] / n - m * m);
            mean[c] = (float)(m / 255);
            std[c] = StdOrOne(Math.Sqrt(variance) / 255);
        }
        return new Normalization(mean, std);
    }

    /// <summary>Mean and standard deviation of each channel of float images <c>[N, C, ...]</c>.</summary>
    public static Normalization Measure(Tensor images)
    {
        using var scope = NewDisposeScope();
        var dims = Enumerable.Range(0, (int)images.dim()).Where(d => d != 1).Select(d => (long)d).ToArray();
        var x = images.to(ScalarType.Float64);
        var mean = x.mean(dims).data<double>().ToArray();
        var std = x.std(dims, unbiased: false).data<double>().ToArray();
        return new Normalization(mean.Select(m => (float)m).ToArray(), std.Select(StdOrOne).ToArray());
    }

    /// <summary>The identity transform for float data that is already standardised.</summary>
    public static Normalization Identity(int channels) =>
        new(new float[channels], Enumerable.Repeat(1f, channels).ToArray());

    /// <summary>The normalised float32 images <c>[N, ..SampleShape]</c> of <paramref name="set"/>, on the CPU.</summary>
    public Tensor Apply(RawImageSet set)
    {
        if (set.Channels != Channels)
            throw new ArgumentException($"{set.Name} has {set.Channels} channels, the normalisation {Channels}.", nameof(set));
        long[] shape = [set.Count, .. set.SampleShape];
        using var scope = NewDisposeScope();
        var x = tensor(set.Pixels, shape).to(ScalarType.Float32).div_(255f);
        return Apply(x).MoveToOuterDisposeScope();
    }

    /// <summary><c>(x − Mean) / Std</c> per channel of float images <c>[N, C, ...]</c>, as a new tensor.</summary>
    public Tensor Apply(Tensor images)
    {
        var broadcast = new long[images.dim()];
        Array.Fill(broadcast, 1L);
        broadcast[1] = Channels;
        using var mean = tensor(Mean).reshape(broadcast);
        using var std = tensor(Std).reshape(broadcast);
        return images.sub(mean).div_(std);
    }

    /// <inheritdoc />
    public override string ToString() => $"mean [{Format(Mean)}], std [{Format(Std)}]";

    // A constant channel has std 0; dividing by 1 keeps it finite (all zeros after centring).
    private static float StdOrOne(double std) => std > 1e-12 ? (float)std : 1f;

    private static string Format(float[] values) =>
        string.Join(", ", values.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)));
}
