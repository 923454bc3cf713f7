using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Search;

/// <summary>The architecture gradient of one step, or null gradients when a loss or gradient was not finite.</summary>
/// <param name="Loss">Validation loss of the step's forward pass.</param>
/// <param name="Correct">Correctly classified validation samples.</param>
/// <param name="Samples">Validation samples.</param>
/// <param name="Gradients">d L_val / d alpha per scope; null when the update must be skipped.</param>
internal readonly record struct ArchitectureGradient(float Loss, long Correct, long Samples, Tensor[]? Gradients);

/// <summary>
/// Computes DARTS' architecture gradient (<c>architect.py</c>): first order, dL_val(w, α)/dα; or second order,
/// the gradient through one unrolled SGD step of the weights, with the Hessian-vector product taken by finite
/// differences. Tensors are created in the caller's dispose scope; the weights are left exactly as found.
/// </summary>
internal sealed class ArchitectureStep
{
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly Parameter[] _alphas;
    private readonly Parameter[] _weights;
    private readonly SGD _weightOptimizer;
    private readonly double _momentum;
    private readonly double _weightDecay;

    public ArchitectureStep(Supernet supernet, IReadOnlyList<Parameter> weights, SGD weightOptimizer, double momentum, double weightDecay)
    {
        _network = supernet;
        _alphas = [.. supernet.ArchitectureParameters()];
        _weights = [.. weights];
        _weightOptimizer = weightOptimizer;
        _momentum = momentum;
        _weightDecay = weightDecay;
    }

    /// <summary>dL_val(w, α)/dα at the current weights, with <paramref name="regularizer"/>'s term (a function
    /// of the alphas only) added to the loss that is differentiated, not to the loss that is reported.</summary>
    public ArchitectureGradient FirstOrder(Tensor validationImages, Tensor validationLabels, Func<Tensor>? regularizer = null)
    {
        using var frozen = FreezeWeights();
        var (loss, correct, samples, lossTensor) = Loss(validationImages, validationLabels);
        if (!float.IsFinite(loss)) return new(loss, correct, samples, null);
        if (regularizer is not null) lossTensor = lossTensor.add(regularizer());
        var gradients = Gradients(lossTensor, _alphas);
        return new(loss, correct, samples, AllFinite(gradients) ? gradients : null);
    }

    /// <summary>
    /// Turns off requires_grad on the network weights until disposed, for passes that differentiate with respect
    /// to the alphas only. Everything before the first mixed edge (the stem) then records no graph, and the
    /// candidates of edges that read it run as plain functions; the alpha gradients are the same, since no
    /// weight was an input of them.
    /// </summary>
    private IDisposable FreezeWeights() => new RequiresGradScope(_weights);

    /// <summary>
    /// The unrolled gradient: with w' = w − η(momentum·buffer + ∇w L_train(w, α) + weight_decay·w),
    /// g = ∇α L_val(w', α) − η · (∇α L_train(w⁺, α) − ∇α L_train(w⁻, α)) / 2ε, where w± = w ± ε·∇w' L_val(w', α).
    /// </summary>
    public ArchitectureGradient SecondOrder(Tensor trainImages, Tensor trainLabels, Tensor validationImages, Tensor validationLabels, double learningRate)
    {
        Tensor[] trainGradients;
        // The unrolling step needs weight gradients only: the alphas are constants for this pass.
        using (new RequiresGradScope(_alphas))
        {
            var (trainLoss, _, _, trainLossTensor) = Loss(trainImages, trainLabels);
            if (!float.IsFinite(trainLoss)) return new(float.NaN, 0, validationLabels.shape[0], null);
            trainGradients = Gradients(trainLossTensor, _weights);
        }
        if (!AllFinite(trainGradients)) return new(float.NaN, 0, validationLabels.shape[0], null);

        var original = _weights.Select(w => w.detach().clone()).ToArray();
        try
        {
            Unroll(trainGradients, learningRate);
            var (loss, correct, samples, lossTensor) = Loss(validationImages, validationLabels);
            if (!float.IsFinite(loss)) return new(loss, correct, samples, null);
            var gradients = Gradients(lossTensor, [.. _alphas, .. _weights]);
            if (!AllFinite(gradients)) return new(loss, correct, samples, null);
            var alphaGradients = gradients[.._alphas.Length];
            var vector = gradients[_alphas.Length..];
            Restore(original);

            var implicitGradients = HessianVectorProduct(vector, original, trainImages, trainLabels);
            if (implicitGradients is null) return new(loss, correct, samples, null);
            var result = alphaGradients.Select((g, i) => g.add(implicitGradients[i], alpha: -learningRate)).ToArray();
            return new(loss, correct, samples, AllFinite(result) ? result : null);
        }
        finally
        {
            Restore(original);
        }
    }

