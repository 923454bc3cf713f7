using System.Diagnostics;
using NasDsl.Data;
using NasDsl.Devices;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Search;

/// <summary>Settings for training a discrete network from scratch (DARTS' <c>train.py</c>, without its
/// auxiliary head, cutout and drop path).</summary>
public sealed record RetrainOptions : TrainingOptions
{
    /// <summary>20 epochs, the learning rate annealed to 0. <see cref="TrainingOptions.Seed"/> seeds the
    /// initialisation and batch order; every genotype trained by one <see cref="Retrainer{TGenotype}"/> gets the
    /// same seed, so comparisons are paired.</summary>
    public RetrainOptions() => Epochs = 20;

    /// <summary>Batches of the test-set evaluation; null evaluates all.</summary>
    public int? LimitEvaluationBatches { get; init; }

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and its value.</exception>
    public void Validate()
    {
        ValidateTraining(nameof(RetrainOptions));
        if (LimitEvaluationBatches is int evaluation) OptionCheck.Positive(nameof(RetrainOptions), nameof(LimitEvaluationBatches), evaluation);
    }
}

/// <summary>One epoch of retraining.</summary>
/// <param name="Epoch">Zero-based epoch.</param>
/// <param name="TrainLoss">Mean training loss over finite steps.</param>
/// <param name="TrainAccuracy">Training accuracy, 0..1.</param>
/// <param name="LearningRate">The epoch's learning rate.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="SkippedSteps">Steps skipped because the loss or gradient was not finite.</param>
public sealed record RetrainEpoch(int Epoch, double TrainLoss, double TrainAccuracy, double LearningRate, double Seconds, int SkippedSteps);

/// <summary>The outcome of retraining one genotype.</summary>
/// <param name="Genotype">The genotype as formulas.</param>
/// <param name="Epochs">Per-epoch training records.</param>
/// <param name="Test">Loss and accuracy on the test set after the last epoch.</param>
/// <param name="Cancelled">True when training stopped early.</param>
public sealed record RetrainResult(string Genotype, IReadOnlyList<RetrainEpoch> Epochs, EvaluationResult Test, bool Cancelled);

/// <summary>A retrained network with its genotype and result, from <see cref="Retrainer{TGenotype}.TrainNetwork"/>.</summary>
/// <typeparam name="TGenotype">The space's genotype.</typeparam>
public sealed class RetrainedNetwork<TGenotype> : IDisposable where TGenotype : class
{
    internal RetrainedNetwork(TGenotype genotype, SpaceOptions options, nn.Module<Tensor, Tensor> network, RetrainResult result)
    {
        Genotype = genotype;
        Options = options;
        Network = network;
        Result = result;
    }

    /// <summary>The genotype the network was built from.</summary>
    public TGenotype Genotype { get; }

    /// <summary>The input shape, classes and device it was built with: build the same network to load its weights.</summary>
    public SpaceOptions Options { get; }

    /// <summary>The trained discrete network, in evaluation mode.</summary>
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>The training records and test accuracy.</summary>
    public RetrainResult Result { get; }

    /// <summary>Writes the network's weights (TorchSharp's <c>module.save</c> format) to <paramref name="path"/>
    /// atomically. Load them into <c>space.CreateDiscrete(genotype, options)</c> with <c>module.load(path)</c>.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public void Save(string path) => AtomicFile.Write(path, stream =>
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        Network.save(writer);
    });

    /// <summary>Disposes the network.</summary>
    public void Dispose() => Network.Dispose();
}

/// <summary>A found genotype and a baseline, trained alike.</summary>
/// <param name="Found">The searched genotype's result.</param>
/// <param name="Baseline">The baseline's result.</param>
public sealed record RetrainComparison(RetrainResult Found, RetrainResult Baseline)
{
    /// <summary>Test accuracy of the found genotype minus the baseline's.</summary>
    public double AccuracyGain => Found.Test.Accuracy - Baseline.Test.Accuracy;
}

/// <summary>
/// Trains discrete networks of a search space from scratch (SGD with momentum, gradient clipping, cosine
/// learning rate per epoch) and reports test accuracy: the last stage of DARTS, and the fair way to compare a
/// found genotype with a hand-picked baseline.
/// </summary>
/// <typeparam name="TGenotype">The space's genotype.</typeparam>
public sealed class Retrainer<TGenotype> where TGenotype : class
{
    private readonly SearchSpaceDefinition<TGenotype> _space;
    private readonly IDataset _train;
    private readonly IDataset _test;
    private readonly Device _device;

