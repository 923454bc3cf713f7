namespace NasDsl.Data;

/// <summary>
/// Images and labels as read from disk, before normalisation: <paramref name="Pixels"/> holds
/// <c>Count × SampleShape</c> bytes, sample-major and channel-major within a sample (<c>[N, C, H, W]</c>).
/// </summary>
/// <param name="Name">A short name for logs, e.g. <c>fashion-mnist/train</c>.</param>
/// <param name="Pixels">The pixel bytes, 0–255.</param>
/// <param name="SampleShape">The shape of one sample, <c>[C, H, W]</c>.</param>
/// <param name="Labels">One label per sample, each below <paramref name="Classes"/>.</param>
/// <param name="Classes">The number of classes.</param>
public sealed record RawImageSet(string Name, byte[] Pixels, long[] SampleShape, byte[] Labels, int Classes)
{
    /// <summary>Number of samples.</summary>
    public int Count => Labels.Length;

    /// <summary>Bytes per sample.</summary>
    public int SampleSize => checked((int)SampleShape.Aggregate(1L, (a, b) => a * b));

    /// <summary>Channels per sample (the first dimension of <see cref="SampleShape"/>).</summary>
    public int Channels => checked((int)SampleShape[0]);

    /// <summary>Samples per class, indexed by label.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes];
        foreach (var label in Labels) counts[label]++;
        return counts;
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order.</summary>
    public RawImageSet Select(IReadOnlyList<int> indices, string? name = null)
    {
        var size = SampleSize;
        var pixels = new byte[checked(indices.Count * size)];
        var labels = new byte[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Pixels.AsSpan(indices[i] * size, size).CopyTo(pixels.AsSpan(i * size));
            labels[i] = Labels[indices[i]];
        }
        return this with { Name = name ?? Name, Pixels = pixels, Labels = labels };
    }

    /// <summary>
    /// At most <paramref name="max"/> samples, balanced across classes: classes take turns, in label order, each
    /// giving its next sample in file order, until <paramref name="max"/> are taken or all are used up. The kept
    /// samples stay in file order, so a smaller cap gives a subset of a larger one's classes' prefixes.
    /// </summary>
    public RawImageSet BalancedPrefix(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (max >= Count) return this;
        var byClass = new List<int>[Classes];
        for (var c = 0; c < Classes; c++) byClass[c] = [];
        for (var i = 0; i < Labels.Length; i++) byClass[Labels[i]].Add(i);
        var kept = new List<int>(max);
        for (var round = 0; kept.Count < max; round++)
            for (var c = 0; c < Classes && kept.Count < max; c++)
                if (round < byClass[c].Count) kept.Add(byClass[c][round]);
        kept.Sort();
        return Select(kept);
    }
}
