using static TorchSharp.torch;

namespace NasDsl.Data;

/// <summary>
/// Seeded, learnable stand-in data: each class has a fixed random prototype image, and a sample is its class's
/// prototype plus Gaussian noise, scaled so every value is roughly N(0, 1). A classifier can reach well above
/// chance on it, so a falling loss is a meaningful check without a dataset on disk.
/// </summary>
public static class SyntheticDataset
{
    /// <summary>Labelled samples around per-class prototypes, labels balanced across classes in a seeded order.</summary>
    /// <param name="sampleShape">Shape of one sample, e.g. <c>[3, 32, 32]</c>.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="count">Number of samples.</param>
    /// <param name="seed">Seed of the prototypes and, with <paramref name="stream"/>, of the samples.</param>
    /// <param name="noise">Noise standard deviation relative to the prototypes' (1); larger is harder.</param>
    /// <param name="stream">Picks an independent draw of samples around the same prototypes (e.g. 0 train, 1 test).</param>
    /// <param name="name">Name for logs.</param>
    public static InMemoryDataset Create(long[] sampleShape, int classes, int count, long seed, float noise = 1f, int stream = 0, string name = "synthetic")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        if (sampleShape.Length == 0 || sampleShape.Any(d => d <= 0))
            throw new ArgumentException($"sample shape [{string.Join(", ", sampleShape)}] must be non-empty and positive.", nameof(sampleShape));
        using var scope = NewDisposeScope();
        using var prototypeRandom = new Generator(Mix(seed, -1));
        using var sampleRandom = new Generator(Mix(seed, stream));
        var prototypes = randn([classes, .. sampleShape], generator: prototypeRandom);
        var labels = arange(count, ScalarType.Int64).remainder_(classes);
        labels = labels.index_select(0, randperm(count, generator: sampleRandom));
        var images = prototypes.index_select(0, labels)
            .add_(randn([count, .. sampleShape], generator: sampleRandom).mul_(noise))
            .div_(MathF.Sqrt(1 + noise * noise));
        return new InMemoryDataset(name, images, labels, classes);
    }

    /// <summary>A train and a test set around the same prototypes. The data is generated standardised, so the
    /// split's normalisation is the identity.</summary>
    public static DataSplit CreateSplit(long[] sampleShape, int classes, int trainCount, int testCount, long seed, float noise = 1f)
    {
        var train = Create(sampleShape, classes, trainCount, seed, noise, stream: 0, name: "synthetic/train");
        var test = Create(sampleShape, classes, testCount, seed, noise, stream: 1, name: "synthetic/test");
        return new DataSplit(train, test, Normalization.Identity(checked((int)sampleShape[0])))
        {
            Description = $"synthetic: {trainCount} train / {testCount} test, [{string.Join("×", sampleShape)}], {classes} classes, seed {seed}, noise {noise}",
        };
    }

    // Distinct, stable generator seeds per (seed, stream); torch's CPU generator is deterministic given its seed.
    private static ulong Mix(long seed, int stream) => unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)(stream + 2) * 0xBF58476D1CE4E5B9UL);
}