    /// <summary>Prepares retraining on <paramref name="train"/>, evaluated on <paramref name="test"/>.</summary>
    public Retrainer(SearchSpaceDefinition<TGenotype> space, RetrainOptions options, IDataset train, IDataset test)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        options.Validate();
        _space = space;
        _train = train;
        _test = test;
        Options = options;
        _device = DeviceSelector.Resolve(options.Device);
    }

    /// <summary>The options of this retrainer.</summary>
    public RetrainOptions Options { get; }

    /// <summary>Called after every epoch.</summary>
    public event Action<RetrainEpoch>? EpochCompleted;

    /// <summary>Trains <paramref name="genotype"/>'s network from scratch and evaluates it on the test set.
    /// Cancellation stops after the current step; the network is still evaluated.</summary>
    public RetrainResult Train(TGenotype genotype, CancellationToken cancellationToken = default)
    {
        using var trained = TrainNetwork(genotype, cancellationToken);
        return trained.Result;
    }

    /// <summary>As <see cref="Train"/>, and keeps the trained network: save its weights with
    /// <see cref="RetrainedNetwork{TGenotype}.Save"/>, export its activations, or use it. The caller disposes it.</summary>
    public RetrainedNetwork<TGenotype> TrainNetwork(TGenotype genotype, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if ((Options.Threads ?? Devices.OpenMp.DefaultThreads()) is int threads) set_num_threads(threads);
        manual_seed(Options.Seed);
        var spaceOptions = new SpaceOptions(_train.SampleShape, _train.Classes, _device);
        var network = _space.CreateDiscrete(genotype, spaceOptions);
        try
        {
            var result = Fit(network, genotype, cancellationToken);
            return new RetrainedNetwork<TGenotype>(genotype, spaceOptions, network, result);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private RetrainResult Fit(nn.Module<Tensor, Tensor> network, TGenotype genotype, CancellationToken cancellationToken)
    {
        network.train();
        var parameters = network.parameters().ToArray();
        using var optimizer = optim.SGD(parameters, Options.LearningRate, Options.Momentum, weight_decay: Options.WeightDecay);
        var weightStep = new WeightStep(network, parameters, optimizer, Options.GradientClip);
        var loader = new BatchLoader(_train, Options.BatchSize, _device, shuffle: true, Options.Seed);
        var steps = Options.LimitSteps is int limit ? Math.Min(limit, loader.BatchesPerEpoch) : loader.BatchesPerEpoch;
        var epochs = new List<RetrainEpoch>();
        var cancelled = false;

        for (var epoch = 0; epoch < Options.Epochs && !cancelled; epoch++)
        {
            var learningRate = CosineSchedule.At(epoch, Options.Epochs, Options.LearningRate, Options.MinLearningRate);
            weightStep.SetLearningRate(learningRate);
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long lossSamples = 0, correct = 0, samples = 0;
            var skipped = 0;
            using var batches = loader.Epoch(epoch).GetEnumerator();
            for (var step = 0; step < steps; step++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }
                using var scope = NewDisposeScope();
                if (!batches.MoveNext()) break;
                var (images, labels) = batches.Current;
                var (loss, batchCorrect, updated) = weightStep.Run(images, labels);
                correct += batchCorrect;
                samples += labels.shape[0];
                if (float.IsFinite(loss))
                {
                    lossSum += loss * labels.shape[0];
                    lossSamples += labels.shape[0];
                }
                if (!updated) skipped++;
            }
            if (samples == 0) break;
            var record = new RetrainEpoch(epoch, EpochTotals.Mean(lossSum, lossSamples), EpochTotals.Mean(correct, samples), learningRate, clock.Elapsed.TotalSeconds, skipped);
            epochs.Add(record);
            EpochCompleted?.Invoke(record);
        }

        var test = Evaluator.Evaluate(network, _test, limitBatches: Options.LimitEvaluationBatches);
        network.eval();
        return new RetrainResult(_space.Format(genotype), epochs, test, cancelled);
    }

    /// <summary>Trains <paramref name="found"/> and <paramref name="baseline"/> with the same seed and settings.</summary>
    public RetrainComparison Compare(TGenotype found, TGenotype baseline, CancellationToken cancellationToken = default) =>
        new(Train(found, cancellationToken), Train(baseline, cancellationToken));
}
