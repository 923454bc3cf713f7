namespace NasDsl.Search;

/// <summary>Running totals of the epoch in progress; saved in checkpoints so a resumed epoch reports the same
/// summary as an uninterrupted one.</summary>
public sealed record EpochTotals
{
    /// <summary>Σ loss × samples over the weight steps whose loss was finite.</summary>
    public double TrainLossSum { get; init; }

    /// <summary>Correctly classified samples of those steps.</summary>
    public long TrainCorrect { get; init; }

    /// <summary>Samples of those steps.</summary>
    public long TrainSamples { get; init; }

    /// <summary>Σ loss × samples over the architecture steps whose loss was finite.</summary>
    public double ValidationLossSum { get; init; }

    /// <summary>Correctly classified samples of those steps.</summary>
    public long ValidationCorrect { get; init; }

    /// <summary>Samples of those steps.</summary>
    public long ValidationSamples { get; init; }

    /// <summary>Steps of this epoch that skipped an update.</summary>
    public int SkippedSteps { get; init; }

    /// <summary>Wall-clock seconds spent in this epoch so far.</summary>
    public double Seconds { get; init; }

    internal static double Mean(double sum, long count) => count == 0 ? double.NaN : sum / count;
}

/// <summary>Where a search stands: the next step to run and everything recorded so far.</summary>
/// <param name="Epoch">The epoch of the next step.</param>
/// <param name="Step">The next step within <paramref name="Epoch"/>.</param>
/// <param name="SkippedSteps">Steps that skipped an update so far.</param>
/// <param name="ConsecutiveSkippedSteps">Skipped steps in a row up to now.</param>
/// <param name="CurrentEpoch">Totals of the epoch in progress.</param>
/// <param name="Epochs">Summaries of the completed epochs.</param>
/// <param name="Drops">Every operation progressive shrinking has dropped so far, in order.</param>
public sealed record SearchProgress(int Epoch, int Step, long SkippedSteps, int ConsecutiveSkippedSteps, EpochTotals CurrentEpoch, IReadOnlyList<EpochRecord> Epochs, IReadOnlyList<ShrinkDrop>? Drops = null)
{
    /// <summary>The drops so far, never null.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<ShrinkDrop> DropsSoFar => Drops ?? [];

    /// <summary>The start of a search.</summary>
    public static SearchProgress Start { get; } = new(0, 0, 0, 0, new EpochTotals(), []);
}