    /// <summary>w ← w − η(momentum·buffer + g + weight_decay·w), DARTS' <c>_compute_unrolled_model</c>.</summary>
    private void Unroll(Tensor[] trainGradients, double learningRate)
    {
        var states = _weightOptimizer.state_dict().State;
        using var _ = no_grad();
        for (var i = 0; i < _weights.Length; i++)
        {
            var step = trainGradients[i].add(_weights[i], alpha: _weightDecay);
            // The buffer does not exist before the optimiser's first step; DARTS then uses zeros.
            if (_momentum != 0 && states[i] is SGD.State { momentum_buffer: { } buffer })
                step = step.add(buffer, alpha: _momentum);
            _weights[i].add_(step, alpha: -learningRate);
        }
    }

    /// <summary>
    /// (∇α L_train(w⁺) − ∇α L_train(w⁻)) / 2ε with w± = w ± ε·v. ε = 0.01/‖v‖ as in DARTS: a fixed step in
    /// weight space, small enough for the central difference to be accurate (error O(ε²)) yet large enough
    /// that float32 rounding of the two gradients does not swamp their difference.
    /// </summary>
    private Tensor[]? HessianVectorProduct(Tensor[] vector, Tensor[] original, Tensor images, Tensor labels)
    {
        var norm = stack(vector.Select(v => v.norm()).ToArray()).norm().item<float>();
        if (!float.IsFinite(norm)) return null;
        // v = 0: the weights do not move under the validation loss, so the implicit term vanishes.
        if (norm == 0) return _alphas.Select(a => zeros_like(a)).ToArray();
        var epsilon = 0.01 / norm;

        using var frozen = FreezeWeights();
        Shift(vector, epsilon);
        var (plusLoss, _, _, plusTensor) = Loss(images, labels);
        var plus = float.IsFinite(plusLoss) ? Gradients(plusTensor, _alphas) : null;
        Restore(original);
        Shift(vector, -epsilon);
        var (minusLoss, _, _, minusTensor) = Loss(images, labels);
        var minus = float.IsFinite(minusLoss) ? Gradients(minusTensor, _alphas) : null;
        Restore(original);
        if (plus is null || minus is null) return null;
        return plus.Select((p, i) => p.sub(minus[i]).div_(2 * epsilon)).ToArray();
    }

    private void Shift(Tensor[] vector, double scale)
    {
        using var _ = no_grad();
        for (var i = 0; i < _weights.Length; i++) _weights[i].add_(vector[i], alpha: scale);
    }

    private void Restore(Tensor[] original)
    {
        using var _ = no_grad();
        for (var i = 0; i < _weights.Length; i++) _weights[i].copy_(original[i]);
    }

    private (float Loss, long Correct, long Samples, Tensor LossTensor) Loss(Tensor images, Tensor labels)
    {
        var logits = _network.forward(images);
        var loss = nn.functional.cross_entropy(logits, labels);
        long correct;
        using (no_grad()) correct = logits.argmax(1).eq(labels).sum().item<long>();
        return (loss.item<float>(), correct, labels.shape[0], loss);
    }

    /// <summary>Gradients of <paramref name="loss"/>; a parameter the loss does not reach gets zeros.</summary>
    internal static Tensor[] Gradients(Tensor loss, IReadOnlyList<Tensor> inputs)
    {
        var gradients = torch.autograd.grad([loss], [.. inputs], allow_unused: true);
        return inputs.Select((p, i) => gradients[i] is { } g && !g.IsInvalid ? g : zeros_like(p)).ToArray();
    }

    internal static bool AllFinite(IReadOnlyList<Tensor> tensors)
    {
        if (tensors.Count == 0) return true;
        using var _ = no_grad();
        return stack(tensors.Select(t => t.isfinite().all()).ToArray()).all().item<bool>();
    }
}

/// <summary>Sets requires_grad to false on some parameters and restores each one's own flag when disposed.</summary>
internal sealed class RequiresGradScope : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly bool[] _flags;

    public RequiresGradScope(Parameter[] parameters)
    {
        _parameters = parameters;
        _flags = new bool[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            _flags[i] = parameters[i].requires_grad;
            if (_flags[i]) parameters[i].requires_grad_(false);
        }
    }

    public void Dispose()
    {
        for (var i = 0; i < _parameters.Length; i++)
            if (_flags[i]) _parameters[i].requires_grad_(true);
    }
}
