
namespace NasDsl.Search;

/// <summary>
/// Settings of a DARTS search. Defaults follow DARTS' <c>train_search.py</c> and NASLib's DARTS config: SGD on the
/// network weights with cosine annealing per epoch, Adam on the architecture weights.
/// </summary>
public sealed record SearchOptions
{
    /// <summary>Search epochs; also the period of the cosine learning-rate schedule. A search resumed from a
    /// checkpoint may plan more epochs than it did (extending it; the schedule then spans the new total from the
    /// checkpoint on), never fewer.</summary>
    public int Epochs { get; init; } = 50;

    /// <summary>Samples per batch, for both the weight and the architecture step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Share of the training set used for weight steps; the rest validates architecture steps.</summary>
    public double TrainPortion { get; init; } = 0.5;

    /// <summary>Seed of weight initialisation, the train/validation split and the batch order.</summary>
    public long Seed { get; init; }

    /// <summary>Intra-op threads of libtorch; null leaves the process setting alone. Bit-identical results need
    /// the same seed and the same thread count.</summary>
    public int? Threads { get; init; }

    /// <summary>Use DARTS' second-order (unrolled) architecture gradient instead of the first-order one.</summary>
    public bool SecondOrder { get; init; }

    /// <summary>Adam learning rate of the architecture weights.</summary>
    public double ArchitectureLearningRate { get; init; } = 3e-4;

    /// <summary>Adam betas of the architecture weights.</summary>
    public (double Beta1, double Beta2) ArchitectureBetas { get; init; } = (0.5, 0.999);

    /// <summary>Adam weight decay (L2) of the architecture weights.</summary>
    public double ArchitectureWeightDecay { get; init; } = 1e-3;

    /// <summary>Initial SGD learning rate of the network weights.</summary>
    public double LearningRate { get; init; } = 0.025;

    /// <summary>Final learning rate of the cosine schedule.</summary>
    public double MinLearningRate { get; init; } = 0.001;

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>SGD weight decay (L2).</summary>
    public double WeightDecay { get; init; } = 3e-4;

    /// <summary>Maximum L2 norm of the weight gradients (clip_grad_norm_).</summary>
    public double GradientClip { get; init; } = 5;

    /// <summary>Never choose an operation marked <c>IsZero</c> when discretising (DARTS' rule for <c>none</c>).</summary>
    public bool ExcludeZeroOnDiscretize { get; init; } = true;

    /// <summary>At most this many steps per epoch (smoke runs); null runs every batch.</summary>
    public int? LimitSteps { get; init; }

    /// <summary>Stop with <see cref="SearchDivergedException"/> after this many steps in a row whose update was
    /// skipped because a loss or gradient was not finite.</summary>
    public int MaxConsecutiveNonFiniteSteps { get; init; } = 10;

    /// <summary>Device name: <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c> (see <see cref="Devices.DeviceSelector"/>).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Where to write a checkpoint at the end of each epoch and on cancellation; null writes none.</summary>
    public string? CheckpointPath { get; init; }

    private const string Owner = nameof(SearchOptions);

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and its value.</exception>
    public void Validate()
    {
        OptionCheck.Positive(Owner, nameof(Epochs), Epochs);
        OptionCheck.Positive(Owner, nameof(BatchSize), BatchSize);
        if (!(TrainPortion > 0 && TrainPortion < 1)) OptionCheck.Fail(Owner, nameof(TrainPortion), TrainPortion, "must lie strictly between 0 and 1");
        if (Threads is int threads) OptionCheck.Positive(Owner, nameof(Threads), threads);
        OptionCheck.PositiveFinite(Owner, nameof(ArchitectureLearningRate), ArchitectureLearningRate);
        if (!(ArchitectureBetas.Beta1 >= 0 && ArchitectureBetas.Beta1 < 1)) OptionCheck.Fail(Owner, nameof(ArchitectureBetas), ArchitectureBetas.Beta1, "(beta1) must lie in [0, 1)");
        if (!(ArchitectureBetas.Beta2 >= 0 && ArchitectureBetas.Beta2 < 1)) OptionCheck.Fail(Owner, nameof(ArchitectureBetas), ArchitectureBetas.Beta2, "(beta2) must lie in [0, 1)");
        OptionCheck.NonNegativeFinite(Owner, nameof(ArchitectureWeightDecay), ArchitectureWeightDecay);
        OptionCheck.PositiveFinite(Owner, nameof(LearningRate), LearningRate);
        OptionCheck.NonNegativeFinite(Owner, nameof(MinLearningRate), MinLearningRate);
        if (MinLearningRate > LearningRate) OptionCheck.Fail(Owner, nameof(MinLearningRate), MinLearningRate, $"must not exceed LearningRate ({OptionCheck.Format(LearningRate)})");
        if (!(Momentum >= 0 && Momentum < 1)) OptionCheck.Fail(Owner, nameof(Momentum), Momentum, "must lie in [0, 1)");
        OptionCheck.NonNegativeFinite(Owner, nameof(WeightDecay), WeightDecay);
        OptionCheck.PositiveFinite(Owner, nameof(GradientClip), GradientClip);
        if (LimitSteps is int limit) OptionCheck.Positive(Owner, nameof(LimitSteps), limit);
        OptionCheck.Positive(Owner, nameof(MaxConsecutiveNonFiniteSteps), MaxConsecutiveNonFiniteSteps);
        if (string.IsNullOrWhiteSpace(Device)) throw new ArgumentException("SearchOptions.Device must name a device (cpu, cuda, cuda:N, auto); got an empty value.", nameof(Device));
        if (CheckpointPath is { Length: 0 }) throw new ArgumentException("SearchOptions.CheckpointPath must be null or a file path; got an empty string.", nameof(CheckpointPath));
    }
}
