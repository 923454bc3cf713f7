using System.Diagnostics;
using NasDsl.Data;
using NasDsl.Search;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Benchmarks;

/// <summary>Something that runs training steps on demand and times each one.</summary>
internal interface IStepRunner : IDisposable
{
    /// <summary>Runs <paramref name="steps"/> steps, adding each one's wall time (ms) to <paramref name="times"/>.</summary>
    void Run(int steps, List<double> times);

    /// <summary>Steps whose update was skipped because a loss or gradient was not finite (they are cheaper).</summary>
    int SkippedSteps { get; }
}

/// <summary>
/// The runtime's own bilevel step: a <see cref="DartsSearch{TGenotype}"/> driven block by block. A block ends
/// by cancelling the run after its last step; the next block resumes it. A step's time runs from the previous
/// step's end (or the epoch's start) to its own end, so epoch summaries and resumption are not counted, while
/// batch gathering, both optimiser steps and the bookkeeping of <c>RunStep</c> are.
/// </summary>
internal sealed class SearchStepRunner<TGenotype> : IStepRunner, ISearchObserver where TGenotype : class
{
    private readonly DartsSearch<TGenotype> _search;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private CancellationTokenSource? _cancel;
    private List<double>? _times;
    private int _remaining;
    private double _mark;

    /// <param name="configure">Changes the supernet before the first step (e.g. switches fused edges off).</param>
    public SearchStepRunner(SearchSpaceDefinition<TGenotype> space, SearchOptions options, IDataset data, Action<Supernet>? configure = null)
    {
        _search = new DartsSearch<TGenotype>(space, options, data, this);
        configure?.Invoke(_search.Supernet);
    }

    public int SkippedSteps { get; private set; }

    public void Run(int steps, List<double> times)
    {
        using var cancel = new CancellationTokenSource();
        _cancel = cancel;
        _times = times;
        _remaining = steps;
        _search.Run(cancel.Token);
        _cancel = null;
        if (_remaining > 0) throw new InvalidOperationException($"The search ended {_remaining} steps early; give it more epochs.");
    }

    public void OnEpochStarted(int epoch, int epochs, int firstStep, int stepsPerEpoch, double learningRate) => _mark = _clock.Elapsed.TotalMilliseconds;

    public void OnStep(StepRecord step)
    {
        var now = _clock.Elapsed.TotalMilliseconds;
        _times?.Add(now - _mark);
        _mark = now;
        if (step.Skipped) SkippedSteps++;
        if (--_remaining == 0) _cancel?.Cancel();
    }

    public void Dispose() => _search.Dispose();
}

/// <summary>
/// The naive reference: a network whose mixed edges are plain Σ softmax(α)ᵢ·opᵢ(x) and a first-order DARTS step
/// written the obvious way (full <c>backward()</c> in both halves, as NASLib does). It draws batches from loaders
/// built like the search's, with the same optimiser settings.
/// </summary>
internal sealed class NaiveStepRunner : IStepRunner
{
    private readonly NaiveNetwork _network;
    private readonly SGD _weightOptimizer;
    private readonly Adam _architectureOptimizer;
    private readonly BatchLoader _train;
    private readonly BatchLoader _validation;
    private readonly SearchOptions _options;
    private IEnumerator<(Tensor Images, Tensor Labels)>? _trainBatches;
    private IEnumerator<(Tensor Images, Tensor Labels)>? _validationBatches;
    private int _epoch;

