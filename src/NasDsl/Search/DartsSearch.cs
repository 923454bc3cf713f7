using System.Diagnostics;
using System.Globalization;
using NasDsl.Data;
using NasDsl.Devices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Search;

/// <summary>
/// A one-shot search on a generated search space, with DARTS (Liu et al. 2019; <c>train_search.py</c> and
/// <c>architect.py</c>), DrNAS or GDAS (<see cref="SearchOptions.Method"/>). The training set is split into a
/// weight-training and an architecture-validation part; every step first updates the architecture weights (the
/// method's <see cref="Architect"/>, Adam) on a validation batch, then the network weights (SGD, gradient
/// clipping, cosine learning rate per epoch) on a training batch. GRAFS' stabilisers (warm start, progressive
/// shrinking, search-time output bounds) apply to every method. Steps whose loss or gradients are not finite skip
/// their update; a run of them stops the search with a report of where the values blew up.
/// </summary>
/// <typeparam name="TGenotype">The space's genotype.</typeparam>
public sealed class DartsSearch<TGenotype> : IDisposable where TGenotype : class
{
    private readonly SearchSpaceDefinition<TGenotype> _space;
    private readonly ISearchObserver? _observer;
    private readonly IDataset _train;
    private readonly Parameter[] _weights;
    private readonly Parameter[] _alphas;
    private readonly SGD _weightOptimizer;
    private readonly WeightStep _weightStep;
    private readonly Architect _architect;
    private readonly long[] _shrinkSchedule;
    private readonly BatchLoader _trainLoader;
    private readonly BatchLoader _validationLoader;
    private SearchProgress _progress = SearchProgress.Start;
    private (int Epoch, int Step)? _checkpointedAt;

