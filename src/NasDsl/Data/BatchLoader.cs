using static TorchSharp.torch;

namespace NasDsl.Data;

/// <summary>
/// Batches over a subset of a dataset in an order that depends only on (seed, epoch): an interrupted run can
/// resume at any batch of any epoch and see exactly the batches an uninterrupted run would.
/// </summary>
public sealed class BatchLoader
{
    private readonly long[] _indices;

    /// <summary>Batches of <paramref name="batchSize"/> over <paramref name="indices"/> (all samples when null).</summary>
    public BatchLoader(IDataset dataset, int batchSize, Device device, bool shuffle, long seed, long[]? indices = null, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        Dataset = dataset;
        BatchSize = batchSize;
        Device = device;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        _indices = indices ?? Enumerable.Range(0, checked((int)dataset.Count)).Select(i => (long)i).ToArray();
    }

    /// <summary>The dataset batches are drawn from.</summary>
    public IDataset Dataset { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Where batches are placed.</summary>
    public Device Device { get; }

    /// <summary>Whether each epoch draws a new order.</summary>
    public bool Shuffle { get; }

    /// <summary>Seed of the order.</summary>
    public long Seed { get; }

    /// <summary>Whether a last, smaller batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Samples in the subset.</summary>
    public int Count => _indices.Length;

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => DropLast ? _indices.Length / BatchSize : (_indices.Length + BatchSize - 1) / BatchSize;

    /// <summary>The sample order of <paramref name="epoch"/>.</summary>
    public long[] Order(int epoch)
    {
        var order = (long[])_indices.Clone();
        // HashCode is randomised per process; a seeded Random over a fixed mix is stable across runs.
        if (Shuffle) new Random(unchecked((int)(Seed * 1_000_003 + epoch * 7_919))).Shuffle(order);
        return order;
    }

    /// <summary>The batches of <paramref name="epoch"/>, starting at batch <paramref name="firstBatch"/>.
    /// Each batch's tensors are created in the caller's dispose scope.</summary>
    public IEnumerable<(Tensor Images, Tensor Labels)> Epoch(int epoch, int firstBatch = 0)
    {
        var order = Order(epoch);
        for (var b = firstBatch; b < BatchesPerEpoch; b++)
        {
            var start = b * BatchSize;
            var length = Math.Min(BatchSize, order.Length - start);
            using var index = tensor(order.AsSpan(start, length).ToArray());
            yield return Dataset.Gather(index, Device);
        }
    }
}
