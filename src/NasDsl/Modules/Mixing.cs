using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl;

/// <summary>How the mixed edges of a supernet turn a scope's alphas into the weights of their candidates.</summary>
public enum MixingKind
{
    /// <summary>DARTS: softmax(α) over the candidates still in play.</summary>
    Softmax,

    /// <summary>DrNAS: a reparameterised sample of Dirichlet(ELU(α) + 1), drawn at every forward pass.</summary>
    Dirichlet,

    /// <summary>GDAS: a Gumbel-softmax sample at temperature τ, made a hard one-hot by the straight-through
    /// estimator; only the sampled candidate is computed.</summary>
    StraightThroughGumbel,
}

/// <summary>
/// What every mixed edge of one supernet reads when it mixes: the kind of mixing, GDAS' temperature and the
/// search-time bound on candidate outputs. The search sets them; a fresh supernet mixes by softmax, unbounded.
/// </summary>
public sealed class MixingSettings
{
    /// <summary>The kind of mixing.</summary>
    public MixingKind Kind { get; set; } = MixingKind.Softmax;

    /// <summary>Gumbel-softmax temperature τ (GDAS only).</summary>
    public double Temperature { get; set; } = 1;

    /// <summary>When set, every candidate's output is clamped to ±this value before mixing (GRAFS' search-time
    /// bound); clamped elements pass no gradient. Discrete networks never see it.</summary>
    public double? OutputBound { get; set; }

    /// <summary>When true (the default), mixed edges whose candidates all declare derivative kernels run fused on
    /// CPU: one managed pass over the input and one autograd node per edge (see <see cref="PrimitiveAttribute.Derivative"/>).
    /// They are first order: a create_graph backward through one gives NaN gradients, so set this to false to
    /// differentiate through gradients (the search's second order takes finite differences and needs no such thing),
    /// or to compare with the generic path.</summary>
    public bool FusedEdges { get; set; } = true;

    /// <summary>When true, edges mix by the expected weights instead of sampling (one-shot evaluation).</summary>
    public bool UseExpectedWeights { get; set; }

    /// <summary>Increases whenever a candidate is dropped from any scope, so edges know to re-select.</summary>
    internal int Version { get; set; }
}

/// <summary>The weights one forward pass of a mixed edge combines its candidates with.</summary>
/// <param name="Weights">One weight per operation of the op set (0 for dropped ones).</param>
/// <param name="Chosen">The one operation to compute (GDAS), or null to compute every candidate in play.</param>
internal readonly record struct MixingDraw(Tensor Weights, int? Chosen);

/// <summary>
/// One scope's architecture weights: its alpha vector, which of its operations are still in play (progressive
/// shrinking drops them one by one), and how they are turned into mixing weights.
/// </summary>
public sealed class MixingScope
{
    private readonly bool[] _active;
    private Tensor? _dropMask;

    internal MixingScope(Parameter alpha, OpTable table, MixingSettings settings)
    {
        if (alpha.shape.Length != 1 || alpha.shape[0] != table.Count)
            throw new ArgumentException($"Op set '{table.Name}' has {table.Count} operations, but the alpha vector has shape [{string.Join(", ", alpha.shape)}].", nameof(alpha));
        Alpha = alpha;
        Table = table;
        Settings = settings;
        _active = Enumerable.Repeat(true, table.Count).ToArray();
    }

    /// <summary>The alpha vector.</summary>
    public Parameter Alpha { get; }

    /// <summary>The scope's operations.</summary>
    public OpTable Table { get; }

    /// <summary>The settings shared by every scope of the supernet.</summary>
    public MixingSettings Settings { get; }

    /// <summary>Whether each operation is still in play.</summary>
    public IReadOnlyList<bool> Active => _active;

    /// <summary>Operations still in play.</summary>
    public int ActiveCount => _active.Count(a => a);

