using System.Globalization;

using NasDsl.Cli.Records;
using NasDsl.Cli.Reporting;
using NasDsl;
using NasDsl.Data;
using NasDsl.Search;

namespace NasDsl.Cli;

/// <summary>One run: load data, search, record every epoch, evaluate, retrain the result and the baseline, summarise.</summary>
internal sealed class SearchRunner<TGenotype>(SearchSpaceDefinition<TGenotype> space, SpaceStatistics statistics) where TGenotype : class
{
    public int Run(Invocation invocation, Reporter reporter, CancellationToken cancellation)
    {
        var settings = invocation.Settings;
        DataSplit data;
        try
        {
            data = settings.Data is null
                ? DefaultData.Load(settings.TrainSamples, settings.TestSamples)
                : Datasets.LoadFolder(settings.Data, settings.TrainSamples, settings.TestSamples);
        }
        catch (DatasetException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
        using var _ = data;
        reporter.Info(data.Description);
        // Record the folder the default data came from, so --resume reads the same data.
        if (invocation.ResumeFrom is null) settings = settings with { Data = settings.Data ?? data.Folder };

        var folder = new RunFolder(settings.Out);
        var options = SearchPresets.For(CommandLine.MethodNames[settings.Method]) with
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            Seed = settings.Seed,
            Threads = settings.Threads,
            SecondOrder = settings.SecondOrder,
            ArchitectureLearningRate = settings.ArchitectureLearningRate,
            Shrink = settings.Shrink,
            WarmupEpochs = settings.WarmupEpochs,
            // The host's runs are CPU-sized: over six subset seeds and the full Fashion-MNIST, drops right after the
            // warm start retrained better here than GRAFS' one-epoch delay, the library default (README, "How the
            // host's defaults were chosen").
            ShrinkFromEpoch = settings.Shrink ? settings.WarmupEpochs : null,
            OutputBound = settings.OutputBound,
            ExcludeZeroOnDiscretize = settings.ExcludeZero,
            LimitSteps = settings.LimitSteps,
            Device = settings.Device,
            CheckpointPath = folder.CheckpointPath,
        };
        var recorder = new EpochRecorder(folder, reporter);
        using var search = new DartsSearch<TGenotype>(space, options, data.Train, recorder);

        var option = invocation.ResumeFrom is null ? "--out" : "--resume";
        RunLock runLock;
        try
        {
            runLock = RunLock.Acquire(folder.Path);
        }
        catch (RunFolderInUseException e)
        {
            Console.Error.WriteLine($"error: {option} {settings.Out}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {option} {settings.Out}: cannot write the run folder there ({e.Message})");
            return ExitCodes.Usage;
        }

        using (runLock)
        {
            if (invocation.ResumeFrom is not null)
            {
                // Before anything is written: a resume that cannot continue leaves the folder as it was.
                try
                {
                    var loaded = search.LoadCheckpoint(folder.CheckpointPath);
                    reporter.Info($"Resuming from {loaded} at epoch {search.Progress.Epoch + 1}, step {search.Progress.Step + 1}.");
                }
                catch (Exception e) when (e is CheckpointCorruptException or InvalidOperationException or FileNotFoundException)
                {
                    Console.Error.WriteLine($"error: --resume {settings.Out}: {e.Message}");
                    return ExitCodes.Failure;
                }
                recorder.Epochs.AddRange(search.Progress.Epochs);
            }

            var started = false;
            try
            {
                if (invocation.ResumeFrom is null) folder.WriteConfiguration(settings);
                else if (invocation.Configuration is { } changed) folder.WriteConfiguration(changed);
                // A finished run resumed to extend its search is no longer finished; its summary described the shorter one.
                if (RunFolder.ReadStatus(folder.Path) == "finished")
                {
                    folder.Delete("summary.md");
                    // Its retrained weights belong to the old genotype; the extended search retrains its own.
                    for (var seed = 1; File.Exists(folder.File(RunFolder.FoundWeightsFile(seed))); seed++) folder.Delete(RunFolder.FoundWeightsFile(seed));
                }
                folder.WriteStatus("running");
                started = true;
                reporter.Info($"{space.Name}: {statistics}; run folder {folder.Path}");
                return Search(settings, options, data, folder, search, recorder, reporter, cancellation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && !started)
            {
                Console.Error.WriteLine($"error: {option} {settings.Out}: cannot write the run folder there ({e.Message})");
                return ExitCodes.Usage;
            }
            catch (Exception e)
            {
                // The edge of a run: whatever went wrong, one line, the folder marked failed, a non-zero exit.
                var reason = OneLine(e.Message);
                if (e is IOException && (Checkpoint.IsValid(folder.CheckpointPath) || Checkpoint.IsValid(Checkpoint.PreviousPath(folder.CheckpointPath))))
                    reason += $"; the last good checkpoint is kept: once the folder can be written, continue with --resume {settings.Out}";
                if (started) TryWriteStatus(folder, "failed", reason);
                Console.Error.WriteLine($"error: {reason}");
                return ExitCodes.Failure;
            }
        }
    }

    private int Search(RunSettings settings, SearchOptions options, DataSplit data, RunFolder folder, DartsSearch<TGenotype> search, EpochRecorder recorder, Reporter reporter, CancellationToken cancellation)
    {
        SearchResult<TGenotype> result;
        try
        {
            result = reporter.Run("search", () => search.Run(cancellation));
        }
        catch (SearchDivergedException e)
        {
            folder.WriteStatus("diverged", e.Message);
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine($"The last good checkpoint is in {folder.CheckpointPath}.");
            return ExitCodes.Diverged;
        }
        if (result.Cancelled) return Interrupted(folder, reporter, $"stopped at epoch {search.Progress.Epoch + 1}, step {search.Progress.Step + 1}");

        GenotypeFile.Save(space, result.Genotype, folder.File("genotype.json"));
        var oneShot = Evaluator.OneShot(result.Supernet, data.Test);
        var final = result.Epochs[^1];
        var undecided = final.Scopes.Where(s => s.Decisiveness is not { Decided: true }).ToArray();
        var formula = space.Format(result.Genotype);
        var rows = new List<(string, string)>
        {
            ("space", space.Name),
            ("method", MethodDescription(options)),
            ("genotype", string.Join(", ", space.NamesOf(result.Genotype).Select(kv => $"{kv.Key}={kv.Value}"))),
            (undecided.Length == 0 ? "found" : "undecided (argmax shown)", formula),
            ("decided edges", $"{final.Scopes.Count - undecided.Length} of {final.Scopes.Count}"),
            ("one-shot test accuracy", Percent(oneShot.Accuracy)),
            ("skipped steps", result.SkippedSteps.ToString(CultureInfo.InvariantCulture)),
        };
        if (undecided.Length > 0)
            reporter.Warning($"the search did not decide: {string.Join(", ", undecided.Select(DecisivenessLine))}. " +
                "Its argmax is a pick among near-ties, not a finding; run more epochs, raise --arch-lr, or use --shrink on.");

        var evaluation = new Evaluation(formula, undecided.Length == 0);
        if (settings.TrainEpochs > 0)
        {
            var retrain = new RetrainOptions
            {
                Epochs = settings.TrainEpochs,
                BatchSize = settings.BatchSize,
                Threads = settings.Threads,
                LimitSteps = settings.LimitSteps,
                Device = settings.Device,
            };
            var epochsText = $"{settings.TrainEpochs} epoch{(settings.TrainEpochs == 1 ? "" : "s")}";
            reporter.Info($"Retraining the found network{(settings.Baselines.Length == 0 ? "" : " and " + string.Join(", ", settings.Baselines))} from scratch ({epochsText} each, {settings.RetrainSeeds} seed{(settings.RetrainSeeds == 1 ? "" : "s")})…");
            // Seeds 1..N for every network: paired runs, and the same baseline figures for every search seed.
            for (var seed = 1; seed <= settings.RetrainSeeds; seed++)
            {
                var seeded = retrain with { Seed = seed };
                RetrainResult found;
                using (var trained = RetrainNetwork(new Retrainer<TGenotype>(space, seeded, data.Train, data.Test), result.Genotype, reporter, $"found, seed {seed}", cancellation))
                {
                    found = trained.Result;
                    // A retraining cut short would record the accuracy of a half-trained network as the result: stop instead.
                    // The search's checkpoint is whole, so a resumed run retrains from scratch (a requeued sweep task too).
                    if (found.Cancelled || cancellation.IsCancellationRequested) return Interrupted(folder, reporter, $"stopped while retraining (found, seed {seed})");
                    // The weights `export` reads the learned values of parametric operations from.
                    trained.Save(folder.File(RunFolder.FoundWeightsFile(seed)));
                }
                evaluation.Found.Add(found.Test.Accuracy);
                evaluation.Weights.Add(RunFolder.FoundWeightsFile(seed));
                foreach (var name in settings.Baselines)
                {
                    var baseline = RetrainBaseline(name, seeded, data, reporter, $"{name}, seed {seed}", cancellation);
                    if (baseline.Cancelled || cancellation.IsCancellationRequested) return Interrupted(folder, reporter, $"stopped while retraining ({name}, seed {seed})");
                    evaluation.Baseline(name).Add(baseline.Test.Accuracy);
                }
            }
            rows.Add(($"retrained test accuracy ({epochsText}, {settings.RetrainSeeds} seeds)", MeanStd(evaluation.FoundSample)));
            rows.Add(("retrained weights", string.Join(", ", evaluation.Weights)));
            if (settings.Baselines.Length > 0)
                rows.Add(("baseline network", space.Baselines.Count > 0 ? $"{space.Name} with its cell fixed (the space's own baselines)" : "the host's LeNet with a fixed activation"));
            foreach (var name in settings.Baselines)
            {
                rows.Add(($"{name} test accuracy", MeanStd(evaluation.BaselineSample(name))));
                rows.Add(($"found vs {name}", evaluation.Verdict(name)));
            }
        }
        ResultsFile.Write(folder, space.Name, options, final, evaluation, data.Train.SampleShape, data.Train.Classes);

        // The recorder wrote records and plots after this process's last epoch; a run resumed after its last epoch
        // (whose records may have failed to write) writes them here.
        var plots = recorder.Plots;
        if (plots is null)
        {
            folder.WriteEpochs(recorder.Epochs);
            plots = Plots.Write(folder, recorder.Epochs);
        }
        Summary.Write(folder, settings, space.Name, Headline(evaluation, settings, final), rows, plots, data.Description, data.Train.SampleShape, data.Train.Classes);
        folder.WriteStatus("finished");
        reporter.Results(rows);
        reporter.Info($"Run folder: {folder.Path}");
        return ExitCodes.Success;
    }

    private static int Interrupted(RunFolder folder, Reporter reporter, string where)
    {
        folder.WriteStatus("interrupted", where);
        reporter.Info($"Interrupted. Checkpoint saved; continue with: {HostSpaces.ApplicationName} --resume {folder.Path}");
        return ExitCodes.Interrupted;
    }

    private static void TryWriteStatus(RunFolder folder, string status, string detail)
    {
        try
        {
            folder.WriteStatus(status, detail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder is unwritable (a full disk); the error line already says what went wrong.
        }
    }

    /// <summary>The first line of a message: native errors append a C++ backtrace.</summary>
    private static string OneLine(string message) => message.Split('\n', 2)[0].TrimEnd();

    /// <summary>A baseline the space declares is its own network with the cell fixed; a space that declares none is
    /// compared with the host's LeNet and a fixed activation, the notebook spaces' network.</summary>
    private RetrainResult RetrainBaseline(string name, RetrainOptions options, DataSplit data, Reporter reporter, string label, CancellationToken cancellation)
    {
        if (space.Baselines.TryGetValue(name, out var genotype))
        {
            using var own = RetrainNetwork(new Retrainer<TGenotype>(space, options, data.Train, data.Test), genotype, reporter, label, cancellation);
            return own.Result;
        }
        var lenet = new BaselineSpace.Genotype((Baselines.Op)BaselineNames.IndexOf(name));
        using var trained = RetrainNetwork(new Retrainer<BaselineSpace.Genotype>(BaselineSpace.Definition, options, data.Train, data.Test), lenet, reporter, label, cancellation);
        return trained.Result;
    }

    private static RetrainedNetwork<T> RetrainNetwork<T>(Retrainer<T> retrainer, T genotype, Reporter reporter, string label, CancellationToken cancellation) where T : class
    {
        retrainer.EpochCompleted += e => reporter.Info($"retrain {label}: epoch {e.Epoch + 1} loss {e.TrainLoss:0.0000} acc {e.TrainAccuracy * 100:0.00}% ({e.Seconds:0.0}s)");
        return retrainer.TrainNetwork(genotype, cancellation);
    }

    private static string Percent(double value) => (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string MeanStd(Measurements sample) => sample.Values.Count < 2
        ? Percent(sample.Mean)
        : $"{(sample.Mean * 100).ToString("0.00", CultureInfo.InvariantCulture)} ± {(sample.StandardDeviation * 100).ToString("0.00", CultureInfo.InvariantCulture)}%";

    /// <summary>The summary's first sentence: the finding and its verdicts, or that there is none.</summary>
    private static string Headline(Evaluation evaluation, RunSettings settings, EpochRecord final)
    {
        if (!evaluation.Decided)
        {
            var undecided = final.Scopes.Where(s => s.Decisiveness is not { Decided: true }).ToArray();
            return $"**Undecided.** {undecided.Length} of {final.Scopes.Count} edges did not decide ({string.Join(", ", undecided.Select(DecisivenessLine))}), " +
                "so the formula below is an argmax over near-ties, not a finding. Run more epochs, raise --arch-lr, or use --shrink on.";
        }
        var verdicts = evaluation.Found.Count == 0 || settings.Baselines.Length == 0 ? "" : " It " + string.Join("; it ", settings.Baselines.Select(evaluation.Verdict)) + ".";
        return $"**Found** `{evaluation.Formula}`.{verdicts}";
    }

    private static string DecisivenessLine(ScopeRecord scope) => scope.Decisiveness is { } d
        ? $"{scope.Path} (top {d.TopWeight:0.000} of {d.InPlay} in play, uniform {1.0 / d.InPlay:0.000})"
        : scope.Path;

    private static string MethodDescription(SearchOptions o)
    {
        var parts = new List<string> { o.Method.ToString().ToLowerInvariant() + (o.SecondOrder ? " (second order)" : "") };
        parts.Add($"arch lr {o.ArchitectureLearningRate.ToString("G3", CultureInfo.InvariantCulture)}");
        if (o.WarmupEpochs > 0) parts.Add($"warm start {o.WarmupEpochs}");
        if (o.Shrink) parts.Add("shrinking");
        if (o.OutputBound is double b) parts.Add($"bound ±{b.ToString(CultureInfo.InvariantCulture)}");
        return string.Join(", ", parts);
    }

    /// <summary>Writes the records after every epoch, so an interrupted run keeps what it learned.</summary>
    private sealed class EpochRecorder(RunFolder folder, Reporter reporter) : ISearchObserver
    {
        public List<EpochRecord> Epochs { get; } = [];

        /// <summary>The plot files written after the latest epoch of this process, or null before one.</summary>
        public IReadOnlyList<string>? Plots { get; private set; }

        public void OnEpochStarted(int epoch, int epochs, int firstStep, int stepsPerEpoch, double learningRate) =>
            reporter.OnEpochStarted(epoch, epochs, firstStep, stepsPerEpoch, learningRate);

        public void OnStep(StepRecord step) => reporter.OnStep(step);

        public void OnEpochCompleted(EpochRecord record)
        {
            Epochs.RemoveAll(e => e.Epoch == record.Epoch);
            Epochs.Add(record);
            folder.WriteEpochs(Epochs);
            Plots = Records.Plots.Write(folder, Epochs);
            reporter.OnEpochCompleted(record);
        }

        public void OnCheckpointSaved(string path) => reporter.OnCheckpointSaved(path);
    }
}
