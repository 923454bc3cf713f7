using static TorchSharp.torch;

namespace NasDsl.Data;

/// <summary>A labelled image-classification dataset held in memory.</summary>
public interface IDataset
{
    /// <summary>A short name for logs, e.g. <c>fashion-mnist/train</c>.</summary>
    string Name { get; }

    /// <summary>Number of samples.</summary>
    long Count { get; }

    /// <summary>Per-sample shape, e.g. <c>[1, 28, 28]</c>.</summary>
    long[] SampleShape { get; }

    /// <summary>Number of classes; labels lie in <c>0..Classes-1</c>.</summary>
    int Classes { get; }

    /// <summary>The samples at <paramref name="indices"/>: normalised float32 images
    /// <c>[n, ..SampleShape]</c> and int64 labels <c>[n]</c>, on <paramref name="device"/>.</summary>
    (Tensor Images, Tensor Labels) Gather(Tensor indices, Device device);
}