    public NaiveStepRunner(NaiveNetwork network, SearchOptions options, IDataset data)
    {
        _network = network;
        _options = options;
        _network.train();
        _weightOptimizer = optim.SGD(network.Weights, options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
        _architectureOptimizer = optim.Adam(network.Alphas, options.ArchitectureLearningRate, options.ArchitectureBetas.Beta1,
            options.ArchitectureBetas.Beta2, weight_decay: options.ArchitectureWeightDecay);
        var half = data.Count / 2;
        var order = Enumerable.Range(0, checked((int)data.Count)).Select(i => (long)i).ToArray();
        _train = new BatchLoader(data, options.BatchSize, CPU, shuffle: true, options.Seed, order[..(int)half]);
        _validation = new BatchLoader(data, options.BatchSize, CPU, shuffle: true, options.Seed + 1, order[(int)half..]);
    }

    public int SkippedSteps { get; private set; }

    public void Run(int steps, List<double> times)
    {
        var clock = new Stopwatch();
        for (var i = 0; i < steps; i++)
        {
            clock.Restart();
            Step();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    private void Step()
    {
        using var scope = NewDisposeScope();
        var (trainImages, trainLabels) = Next(ref _trainBatches, _train);
        var (validationImages, validationLabels) = Next(ref _validationBatches, _validation);

        _architectureOptimizer.zero_grad();
        var validationLoss = nn.functional.cross_entropy(_network.forward(validationImages), validationLabels);
        var validationValue = validationLoss.item<float>();
        validationLoss.backward();
        if (float.IsFinite(validationValue)) _architectureOptimizer.step();

        _weightOptimizer.zero_grad();
        var trainLoss = nn.functional.cross_entropy(_network.forward(trainImages), trainLabels);
        var trainValue = trainLoss.item<float>();
        trainLoss.backward();
        var norm = nn.utils.clip_grad_norm_(_network.Weights, _options.GradientClip);
        if (float.IsFinite(trainValue) && double.IsFinite(norm)) _weightOptimizer.step();
        else SkippedSteps++;
    }

    private (Tensor, Tensor) Next(ref IEnumerator<(Tensor Images, Tensor Labels)>? batches, BatchLoader loader)
    {
        if (batches is null || !batches.MoveNext())
        {
            batches?.Dispose();
            batches = loader.Epoch(_epoch++).GetEnumerator();
            batches.MoveNext();
        }
        return batches.Current;
    }

    public void Dispose()
    {
        _trainBatches?.Dispose();
        _validationBatches?.Dispose();
        _weightOptimizer.Dispose();
        _architectureOptimizer.Dispose();
        _network.Dispose();
    }
}

/// <summary>The floor: the same network with one fixed activation, one plain SGD training step.</summary>
internal sealed class FixedNetworkStepRunner : IStepRunner
{
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly Parameter[] _weights;
    private readonly SGD _optimizer;
    private readonly BatchLoader _loader;
    private readonly SearchOptions _options;
    private IEnumerator<(Tensor Images, Tensor Labels)>? _batches;
    private int _epoch;

    public FixedNetworkStepRunner(nn.Module<Tensor, Tensor> network, SearchOptions options, IDataset data)
    {
        _network = network;
        _options = options;
        _network.train();
        _weights = [.. network.parameters()];
        _optimizer = optim.SGD(_weights, options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
        _loader = new BatchLoader(data, options.BatchSize, CPU, shuffle: true, options.Seed);
    }

    public int SkippedSteps { get; private set; }

    public void Run(int steps, List<double> times)
    {
        var clock = new Stopwatch();
        for (var i = 0; i < steps; i++)
        {
            clock.Restart();
            using (NewDisposeScope())
            {
                if (_batches is null || !_batches.MoveNext())
                {
                    _batches?.Dispose();
                    _batches = _loader.Epoch(_epoch++).GetEnumerator();
                    _batches.MoveNext();
                }
                var (images, labels) = _batches.Current;
                _optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(_network.forward(images), labels);
                var value = loss.item<float>();
                loss.backward();
                var norm = nn.utils.clip_grad_norm_(_weights, _options.GradientClip);
                if (float.IsFinite(value) && double.IsFinite(norm)) _optimizer.step();
                else SkippedSteps++;
            }
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    public void Dispose()
    {
        _batches?.Dispose();
        _optimizer.Dispose();
        _network.Dispose();
    }
}
