using NasDsl.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Search;

/// <summary>Loss and accuracy of a classifier on a dataset.</summary>
/// <param name="Loss">Mean cross-entropy.</param>
/// <param name="Accuracy">Share of correctly classified samples, 0..1.</param>
/// <param name="Samples">Samples evaluated.</param>
public sealed record EvaluationResult(double Loss, double Accuracy, long Samples);

/// <summary>Evaluates networks in evaluation mode without gradients, batch by batch.</summary>
public static class Evaluator
{
    /// <summary>Evaluates <paramref name="model"/> on <paramref name="dataset"/> (or its first
    /// <paramref name="limitBatches"/> batches). Batches go to the device of the model's parameters; the model's
    /// training mode is restored afterwards.</summary>
    public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, IDataset dataset, int batchSize = 256, int? limitBatches = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        var loader = new BatchLoader(dataset, batchSize, device, shuffle: false, seed: 0);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            double lossSum = 0;
            long correct = 0, samples = 0;
            var batches = 0;
            using var enumerator = loader.Epoch(0).GetEnumerator();
            while (limitBatches is null || batches < limitBatches)
            {
                using var scope = NewDisposeScope();
                if (!enumerator.MoveNext()) break;
                var (images, labels) = enumerator.Current;
                var logits = model.forward(images);
                lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                correct += Accuracy.Correct(logits, labels);
                samples += labels.shape[0];
                batches++;
            }
            return new EvaluationResult(samples == 0 ? double.NaN : lossSum / samples, samples == 0 ? double.NaN : (double)correct / samples, samples);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>One-shot evaluation: the supernet itself on <paramref name="test"/>, every mixed edge weighted by its
    /// expected mixing weights (softmax(α), or the Dirichlet mean for DrNAS) instead of a sample.</summary>
    public static EvaluationResult OneShot(Supernet supernet, IDataset test, int batchSize = 256, int? limitBatches = null)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        var mixing = supernet.Architecture.Mixing;
        var sampled = mixing.UseExpectedWeights;
        mixing.UseExpectedWeights = true;
        try
        {
            return Evaluate(supernet, test, batchSize, limitBatches);
        }
        finally
        {
            mixing.UseExpectedWeights = sampled;
        }
    }
}