    /// <summary>Takes operation <paramref name="op"/> out of play: it gets weight 0 and is no longer computed.</summary>
    /// <exception cref="InvalidOperationException">It is the last operation in play.</exception>
    public void Drop(int op)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(op);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(op, _active.Length);
        if (!_active[op]) return;
        if (ActiveCount == 1) throw new InvalidOperationException($"'{Table[op].Name}' is the last operation in play of its scope; it cannot be dropped.");
        _active[op] = false;
        _dropMask?.Dispose();
        _dropMask = null;
        Settings.Version++;
    }

    /// <summary>The expected mixing weights, for reports: softmax over the operations in play (DARTS, GDAS), or
    /// the Dirichlet mean β/Σβ (DrNAS). Dropped operations get 0.</summary>
    public float[] ExpectedWeights()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return Expected(Alpha.detach()).cpu().data<float>().ToArray();
    }

    /// <summary>The weights of one forward pass; sampled ones come from torch's global generator, which the
    /// search seeds and checkpoints.</summary>
    internal MixingDraw Draw()
    {
        if (Settings.UseExpectedWeights && Settings.Kind != MixingKind.Softmax) return new MixingDraw(Expected(Alpha), null);
        switch (Settings.Kind)
        {
            case MixingKind.Dirichlet:
            {
                // Dirichlet(β) as normalised Gamma(βᵢ, 1) samples: libtorch differentiates _standard_gamma with
                // respect to its concentration (the implicit reparameterisation gradient), so the sample
                // carries gradients to β and through ELU to α.
                var concentration = Concentration(Alpha);
                var gamma = _standard_gamma(concentration).clamp_min(float.Epsilon).mul(ActiveMask(concentration));
                return new MixingDraw(Normalized(gamma), null);
            }
            case MixingKind.StraightThroughGumbel:
            {
                var logProbabilities = Masked(Alpha).log_softmax(0);
                Tensor gumbel;
                // −log(E), E ~ Exponential(1); E can round to 0 or +∞, so draw again as GDAS does.
                do gumbel = empty_like(logProbabilities).exponential_().log_().neg_();
                while (!gumbel.isfinite().all().item<bool>());
                var probabilities = logProbabilities.add(gumbel).div(Settings.Temperature).softmax(0);
                var chosen = (int)probabilities.argmax().item<long>();
                // Straight through: the value is the one-hot of the sample, the gradient that of the probabilities.
                var hard = zeros_like(probabilities).index_fill_(0, tensor(new long[] { chosen }, device: probabilities.device), 1);
                return new MixingDraw(hard.sub(probabilities.detach()).add(probabilities), chosen);
            }
            default:
                return new MixingDraw(Masked(Alpha).softmax(0), null);
        }
    }

    /// <summary>The Dirichlet mean β/Σβ for DrNAS, softmax over the operations in play otherwise.</summary>
    private Tensor Expected(Tensor alpha) => Settings.Kind == MixingKind.Dirichlet
        ? Normalized(Concentration(alpha).mul(ActiveMask(alpha)))
        : Masked(alpha).softmax(0);

    /// <summary>DrNAS' concentration β = ELU(α) + 1, positive for every α.</summary>
    internal static Tensor Concentration(Tensor alpha) => nn.functional.elu(alpha, 1.0).add(1);

    private static Tensor Normalized(Tensor weights) => weights.div(weights.sum());

    /// <summary>α with dropped operations at −∞, so a softmax gives them exactly 0; α itself while none is dropped.</summary>
    private Tensor Masked(Tensor alpha) => ActiveCount == _active.Length ? alpha : alpha.masked_fill(DropMask(alpha.device), double.NegativeInfinity);

    private Tensor ActiveMask(Tensor like) => DropMask(like.device).logical_not().to(like.dtype);

    private Tensor DropMask(Device device)
    {
        if (_dropMask is null || _dropMask.device_type != device.type || _dropMask.device_index != device.index)
        {
            _dropMask?.Dispose();
            _dropMask = tensor(_active.Select(a => !a).ToArray(), device: device).DetachFromDisposeScope();
        }
        return _dropMask;
    }
}
