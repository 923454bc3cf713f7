using NasDsl.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Tests.TestSpaces;

/// <summary>A dataset over tensors held in memory (tests only; the real readers live in NasDsl.Data).</summary>
public sealed class InMemoryDataset : IDataset, IDisposable
{
    private readonly Tensor _images;
    private readonly Tensor _labels;

    public InMemoryDataset(string name, Tensor images, Tensor labels, int classes)
    {
        Name = name;
        _images = images.DetachFromDisposeScope();
        _labels = labels.DetachFromDisposeScope();
        Classes = classes;
    }

    public string Name { get; }

    public long Count => _labels.shape[0];

    public long[] SampleShape => _images.shape[1..];

    public int Classes { get; }

    public (Tensor Images, Tensor Labels) Gather(Tensor indices, Device device) =>
        (_images.index_select(0, indices).to(device), _labels.index_select(0, indices).to(device));

    /// <summary>Samples <paramref name="start"/>..start+length as a dataset of its own (e.g. a test split of
    /// the same teacher).</summary>
    public InMemoryDataset Slice(string name, long start, long length)
    {
        using var scope = NewDisposeScope();
        return new InMemoryDataset(name, _images.narrow(0, start, length).clone(), _labels.narrow(0, start, length).clone(), Classes);
    }

    public void Dispose()
    {
        _images.Dispose();
        _labels.Dispose();
    }
}

/// <summary>
/// Classification data from a random teacher network: x ~ N(0, I), label = argmax(W2 · f(W1 · x)). A search
/// whose mixed edge offers f should find it. Random numbers come from System.Random, not torch's global
/// generator, so data do not depend on other tests.
/// </summary>
public static class TeacherData
{
    public static InMemoryDataset Create(Func<Tensor, Tensor> activation, int samples, int features, int hidden, int classes, int seed, double scale = 1.0, string name = "teacher")
    {
        var random = new Random(seed);
        using var scope = NewDisposeScope();
        var x = Normal(random, samples, features, 1.0);
        var w1 = Normal(random, hidden, features, scale / Math.Sqrt(features));
        var w2 = Normal(random, classes, hidden, 1.0 / Math.Sqrt(hidden));
        var logits = activation(x.matmul(w1.t())).matmul(w2.t());
        var labels = logits.argmax(1);
        return new InMemoryDataset(name, x.clone(), labels.clone(), classes);
    }

    /// <summary>
    /// Like <see cref="Create"/>, but the teacher has one output y = w2 · f(W1 · x) and the label is the quantile
    /// bin of y among <paramref name="classes"/> equally full bins: an ordinal label that keeps the shape of f.
    /// </summary>
    public static InMemoryDataset CreateBinned(Func<Tensor, Tensor> activation, int samples, int features, int hidden, int classes, int seed, double scale = 1.0, string name = "teacher")
    {
        var random = new Random(seed);
        using var scope = NewDisposeScope();
        var x = Normal(random, samples, features, 1.0);
        var w1 = Normal(random, hidden, features, scale / Math.Sqrt(features));
        var w2 = Normal(random, 1, hidden, 1.0 / Math.Sqrt(hidden));
        return Binned(name, x, activation(x.matmul(w1.t())).matmul(w2.t()).squeeze(1), classes);
    }

    /// <summary>
    /// A teacher without a first layer: x ~ N(0, <paramref name="scale"/>²) in each of <paramref name="features"/>
    /// inputs, y = w2 · f(x), and the label is the quantile bin of y as in <see cref="CreateBinned"/>. A linear
    /// read-out of f(x) can fit these labels exactly, and of no other function unless it is an affine map of f.
    /// </summary>
    public static InMemoryDataset CreateReadoutBinned(Func<Tensor, Tensor> activation, int samples, int features, int classes, int seed, double scale, string name = "teacher")
    {
        var random = new Random(seed);
        using var scope = NewDisposeScope();
        var x = Normal(random, samples, features, scale);
        var w2 = Normal(random, 1, features, 1.0 / Math.Sqrt(features));
        return Binned(name, x, activation(x).matmul(w2.t()).squeeze(1), classes);
    }

    private static InMemoryDataset Binned(string name, Tensor x, Tensor y, int classes)
    {
        // rank / samples * classes: every bin holds the same number of samples.
        var ranks = y.argsort().argsort();
        var labels = ranks.mul(classes).div(x.shape[0], rounding_mode: RoundingMode.floor);
        return new InMemoryDataset(name, x.clone(), labels.clone(), classes);
    }

    private static Tensor Normal(Random random, int rows, int columns, double std)
    {
        var values = new float[rows * columns];
        for (var i = 0; i < values.Length; i++)
        {
            // Box-Muller.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return tensor(values, [rows, columns]);
    }
}
