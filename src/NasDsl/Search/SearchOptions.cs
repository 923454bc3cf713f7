
namespace NasDsl.Search;

/// <summary>The one-shot search method: how mixed edges mix, and how the architecture step differentiates.</summary>
public enum SearchMethod
{
    /// <summary>DARTS (Liu et al. 2019): softmax(α), first or second order.</summary>
    Darts,

    /// <summary>DrNAS (Chen et al. 2021): Dirichlet(ELU(α) + 1) samples, KL or L2 regularised.</summary>
    DrNas,

    /// <summary>GDAS (Dong and Yang 2019): straight-through Gumbel-softmax, one candidate computed per edge.</summary>
    Gdas,
}

/// <summary>DrNAS' regulariser of the concentration.</summary>
public enum DrNasRegularizer
{
    /// <summary>λ·Σ_edges KL(Dir(β) ‖ Dir(1)) added to the architecture loss (NASLib's drnas).</summary>
    Kl,

    /// <summary>No KL term; only the architecture optimiser's weight decay (the original repository's default).</summary>
    L2,
}

/// <summary>
/// Settings of a one-shot search. Defaults follow DARTS' <c>train_search.py</c> and NASLib's configs: SGD on the
/// network weights with cosine annealing per epoch, Adam on the architecture weights, DARTS first order, none
/// of GRAFS' stabilisers (<see cref="Shrink"/>, <see cref="WarmupEpochs"/>, <see cref="OutputBound"/>).
/// </summary>
public sealed record SearchOptions
{
    /// <summary>The search method.</summary>
    public SearchMethod Method { get; init; } = SearchMethod.Darts;

    /// <summary>DrNAS' regulariser.</summary>
    public DrNasRegularizer DrNasRegularizer { get; init; } = DrNasRegularizer.Kl;

    /// <summary>DrNAS' λ, the weight of the KL term (NASLib: 1e-3).</summary>
    public double DrNasRegularization { get; init; } = 1e-3;

    /// <summary>GDAS' temperature at the start; it falls linearly per epoch to <see cref="FinalTemperature"/>.</summary>
    public double InitialTemperature { get; init; } = 10;

    /// <summary>GDAS' temperature in the last epoch.</summary>
    public double FinalTemperature { get; init; } = 0.1;

    /// <summary>Maximum L2 norm of the architecture gradient; null takes the method's: none for DARTS, 5 for DrNAS
    /// and GDAS (NASLib).</summary>
    public double? ArchitectureGradientClip { get; init; }

    /// <summary>GRAFS' progressive shrinking: on a log-spaced schedule from <see cref="ShrinkFromEpoch"/> to the
    /// start of the last epoch, drop the lowest-weighted candidate of the edge with the most left, until every edge
    /// has one.</summary>
    public bool Shrink { get; init; }

    /// <summary>The epoch (zero-based) of the first drop; null starts right after the warm start.</summary>
    public int? ShrinkFromEpoch { get; init; }

    /// <summary>GRAFS' warm start: the first N epochs train only the network weights, the alphas frozen.</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>GRAFS' search-time bound: every candidate output clamped to ±this value inside mixed edges (GRAFS
    /// uses 10); null leaves outputs as declared. Discrete networks never see it.</summary>
    public double? OutputBound { get; init; }

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

    /// <summary>Intra-op threads of libtorch; null takes <see cref="Devices.OpenMp.DefaultThreads"/> (1 on machines with two
    /// cores or fewer, where more measured slower and made a seed's genotype vary; else the process setting).
    /// Bit-identical results need the same seed and the same thread count.</summary>
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

    /// <summary>The architecture-gradient clip in force: <see cref="ArchitectureGradientClip"/> or the method's.</summary>
    public double? EffectiveArchitectureGradientClip => ArchitectureGradientClip ?? (Method == SearchMethod.Darts ? null : 5);

    /// <summary>The first epoch of progressive shrinking in force.</summary>
    public int EffectiveShrinkFromEpoch => ShrinkFromEpoch ?? WarmupEpochs;

    /// <summary>GDAS' temperature in <paramref name="epoch"/>: NASLib moves τ once before the first epoch, so
    /// epoch e uses τ₀ − (τ₀ − τ₁)·(e + 1)/E and the last epoch τ₁.</summary>
    public double TemperatureAt(int epoch) =>
        InitialTemperature - (InitialTemperature - FinalTemperature) * (epoch + 1) / Epochs;

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
        if (!Enum.IsDefined(Method)) OptionCheck.Fail(Owner, nameof(Method), (int)Method, "is not a SearchMethod");
        if (SecondOrder && Method != SearchMethod.Darts)
            throw new ArgumentException($"SearchOptions.SecondOrder is DARTS' unrolled gradient; {Method} searches are first order.", nameof(SecondOrder));
        OptionCheck.NonNegativeFinite(Owner, nameof(DrNasRegularization), DrNasRegularization);
        OptionCheck.PositiveFinite(Owner, nameof(InitialTemperature), InitialTemperature);
        OptionCheck.PositiveFinite(Owner, nameof(FinalTemperature), FinalTemperature);
        if (ArchitectureGradientClip is double clip) OptionCheck.PositiveFinite(Owner, nameof(ArchitectureGradientClip), clip);
        if (WarmupEpochs < 0 || WarmupEpochs >= Epochs) OptionCheck.Fail(Owner, nameof(WarmupEpochs), WarmupEpochs, $"must lie in [0, Epochs) so some epochs search ({Epochs} epochs)");
        if (ShrinkFromEpoch is int from && (from < 0 || from >= Epochs)) OptionCheck.Fail(Owner, nameof(ShrinkFromEpoch), from, $"must lie in [0, Epochs) ({Epochs} epochs)");
        if (OutputBound is double bound) OptionCheck.PositiveFinite(Owner, nameof(OutputBound), bound);
        if (string.IsNullOrWhiteSpace(Device)) throw new ArgumentException("SearchOptions.Device must name a device (cpu, cuda, cuda:N, auto); got an empty value.", nameof(Device));
        if (CheckpointPath is { Length: 0 }) throw new ArgumentException("SearchOptions.CheckpointPath must be null or a file path; got an empty string.", nameof(CheckpointPath));
    }
}