    /// <summary>Builds the supernet and optimisers and splits <paramref name="train"/>. Seeds torch's global
    /// generator with <see cref="TrainingOptions.Seed"/> and sets its thread count when
    /// <see cref="TrainingOptions.Threads"/> is given (both are process-wide).</summary>
    public DartsSearch(SearchSpaceDefinition<TGenotype> space, SearchOptions options, IDataset train, ISearchObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        options.Validate();
        if (train.Count < 2) throw new ArgumentException($"The training set '{train.Name}' has {train.Count} samples; a search needs at least 2 to split.", nameof(train));
        _space = space;
        _observer = observer;
        _train = train;
        Options = options;
        Device = DeviceSelector.Resolve(options.Device);

        if ((options.Threads ?? Devices.OpenMp.DefaultThreads()) is int threads) set_num_threads(threads);
        manual_seed(options.Seed);
        Supernet = space.CreateSupernet(new SpaceOptions(train.SampleShape, train.Classes, Device));
        Supernet.train();
        _weights = [.. Supernet.WeightParameters()];
        _alphas = [.. Supernet.ArchitectureParameters()];
        _weightOptimizer = optim.SGD(_weights, options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
        _weightStep = new WeightStep(Supernet, _weights, _weightOptimizer, options.GradientClip);
        _architect = Architect.For(options, Supernet, new ArchitectureStep(Supernet, _weights, _weightOptimizer, options.Momentum, options.WeightDecay));

        var (trainIndices, validationIndices) = Split(train.Count, options.TrainPortion, options.Seed);
        _trainLoader = new BatchLoader(train, options.BatchSize, Device, shuffle: true, options.Seed, trainIndices);
        // A different seed gives the validation half its own order, as DARTS' two samplers do.
        _validationLoader = new BatchLoader(train, options.BatchSize, Device, shuffle: true, options.Seed + 1, validationIndices);
        StepsPerEpoch = Math.Min(_trainLoader.BatchesPerEpoch, _validationLoader.BatchesPerEpoch);
        if (options.LimitSteps is int limit) StepsPerEpoch = Math.Min(StepsPerEpoch, limit);
        _shrinkSchedule = options.Shrink
            ? Shrinking.Schedule(Shrinking.DropsNeeded(Supernet.Architecture.MixingScopes), options.EffectiveShrinkFromEpoch, options.Epochs, StepsPerEpoch)
            : [];
    }

    /// <summary>The options of this search.</summary>
    public SearchOptions Options { get; }

    /// <summary>The device the search runs on.</summary>
    public Device Device { get; }

    /// <summary>The supernet being searched.</summary>
    public Supernet<TGenotype> Supernet { get; }

    /// <summary>Steps in each epoch: the shorter of the two halves' batch counts, capped by <see cref="TrainingOptions.LimitSteps"/>.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>The weight optimiser (SGD).</summary>
    internal SGD WeightOptimizer => _weightOptimizer;

    /// <summary>The architecture optimiser (Adam), owned by the method's architect.</summary>
    internal Adam ArchitectureOptimizer => _architect.Optimizer;

    /// <summary>Position and records so far.</summary>
    public SearchProgress Progress => _progress;

    /// <summary>The weight learning rate of <paramref name="epoch"/>: DARTS' CosineAnnealingLR(T_max = epochs,
    /// eta_min), stepped once per epoch.</summary>
    public double LearningRateAt(int epoch) => CosineSchedule.At(epoch, Options.Epochs, Options.LearningRate, Options.MinLearningRate);

    /// <summary>The global step (epoch × steps per epoch + step) before which each drop of progressive shrinking
    /// happens; empty without <see cref="SearchOptions.Shrink"/>.</summary>
    public IReadOnlyList<long> ShrinkSchedule => _shrinkSchedule;

    /// <summary>
    /// Runs from the current position (the start, or where a loaded checkpoint left off) to the last epoch.
    /// Cancellation stops after the current step and writes a checkpoint when
    /// <see cref="SearchOptions.CheckpointPath"/> is set; the result then has <c>Cancelled</c> set.
    /// </summary>
    /// <exception cref="SearchDivergedException">Too many steps in a row were not finite.</exception>
    public SearchResult<TGenotype> Run(CancellationToken cancellationToken = default)
    {
        Supernet.train();
        while (_progress.Epoch < Options.Epochs)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpointIfConfigured();
                return Result(cancelled: true);
            }
            var epoch = _progress.Epoch;
            var learningRate = LearningRateAt(epoch);
            _weightStep.SetLearningRate(learningRate);
            _architect.OnEpochStarted(epoch);
            _observer?.OnEpochStarted(epoch, Options.Epochs, _progress.Step, StepsPerEpoch, learningRate);

            using (var trainBatches = _trainLoader.Epoch(epoch, _progress.Step).GetEnumerator())
            using (var validationBatches = _validationLoader.Epoch(epoch, _progress.Step).GetEnumerator())
            {
                var clock = Stopwatch.StartNew();
                while (_progress.Step < StepsPerEpoch)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        AddSeconds(clock);
                        SaveCheckpointIfConfigured();
                        return Result(cancelled: true);
                    }
                    var record = RunStep(trainBatches, validationBatches, learningRate);
                    _observer?.OnStep(record);
                }
                AddSeconds(clock);
            }

            var summary = Summarize(epoch, learningRate);
            _progress = _progress with
            {
                Epoch = epoch + 1,
                Step = 0,
                CurrentEpoch = new EpochTotals(),
                Epochs = [.. _progress.Epochs, summary],
            };
            // Checkpoint first: an observer that fails (its records on a full disk) must not cost the epoch.
            SaveCheckpointIfConfigured();
            _observer?.OnEpochCompleted(summary);
        }
        return Result(cancelled: false);
    }

    /// <summary>Writes a checkpoint of the current position (see <see cref="Checkpoint"/>).</summary>
    public void SaveCheckpoint(string path)
    {
        Checkpoint.Save(path, Supernet, _weightOptimizer, _architect.Optimizer, Metadata());
        _checkpointedAt = (_progress.Epoch, _progress.Step);
        _observer?.OnCheckpointSaved(path);
    }

    /// <summary>
    /// Restores the newest usable checkpoint at <paramref name="path"/> (or its previous copy); the next
    /// <see cref="Run"/> continues exactly where that run stopped. Returns the file that was loaded.
    /// </summary>
    /// <exception cref="InvalidOperationException">The checkpoint's run took another trajectory: another space, data,
    /// seed, batch size, split, steps per epoch, architecture gradient or optimiser setting, or more epochs than
    /// <see cref="TrainingOptions.Epochs"/> (epochs may grow, to extend a search). The message names each setting and both values.</exception>
    /// <exception cref="CheckpointCorruptException">No usable checkpoint is there.</exception>
    public string LoadCheckpoint(string path)
    {
        var expected = Metadata();
        var (loaded, metadata) = Checkpoint.LoadLatest(path, Supernet, _weightOptimizer, _architect.Optimizer, m => Check(m, expected, path));
        _progress = metadata.Progress;
        foreach (var drop in _progress.DropsSoFar)
        {
            var scope = Supernet.Architecture.ScopeAt(drop.Scope);
            scope.Drop(scope.Table.IndexOf(drop.Operation));
        }
        _checkpointedAt = (_progress.Epoch, _progress.Step);
        return loaded;
    }

    /// <summary>Disposes the supernet and optimiser state.</summary>
    public void Dispose()
    {
        _weightOptimizer.Dispose();
        _architect.Dispose();
        Supernet.Dispose();
    }

    private StepRecord RunStep(IEnumerator<(Tensor Images, Tensor Labels)> trainBatches, IEnumerator<(Tensor Images, Tensor Labels)> validationBatches, double learningRate)
    {
        // One scope per step keeps native memory flat; the batches are created inside it.
        using var scope = NewDisposeScope();
        if (!trainBatches.MoveNext() || !validationBatches.MoveNext())
            throw new InvalidOperationException("A batch loader ran out of batches before the end of the epoch.");
        var (trainImages, trainLabels) = trainBatches.Current;
        var (validationImages, validationLabels) = validationBatches.Current;

        DropDueOperations();
        var searching = _progress.Epoch >= Options.WarmupEpochs;
        var architecture = searching
            ? _architect.Step(new Batch(trainImages, trainLabels), new Batch(validationImages, validationLabels), learningRate)
            : ValidationOnly(validationImages, validationLabels);
        var (trainLoss, trainCorrect, weightsUpdated) = WeightStep(trainImages, trainLabels);
        var skipped = (searching && architecture.Gradients is null) || !weightsUpdated;

        // Epoch means cover the steps whose loss was finite; skipped steps are counted on their own.
        var totals = _progress.CurrentEpoch;
        var trainFinite = float.IsFinite(trainLoss);
        var validationFinite = float.IsFinite(architecture.Loss);
        var trainSamples = trainLabels.shape[0];
        totals = totals with
        {
            TrainLossSum = totals.TrainLossSum + (trainFinite ? (double)trainLoss * trainSamples : 0),
            TrainCorrect = totals.TrainCorrect + (trainFinite ? trainCorrect : 0),
            TrainSamples = totals.TrainSamples + (trainFinite ? trainSamples : 0),
            ValidationLossSum = totals.ValidationLossSum + (validationFinite ? (double)architecture.Loss * architecture.Samples : 0),
            ValidationCorrect = totals.ValidationCorrect + (validationFinite ? architecture.Correct : 0),
            ValidationSamples = totals.ValidationSamples + (validationFinite ? architecture.Samples : 0),
            SkippedSteps = totals.SkippedSteps + (skipped ? 1 : 0),
        };
        var step = _progress.Step;
        _progress = _progress with
        {
            Step = step + 1,
            SkippedSteps = _progress.SkippedSteps + (skipped ? 1 : 0),
            ConsecutiveSkippedSteps = skipped ? _progress.ConsecutiveSkippedSteps + 1 : 0,
            CurrentEpoch = totals,
        };

        if (_progress.ConsecutiveSkippedSteps >= Options.MaxConsecutiveNonFiniteSteps)
        {
            var diverged = Diverged(step, searching && architecture.Gradients is null ? validationImages : trainImages);
            // Skipped steps changed no weight, alpha or optimiser state, so this state is a valid one to keep.
            SaveCheckpointIfConfigured();
            throw diverged;
        }

        return new StepRecord(_progress.Epoch, step, StepsPerEpoch, trainLoss, architecture.Loss, skipped, _progress.SkippedSteps);
    }

    /// <summary>One SGD step on the network weights (skipped when the loss or the gradient norm is not finite).</summary>
    private (float Loss, long Correct, bool Updated) WeightStep(Tensor images, Tensor labels)
    {
        // The alphas are constants here: with requires_grad off, no pass records or computes anything for them.
        using var frozen = new RequiresGradScope(_alphas);
        return _weightStep.Run(images, labels);
    }

    /// <summary>A warm-start step's validation loss, for the records; the alphas stay as they are.</summary>
    private ArchitectureGradient ValidationOnly(Tensor images, Tensor labels)
    {
        using var _ = no_grad();
        var logits = Supernet.forward(images);
        var loss = nn.functional.cross_entropy(logits, labels).item<float>();
        return new ArchitectureGradient(loss, Accuracy.Correct(logits, labels), labels.shape[0], null);
    }

    /// <summary>Progressive shrinking: makes every drop the schedule puts at or before the current step.</summary>
    private void DropDueOperations()
    {
        var position = (long)_progress.Epoch * StepsPerEpoch + _progress.Step;
        var done = _progress.DropsSoFar.Count;
        if (done >= _shrinkSchedule.Length || _shrinkSchedule[done] > position) return;
        var drops = _progress.DropsSoFar.ToList();
        var scopes = Supernet.Architecture.MixingScopes;
        while (drops.Count < _shrinkSchedule.Length && _shrinkSchedule[drops.Count] <= position
               && Shrinking.Next(scopes, Options.ExcludeZeroOnDiscretize) is var (scope, operation))
        {
            scopes[scope].Drop(operation);
            drops.Add(new ShrinkDrop(_progress.Epoch, _progress.Step, Supernet.Scopes[scope].Path, scopes[scope].Table[operation].Name));
        }
        _progress = _progress with { Drops = drops };
    }

    private SearchDivergedException Diverged(int step, Tensor images)
    {
        var finding = DivergenceDiagnosis.Diagnose(Supernet, images);
        var message =
            $"The search diverged: {_progress.ConsecutiveSkippedSteps} steps in a row (up to epoch {_progress.Epoch}, step {step}) " +
            $"had a non-finite loss or gradient, so their updates were skipped. On the last failing batch {finding.Description}. " +
            "Lower the learning rates, normalise the inputs, or remove the operation from the op set.";
        return new SearchDivergedException(message, _progress.Epoch, step, _progress.ConsecutiveSkippedSteps, finding.ScopePath, finding.Operation);
    }

    private EpochRecord Summarize(int epoch, double learningRate)
    {
        var totals = _progress.CurrentEpoch;
        var architecture = Supernet.Architecture;
        var alphas = architecture.Values();
        var weights = architecture.ExpectedWeights();
        var choices = architecture.Argmax(Options.ExcludeZeroOnDiscretize);
        var previous = _progress.Epochs.Count > 0 ? _progress.Epochs[^1] : null;
        var scopes = Supernet.Scopes.Select((s, i) =>
        {
            var active = architecture.MixingScopes[i].Active.ToArray();
            var before = previous?.Scopes.FirstOrDefault(p => p.Path == s.Path);
            var stableSince = before is { Decisiveness: { } d } && before.Argmax == choices[i] ? d.StableSinceEpoch : epoch;
            return new ScopeRecord(s.Path, s.Table.Ops.Select(o => o.Name).ToArray(), alphas[i], weights[i], choices[i], active,
                EdgeDecisiveness.Of(weights[i], active, choices[i], stableSince));
        }).ToArray();
        var genotype = _space.GenotypeFromChoices(choices);
        return new EpochRecord(
            epoch,
            EpochTotals.Mean(totals.TrainLossSum, totals.TrainSamples),
            EpochTotals.Mean(totals.TrainCorrect, totals.TrainSamples),
            EpochTotals.Mean(totals.ValidationLossSum, totals.ValidationSamples),
            EpochTotals.Mean(totals.ValidationCorrect, totals.ValidationSamples),
            learningRate,
            totals.Seconds,
            totals.SkippedSteps,
            scopes,
            _space.NamesOf(genotype),
            _space.Format(genotype),
            _progress.DropsSoFar.Where(d => d.Epoch == epoch).ToArray(),
            Options.Method == SearchMethod.Gdas ? Options.TemperatureAt(epoch) : null,
            epoch >= Options.WarmupEpochs);
    }

    private SearchResult<TGenotype> Result(bool cancelled) =>
        new(_progress.Epochs, Supernet.Genotype(Options.ExcludeZeroOnDiscretize), Supernet, cancelled, _progress.SkippedSteps);

    private void AddSeconds(Stopwatch clock) =>
        _progress = _progress with { CurrentEpoch = _progress.CurrentEpoch with { Seconds = _progress.CurrentEpoch.Seconds + clock.Elapsed.TotalSeconds } };

    private void SaveCheckpointIfConfigured()
    {
        if (Options.CheckpointPath is not { } path || _checkpointedAt == (_progress.Epoch, _progress.Step)) return;
        SaveCheckpoint(path);
    }

    private CheckpointMetadata Metadata() => new(
        _space.Name,
        Supernet.Scopes.Select(s => $"{s.Path}:{s.Count}").ToArray(),
        Options.Seed,
        Options.BatchSize,
        Options.TrainPortion,
        Options.Epochs,
        Options.SecondOrder,
        _progress)
    {
        Settings = TrajectorySettings(),
    };

    /// <summary>
    /// The settings besides the metadata's own fields that fix what each step computes: a checkpoint resumes only
    /// under the same values. An option that changes the trajectory belongs here, one line each.
    /// </summary>
    private Dictionary<string, string> TrajectorySettings() => new()
    {
        ["input shape"] = string.Join("×", _train.SampleShape),
        ["training samples"] = Text(_train.Count),
        ["steps per epoch"] = Text(StepsPerEpoch),
        ["learning rate"] = Text(Options.LearningRate),
        ["min learning rate"] = Text(Options.MinLearningRate),
        ["momentum"] = Text(Options.Momentum),
        ["weight decay"] = Text(Options.WeightDecay),
        ["gradient clip"] = Text(Options.GradientClip),
        ["architecture learning rate"] = Text(Options.ArchitectureLearningRate),
        ["architecture betas"] = $"({Text(Options.ArchitectureBetas.Beta1)}, {Text(Options.ArchitectureBetas.Beta2)})",
        ["architecture weight decay"] = Text(Options.ArchitectureWeightDecay),
        ["method"] = Options.Method.ToString(),
        ["architecture gradient clip"] = Options.EffectiveArchitectureGradientClip is double clip ? Text(clip) : "none",
        ["DrNAS regulariser"] = Options.Method == SearchMethod.DrNas ? $"{Options.DrNasRegularizer} {Text(Options.DrNasRegularization)}" : "n/a",
        ["GDAS temperature"] = Options.Method == SearchMethod.Gdas ? $"{Text(Options.InitialTemperature)} to {Text(Options.FinalTemperature)}" : "n/a",
        ["warm-up epochs"] = Text(Options.WarmupEpochs),
        ["shrinking"] = Options.Shrink ? $"from epoch {Text(Options.EffectiveShrinkFromEpoch)}" : "off",
        ["output bound"] = Options.OutputBound is double bound ? Text(bound) : "none",
        // Shrinking's drops and GDAS' temperature are scheduled over the planned epochs: extending such a run
        // would move steps already taken onto another schedule, so its epochs may not change.
        ["epochs of the schedule"] = Options.Shrink || Options.Method == SearchMethod.Gdas ? Text(Options.Epochs) : "any",
    };

    /// <summary>
    /// Refuses a checkpoint whose run took another trajectory. Epochs may grow (extending a search; the cosine
    /// schedule then spans the new total, so the epochs after the checkpoint differ from a run planned that long
    /// from the start) but not shrink.
    /// </summary>
    private static void Check(CheckpointMetadata found, CheckpointMetadata expected, string path)
    {
        var recorded = Compared(found).ToDictionary(s => s.Name, s => s.Value);
        var problems = new List<string>();
        foreach (var (name, value) in Compared(expected))
        {
            // A setting the checkpoint does not record (it predates recording it) cannot be checked.
            if (recorded.TryGetValue(name, out var theirs) && theirs != value) problems.Add($"{name} {theirs}, not {value}");
        }
        if (found.Epochs > expected.Epochs) problems.Add($"epochs {found.Epochs}, not {expected.Epochs} (a search may be extended, not shortened)");
        if (problems.Count > 0)
            throw new InvalidOperationException($"Checkpoint '{path}' belongs to another run: it has {string.Join("; ", problems)}.");
    }

    private static IEnumerable<(string Name, string Value)> Compared(CheckpointMetadata metadata) =>
    [
        ("space", metadata.Space),
        ("scopes", $"[{string.Join(", ", metadata.Scopes)}]"),
        ("seed", Text(metadata.Seed)),
        ("batch size", Text(metadata.BatchSize)),
        ("train portion", Text(metadata.TrainPortion)),
        ("second order", metadata.SecondOrder ? "on" : "off"),
        .. (metadata.Settings ?? new Dictionary<string, string>()).Select(s => (s.Key, s.Value)),
    ];

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A seeded split into the weight-training and architecture-validation halves.</summary>
    internal static (long[] Train, long[] Validation) Split(long count, double trainPortion, long seed)
    {
        var order = new long[count];
        for (var i = 0; i < count; i++) order[i] = i;
        new Random(unchecked((int)(seed * 7_368_787 + 12_345))).Shuffle(order);
        var trainCount = (int)Math.Clamp(Math.Floor(trainPortion * count), 1, count - 1);
        return (order[..trainCount], order[trainCount..]);
    }
}
