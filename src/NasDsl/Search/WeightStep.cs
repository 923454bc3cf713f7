using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Search;

/// <summary>
/// One SGD step on a network's weights, shared by the search and by retraining: forward, cross-entropy, backward
/// into the weights only, gradient-norm clipping, step. Skipped (no optimiser call, nothing changed) when the
/// loss or the gradient norm is not finite.
/// </summary>
internal sealed class WeightStep(nn.Module<Tensor, Tensor> network, Parameter[] weights, SGD optimizer, double gradientClip)
{
    /// <summary>Sets the learning rate of every parameter group.</summary>
    public void SetLearningRate(double learningRate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
    }

    public (float Loss, long Correct, bool Updated) Run(Tensor images, Tensor labels)
    {
        optimizer.zero_grad();
        var logits = network.forward(images);
        var loss = nn.functional.cross_entropy(logits, labels);
        var lossValue = loss.item<float>();
        var correct = Accuracy.Correct(logits, labels);
        if (!float.IsFinite(lossValue)) return (lossValue, correct, false);
        loss.backward(inputs: weights);
        // The total norm is finite exactly when every gradient is (a NaN or infinity anywhere propagates).
        var norm = nn.utils.clip_grad_norm_(weights, gradientClip);
        if (!double.IsFinite(norm)) return (lossValue, correct, false);
        optimizer.step();
        return (lossValue, correct, true);
    }
}

/// <summary>The learning-rate schedule of DARTS and its retraining: CosineAnnealingLR(T_max = epochs, eta_min),
/// stepped once per epoch.</summary>
internal static class CosineSchedule
{
    public static double At(int epoch, int epochs, double initial, double final) =>
        final + (initial - final) * (1 + Math.Cos(Math.PI * epoch / epochs)) / 2;
}

/// <summary>Counting correct classifications.</summary>
internal static class Accuracy
{
    /// <summary>Samples whose largest logit is their label.</summary>
    public static long Correct(Tensor logits, Tensor labels)
    {
        using var _ = no_grad();
        return logits.argmax(1).eq(labels).sum().item<long>();
    }
}
