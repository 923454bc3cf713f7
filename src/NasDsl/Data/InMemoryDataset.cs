using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Data;

/// <summary>
/// A dataset held as two CPU tensors: normalised float32 images <c>[N, ..SampleShape]</c> and int64 labels
/// <c>[N]</c>. A batch is one <c>index_select</c> per tensor, then a move to the requested device.
/// </summary>
public sealed class InMemoryDataset : IDataset, IDisposable
{
    private readonly Tensor _images;
    private readonly Tensor _labels;

    /// <summary>Keeps its own CPU references to <paramref name="images"/> and <paramref name="labels"/>, outside any
    /// dispose scope; the caller may dispose theirs.</summary>
    public InMemoryDataset(string name, Tensor images, Tensor labels, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (images.dtype != ScalarType.Float32) throw new ArgumentException($"images must be float32, not {images.dtype}.", nameof(images));
        if (images.dim() < 2) throw new ArgumentException($"images must be [N, ...], not [{string.Join(", ", images.shape)}].", nameof(images));
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1)
            throw new ArgumentException($"labels must be int64 [N], not {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (labels.shape[0] != images.shape[0])
            throw new ArgumentException($"{images.shape[0]} images but {labels.shape[0]} labels.", nameof(labels));
        Name = name;
        Classes = classes;
        _images = OwnOnCpu(images);
        _labels = OwnOnCpu(labels);
        Count = _images.shape[0];
        SampleShape = _images.shape[1..];
    }

    /// <summary>Normalises <paramref name="set"/> with <paramref name="normalization"/>.</summary>
    public static InMemoryDataset FromRaw(RawImageSet set, Normalization normalization)
    {
        using var scope = NewDisposeScope();
        var labels = tensor(set.Labels).to(ScalarType.Int64);
        return new InMemoryDataset(set.Name, normalization.Apply(set), labels, set.Classes);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long Count { get; }

    /// <inheritdoc />
    public long[] SampleShape { get; }

    /// <inheritdoc />
    public int Classes { get; }

    /// <summary>All images, <c>[N, ..SampleShape]</c>, on the CPU. Owned by the dataset: do not dispose.</summary>
    public Tensor Images => _images;

    /// <summary>All labels, <c>[N]</c>, on the CPU. Owned by the dataset: do not dispose.</summary>
    public Tensor Labels => _labels;

    /// <inheritdoc />
    public (Tensor Images, Tensor Labels) Gather(Tensor indices, Device device)
    {
        using var scope = NewDisposeScope();
        var index = indices.device_type == DeviceType.CPU && indices.dtype == ScalarType.Int64
            ? indices
            : indices.to(ScalarType.Int64, CPU);
        var images = _images.index_select(0, index);
        var labels = _labels.index_select(0, index);
        if (device.type != DeviceType.CPU)
        {
            images = images.to(device);
            labels = labels.to(device);
        }
        return (images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>Samples per class, indexed by label.</summary>
    public long[] ClassCounts()
    {
        using var counts = _labels.bincount(null, Classes);
        return counts.data<long>().ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _images.Dispose();
        _labels.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Count} × [{string.Join("×", SampleShape)}], {Classes} classes";

    private static Tensor OwnOnCpu(Tensor t)
    {
        var cpu = t.device_type == DeviceType.CPU ? t : t.cpu();
        return cpu.contiguous().DetachFromDisposeScope();
    }
}
