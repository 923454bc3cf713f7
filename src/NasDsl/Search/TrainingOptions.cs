namespace NasDsl.Search;

/// <summary>
/// What a search and a retraining share: SGD with momentum on the network weights, a cosine learning rate per
/// epoch, gradient clipping, the seed, threads, device and the smoke-run limit. Each kind of run sets its own
/// defaults in its constructor.
/// </summary>
public abstract record TrainingOptions
{
    /// <summary>Epochs; also the period of the cosine learning-rate schedule.</summary>
    public int Epochs { get; init; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Seed of weight initialisation and batch order.</summary>
    public long Seed { get; init; }

    /// <summary>Intra-op threads of libtorch; null takes <see cref="Devices.OpenMp.DefaultThreads"/> (1 on machines with
    /// two cores or fewer, where more measured slower and made a seed's genotype vary; else the process setting).
    /// Bit-identical results need the same seed and the same thread count.</summary>
    public int? Threads { get; init; }

    /// <summary>Initial SGD learning rate of the network weights.</summary>
    public double LearningRate { get; init; } = 0.025;

    /// <summary>Final learning rate of the cosine schedule.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>SGD weight decay (L2).</summary>
    public double WeightDecay { get; init; } = 3e-4;

    /// <summary>Maximum L2 norm of the weight gradients (clip_grad_norm_).</summary>
    public double GradientClip { get; init; } = 5;

    /// <summary>At most this many steps per epoch (smoke runs); null runs every batch.</summary>
    public int? LimitSteps { get; init; }

    /// <summary>Device name: <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c> (see <see cref="Devices.DeviceSelector"/>).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Checks the shared options; <paramref name="owner"/> names the record in messages.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and its value.</exception>
    protected void ValidateTraining(string owner)
    {
        OptionCheck.Positive(owner, nameof(Epochs), Epochs);
        OptionCheck.Positive(owner, nameof(BatchSize), BatchSize);
        if (Threads is int threads) OptionCheck.Positive(owner, nameof(Threads), threads);
        OptionCheck.PositiveFinite(owner, nameof(LearningRate), LearningRate);
        OptionCheck.NonNegativeFinite(owner, nameof(MinLearningRate), MinLearningRate);
        if (MinLearningRate > LearningRate) OptionCheck.Fail(owner, nameof(MinLearningRate), MinLearningRate, $"must not exceed LearningRate ({OptionCheck.Format(LearningRate)})");
        if (!(Momentum >= 0 && Momentum < 1)) OptionCheck.Fail(owner, nameof(Momentum), Momentum, "must lie in [0, 1)");
        OptionCheck.NonNegativeFinite(owner, nameof(WeightDecay), WeightDecay);
        OptionCheck.PositiveFinite(owner, nameof(GradientClip), GradientClip);
        if (LimitSteps is int limit) OptionCheck.Positive(owner, nameof(LimitSteps), limit);
        if (string.IsNullOrWhiteSpace(Device)) throw new ArgumentException($"{owner}.Device must name a device (cpu, cuda, cuda:N, auto); got an empty value.", nameof(Device));
    }
}
