namespace NasDsl.Search;

/// <summary>What one search step did.</summary>
/// <param name="Epoch">Zero-based epoch.</param>
/// <param name="Step">Zero-based step within the epoch.</param>
/// <param name="StepsPerEpoch">Steps the epoch runs.</param>
/// <param name="TrainLoss">Loss of the weight step's batch (before the update); NaN or infinite when it diverged.</param>
/// <param name="ValidationLoss">Loss of the architecture step's batch.</param>
/// <param name="Skipped">True when this step skipped an update because a loss or gradient was not finite.</param>
/// <param name="SkippedSteps">Skipped steps so far in the whole search.</param>
public sealed record StepRecord(int Epoch, int Step, int StepsPerEpoch, double TrainLoss, double ValidationLoss, bool Skipped, long SkippedSteps);

/// <summary>One architecture-weight scope at the end of an epoch.</summary>
/// <param name="Path">The scope path, e.g. <c>Act.U1</c>.</param>
/// <param name="Operations">Operation names, in alpha order.</param>
/// <param name="Alphas">Raw architecture weights.</param>
/// <param name="Weights">The expected mixing weights: softmax(alphas) over the operations in play for DARTS and
/// GDAS, the Dirichlet mean for DrNAS; 0 for dropped operations.</param>
/// <param name="Argmax">Index of the chosen operation (with the search's discretisation rule).</param>
/// <param name="Active">Whether each operation is still in play (progressive shrinking drops them); null means all.</param>
/// <param name="Decisiveness">How decided the edge is.</param>
public sealed record ScopeRecord(
    string Path,
    IReadOnlyList<string> Operations,
    IReadOnlyList<float> Alphas,
    IReadOnlyList<float> Weights,
    int Argmax,
    IReadOnlyList<bool>? Active = null,
    EdgeDecisiveness? Decisiveness = null)
{
    /// <summary>Name of the chosen operation.</summary>
    public string Chosen => Operations[Argmax];
}

/// <summary>The summary of one search epoch.</summary>
/// <param name="Epoch">Zero-based epoch.</param>
/// <param name="TrainLoss">Mean loss of the weight steps' batches, over steps whose loss was finite (NaN when none was).</param>
/// <param name="TrainAccuracy">Accuracy on those batches, 0..1.</param>
/// <param name="ValidationLoss">Mean loss of the architecture steps' batches, over steps whose loss was finite; as
/// in NASLib, measured on the architecture step's own forward pass (at the unrolled weights for second order).</param>
/// <param name="ValidationAccuracy">Accuracy on those batches, 0..1.</param>
/// <param name="LearningRate">The weight learning rate of this epoch.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch (of this process's share when it was resumed).</param>
/// <param name="SkippedSteps">Steps of this epoch that skipped an update.</param>
/// <param name="Scopes">Alphas, softmax weights and argmax of every scope.</param>
/// <param name="Genotype">The argmax genotype: operation name by scope path.</param>
/// <param name="GenotypeText">The argmax genotype as formulas.</param>
/// <param name="Dropped">Operations progressive shrinking dropped during this epoch.</param>
/// <param name="Temperature">GDAS' temperature in this epoch; null for other methods.</param>
/// <param name="ArchitectureUpdated">False in warm-start epochs, whose alphas stay frozen.</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double Seconds,
    int SkippedSteps,
    IReadOnlyList<ScopeRecord> Scopes,
    IReadOnlyDictionary<string, string> Genotype,
    string GenotypeText,
    IReadOnlyList<ShrinkDrop>? Dropped = null,
    double? Temperature = null,
    bool ArchitectureUpdated = true)
{
    /// <summary>True when every edge is decided (see <see cref="EdgeDecisiveness.Decided"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Decided => Scopes.All(s => s.Decisiveness?.Decided ?? false);
}

/// <summary>The outcome of <see cref="DartsSearch{TGenotype}.Run"/>.</summary>
/// <typeparam name="TGenotype">The space's genotype.</typeparam>
/// <param name="Epochs">Every completed epoch, from the first (resumed runs include the epochs before the checkpoint).</param>
/// <param name="Genotype">The argmax genotype of the final alphas.</param>
/// <param name="Supernet">The trained supernet (owned by the search; dispose the search to free it).</param>
/// <param name="Cancelled">True when the run stopped early because it was cancelled.</param>
/// <param name="SkippedSteps">Steps that skipped an update in the whole search.</param>
public sealed record SearchResult<TGenotype>(
    IReadOnlyList<EpochRecord> Epochs,
    TGenotype Genotype,
    Supernet<TGenotype> Supernet,
    bool Cancelled,
    long SkippedSteps) where TGenotype : class;
