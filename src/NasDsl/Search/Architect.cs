using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Search;

/// <summary>
/// The architecture side of a search step (DARTS' <c>Architect</c>): it owns the architecture optimiser, sets how
/// the supernet's mixed edges sample or mix, computes the architecture gradient of its method and steps.
/// </summary>
internal abstract class Architect : IDisposable
{
    private readonly Parameter[] _alphas;
    private readonly double? _gradientClip;

    protected Architect(Supernet supernet, SearchOptions options, ArchitectureStep gradients, MixingKind mixing)
    {
        Supernet = supernet;
        Gradients = gradients;
        _alphas = [.. supernet.ArchitectureParameters()];
        _gradientClip = options.EffectiveArchitectureGradientClip;
        Optimizer = optim.Adam(supernet.ArchitectureParameters(), options.ArchitectureLearningRate,
            options.ArchitectureBetas.Beta1, options.ArchitectureBetas.Beta2, weight_decay: options.ArchitectureWeightDecay);
        supernet.Architecture.Mixing.Kind = mixing;
        supernet.Architecture.Mixing.OutputBound = options.OutputBound;
    }

    /// <summary>The architecture optimiser (Adam), checkpointed with the search.</summary>
    public Adam Optimizer { get; }

    protected Supernet Supernet { get; }

    protected ArchitectureStep Gradients { get; }

    /// <summary>Creates the architect of <see cref="SearchOptions.Method"/>.</summary>
    public static Architect For(SearchOptions options, Supernet supernet, ArchitectureStep gradients) => options.Method switch
    {
        SearchMethod.DrNas => new DrNasArchitect(supernet, options, gradients),
        SearchMethod.Gdas => new GdasArchitect(supernet, options, gradients),
        _ => new DartsArchitect(supernet, options, gradients),
    };

    /// <summary>Called before each epoch's first step (GDAS anneals its temperature here).</summary>
    public virtual void OnEpochStarted(int epoch) { }

    /// <summary>One architecture update; no update when the gradient is not finite.</summary>
    public ArchitectureGradient Step(Batch train, Batch validation, double learningRate)
    {
        var result = Gradient(train, validation, learningRate);
        if (result.Gradients is not { } gradients) return result;
        for (var i = 0; i < _alphas.Length; i++) _alphas[i].grad = gradients[i];
        if (_gradientClip is double clip) nn.utils.clip_grad_norm_(_alphas, clip);
        Optimizer.step();
        return result;
    }

    protected abstract ArchitectureGradient Gradient(Batch train, Batch validation, double learningRate);

    public void Dispose() => Optimizer.Dispose();
}

/// <summary>A batch of images and their labels.</summary>
internal readonly record struct Batch(Tensor Images, Tensor Labels);

/// <summary>DARTS: softmax mixing, first-order or unrolled second-order gradient.</summary>
internal sealed class DartsArchitect(Supernet supernet, SearchOptions options, ArchitectureStep gradients)
    : Architect(supernet, options, gradients, MixingKind.Softmax)
{
    private readonly bool _secondOrder = options.SecondOrder;

    protected override ArchitectureGradient Gradient(Batch train, Batch validation, double learningRate) => _secondOrder
        ? Gradients.SecondOrder(train.Images, train.Labels, validation.Images, validation.Labels, learningRate)
        : Gradients.FirstOrder(validation.Images, validation.Labels);
}

/// <summary>
/// DrNAS: every forward pass mixes by a reparameterised Dirichlet(β) sample, β = ELU(α) + 1; the architecture loss
/// adds λ·Σ_edges KL(Dir(β) ‖ Dir(1)) unless the L2 regulariser (Adam's weight decay alone) is chosen.
/// </summary>
internal sealed class DrNasArchitect : Architect
{
    private readonly double _lambda;

    public DrNasArchitect(Supernet supernet, SearchOptions options, ArchitectureStep gradients)
        : base(supernet, options, gradients, MixingKind.Dirichlet)
    {
        _lambda = options.DrNasRegularizer == DrNasRegularizer.Kl ? options.DrNasRegularization : 0;
    }

    protected override ArchitectureGradient Gradient(Batch train, Batch validation, double learningRate) =>
        Gradients.FirstOrder(validation.Images, validation.Labels, _lambda == 0 ? null : () => KlToUniform(Supernet.Architecture.MixingScopes).mul(_lambda));

    /// <summary>Σ over scopes of KL(Dir(β) ‖ Dir(1)) on the operations in play, in closed form:
    /// ln Γ(Σβ) − Σ ln Γ(βᵢ) − ln Γ(K) + Σ (βᵢ − 1)(ψ(βᵢ) − ψ(Σβ)).</summary>
    internal static Tensor KlToUniform(IReadOnlyList<MixingScope> scopes)
    {
        Tensor? total = null;
        foreach (var scope in scopes)
        {
            var inPlay = Enumerable.Range(0, scope.Table.Count).Where(i => scope.Active[i]).Select(i => (long)i).ToArray();
            var beta = MixingScope.Concentration(scope.Alpha);
            if (inPlay.Length < scope.Table.Count) beta = beta.index_select(0, tensor(inPlay, device: beta.device));
            var sum = beta.sum();
            var kl = sum.lgamma() - beta.lgamma().sum() - lgamma(tensor((double)inPlay.Length, dtype: beta.dtype, device: beta.device))
                + beta.sub(1).mul(beta.digamma().sub(sum.digamma())).sum();
            total = total is null ? kl : total.add(kl);
        }
        return total ?? tensor(0f);
    }
}

/// <summary>GDAS: a straight-through Gumbel-softmax sample per edge and pass, τ annealed per epoch.</summary>
internal sealed class GdasArchitect(Supernet supernet, SearchOptions options, ArchitectureStep gradients)
    : Architect(supernet, options, gradients, MixingKind.StraightThroughGumbel)
{
    private readonly SearchOptions _options = options;

    public override void OnEpochStarted(int epoch) => Supernet.Architecture.Mixing.Temperature = _options.TemperatureAt(epoch);

    protected override ArchitectureGradient Gradient(Batch train, Batch validation, double learningRate) =>
        Gradients.FirstOrder(validation.Images, validation.Labels);
}
