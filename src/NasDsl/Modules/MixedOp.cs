using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace NasDsl;

/// <summary>
/// A searchable one-input edge: the candidate operations still in play applied to the input, combined with the
/// scope's mixing weights (<see cref="MixingScope"/>: softmax(α) for DARTS, a Dirichlet sample for DrNAS).
/// Outputs are stacked and contracted with the weights in one matrix product, and operations marked
/// <c>IsZero</c> or dropped by progressive shrinking are not computed at all: their term is zero, and a Zero
/// operation's alpha still gets its gradient through the normalisation. Under GDAS only the sampled candidate
/// runs. Edges that read the same node with the same stateless op set compute the stacked outputs once between
/// them (see <see cref="SharedCandidates"/>). On CPU, when every candidate declares a derivative kernel, the
/// candidates run fused (<see cref="FusedCandidates"/>).
/// </summary>
public sealed class MixedOp : nn.Module<Tensor, Tensor>
{
    private readonly MixingScope _scope;
    private readonly Func<Tensor, Tensor>?[] _byOp;
    private readonly CandidateSelection _selection;
    private readonly SharedCandidates.Member? _shared;
    private readonly bool _fusable;

    /// <summary>Creates the mixed operation over <paramref name="table"/>, weighted by softmax(<paramref name="alpha"/>).</summary>
    public MixedOp(OpTable table, Parameter alpha, PrimitiveContext context) : this(table, new MixingScope(alpha, table, new MixingSettings()), context, null) { }

    /// <summary>As the public constructor, mixing by <paramref name="scope"/>; <paramref name="shared"/>
    /// (stateless tables only) lets edges on the same node share their candidate outputs.</summary>
    internal MixedOp(OpTable table, MixingScope scope, PrimitiveContext context, SharedCandidates? shared) : base(context.ModuleName)
    {
        if (table.Arity != 1) throw new ArgumentException($"Op set '{table.Name}' is binary; a one-input edge needs a unary op set.", nameof(table));
        Table = table;
        Path = context.Path;
        _scope = scope;
        _byOp = MixedCandidates.Collect(table, op => op.Unary!, op =>
        {
            var module = op.CreateUnary(context);
            register_module(op.Name, module);
            return module.forward;
        });
        _selection = new CandidateSelection(scope, context.Device);
        _shared = shared?.Join(table, _selection);
        _fusable = FusedCandidates.Supports(table);
    }

    /// <summary>The candidate operations.</summary>
    public OpTable Table { get; }

    /// <summary>The placement path of the edge, e.g. <c>Act.U1</c>.</summary>
    internal string Path { get; }

    /// <summary>The alpha vector this edge reads.</summary>
    internal Parameter Alpha => _scope.Alpha;

    /// <summary>Runs the candidates in play one by one and names the first whose output is not finite
    /// (divergence diagnosis; slow, never on the training path).</summary>
    internal string? FirstNonFiniteOutput(Tensor input) =>
        MixedDiagnostics.FirstNonFiniteOutput(Computed(), i => _byOp[i]!(input), Table);

    /// <summary>Names the first candidate in play whose gradient with respect to the input is not finite.</summary>
    internal string? FirstNonFiniteGradient(Tensor input) =>
        MixedDiagnostics.FirstNonFiniteGradient(Computed(), [input], (i, x) => _byOp[i]!(x[0]), Table);

    /// <summary>Sees every input while set; a divergence report uses it to replay the edges that a forward pass
    /// reached, in order (TorchSharp's hooks do not run for direct <c>forward</c> calls).</summary>
    internal Action<MixedOp, Tensor>? Inspector { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        Inspector?.Invoke(this, input);
        var (weights, chosen) = _scope.Draw();
        var bound = _scope.Settings.OutputBound;
        if (chosen is int k)
            return MixedCombination.OnlyChosen(weights, k, _byOp[k] is { } op ? () => op(input) : null, input.shape, input, bound, Describe(k));
        var selection = _shared?.Selection ?? _selection;
        var computed = selection.Indices;
        if (computed.Length == 0) return zeros_like(input);
        if (!selection.IsEveryOp) weights = weights.index_select(0, selection.IndexTensor);
        var shape = input.shape;
        if (_fusable && FusedCandidates.Applies(_scope.Settings, input))
        {
            var derivative = FusedCandidates.WantsDerivative(input);
            Tensor ComputeFused() => FusedCandidates.Unary(Table, computed, input, derivative, bound);
            var rows = _shared is { } group ? group.Stacked(input, null, ComputeFused) : ComputeFused();
            return FusedMixture.Apply(weights, rows, shape, input);
        }
        Tensor Compute() => MixedCombination.Stack(computed, i => _byOp[i]!(input), shape, bound, Describe);
        var stacked = _shared is { } shared ? shared.Stacked(input, null, Compute) : Compute();
        return MixedCombination.Contract(weights, stacked, shape);
    }

    private long[] Computed() => (_shared?.Selection ?? _selection).Indices;

    private string Describe(int op) => $"operation '{Table[op].Name}' of op set '{Table.Name}' on edge '{Path}'";
}

/// <summary>A searchable two-input edge; see <see cref="MixedOp"/>.</summary>
public sealed class MixedBinaryOp : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly MixingScope _scope;
    private readonly Func<Tensor, Tensor, Tensor>?[] _byOp;
    private readonly CandidateSelection _selection;
    private readonly SharedCandidates.Member? _shared;
    private readonly bool _fusable;

    /// <summary>Creates the mixed operation over <paramref name="table"/>, weighted by softmax(<paramref name="alpha"/>).</summary>
    public MixedBinaryOp(OpTable table, Parameter alpha, PrimitiveContext context) : this(table, new MixingScope(alpha, table, new MixingSettings()), context, null) { }

    /// <summary>As the public constructor, mixing by <paramref name="scope"/> and sharing candidate outputs as
    /// <see cref="MixedOp"/> does.</summary>
    internal MixedBinaryOp(OpTable table, MixingScope scope, PrimitiveContext context, SharedCandidates? shared) : base(context.ModuleName)
    {
        if (table.Arity != 2) throw new ArgumentException($"Op set '{table.Name}' is unary; a two-input edge needs a binary op set.", nameof(table));
        Table = table;
        Path = context.Path;
        _scope = scope;
        _byOp = MixedCandidates.Collect(table, op => op.Binary!, op =>
        {
            var module = op.CreateBinary(context);
            register_module(op.Name, module);
            return module.forward;
        });
        _selection = new CandidateSelection(scope, context.Device);
        _shared = shared?.Join(table, _selection);
        _fusable = FusedCandidates.Supports(table);
    }

    /// <summary>The candidate operations.</summary>
    public OpTable Table { get; }

    /// <summary>The placement path of the edge, e.g. <c>Act.B1</c>.</summary>
    internal string Path { get; }

    /// <summary>The alpha vector this edge reads.</summary>
    internal Parameter Alpha => _scope.Alpha;

    /// <summary>Runs the candidates in play one by one and names the first whose output is not finite.</summary>
    internal string? FirstNonFiniteOutput(Tensor a, Tensor b) =>
        MixedDiagnostics.FirstNonFiniteOutput(Computed(), i => _byOp[i]!(a, b), Table);

    /// <summary>Names the first candidate in play whose gradient with respect to either input is not finite.</summary>
    internal string? FirstNonFiniteGradient(Tensor a, Tensor b) =>
        MixedDiagnostics.FirstNonFiniteGradient(Computed(), [a, b], (i, x) => _byOp[i]!(x[0], x[1]), Table);

    /// <summary>Sees every pair of inputs while set; see <see cref="MixedOp.Inspector"/>.</summary>
    internal Action<MixedBinaryOp, Tensor, Tensor>? Inspector { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor a, Tensor b)
    {
        Inspector?.Invoke(this, a, b);
        var (weights, chosen) = _scope.Draw();
        var bound = _scope.Settings.OutputBound;
        var shape = broadcast_shapes(a.shape, b.shape).Shape;
        if (chosen is int k)
            return MixedCombination.OnlyChosen(weights, k, _byOp[k] is { } op ? () => op(a, b) : null, shape, a, bound, Describe(k));
        var selection = _shared?.Selection ?? _selection;
        var computed = selection.Indices;
        if (computed.Length == 0) return zeros(shape, dtype: a.dtype, device: a.device);
        if (!selection.IsEveryOp) weights = weights.index_select(0, selection.IndexTensor);
        if (_fusable && FusedCandidates.Applies(_scope.Settings, a, b))
        {
            var derivative = FusedCandidates.WantsDerivative(a, b);
            Tensor ComputeFused() => FusedCandidates.Binary(Table, computed, a, b, derivative, bound);
            var rows = _shared is { } group ? group.Stacked(a, b, ComputeFused) : ComputeFused();
            return FusedMixture.Apply(weights, rows, shape, a, b);
        }
        Tensor Compute() => MixedCombination.Stack(computed, i => _byOp[i]!(a, b), shape, bound, Describe);
        var stacked = _shared is { } shared ? shared.Stacked(a, b, Compute) : Compute();
        return MixedCombination.Contract(weights, stacked, shape);
    }

    private long[] Computed() => (_shared?.Selection ?? _selection).Indices;

    private string Describe(int op) => $"operation '{Table[op].Name}' of op set '{Table.Name}' on edge '{Path}'";
}

internal static class MixedCombination
{
    /// <summary>The outputs of the candidates <paramref name="indices"/> as the rows of one [k, n] matrix, each
    /// clamped to ±<paramref name="bound"/> when one is set.</summary>
    public static Tensor Stack(long[] indices, Func<int, Tensor> candidate, long[] shape, double? bound, Func<int, string> describe)
    {
        var outputs = new Tensor[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            var output = Bounded(candidate((int)indices[i]), bound);
            CheckShape(output, shape, describe((int)indices[i]));
            // Candidates may broadcast (a per-channel beta) or keep a smaller shape; the stack needs one shape.
            outputs[i] = output.shape.SequenceEqual(shape) ? output.reshape(-1) : output.expand(shape).reshape(-1);
        }
        return stack(outputs);
    }

    /// <summary>Σ wᵢ·opᵢ as one [1, k] × [k, n] matrix product over the stacked candidate outputs.</summary>
    public static Tensor Contract(Tensor weights, Tensor stacked, long[] shape) => weights.unsqueeze(0).mm(stacked).view(shape);

    /// <summary>
    /// GDAS' edge: h_k·op_k(x) + Σ_{i≠k} hᵢ, where h is the straight-through one-hot. Only op_k runs; the other
    /// terms are 0 in value but carry the gradient of their probabilities (NASLib's GDASMixedOp). A chosen
    /// Zero operation contributes nothing but that gradient.
    /// </summary>
    public static Tensor OnlyChosen(Tensor weights, int chosen, Func<Tensor>? op, long[] shape, Tensor like, double? bound, string description)
    {
        var chosenWeight = weights[chosen];
        var others = weights.sum().sub(chosenWeight);
        if (op is null) return zeros(shape, dtype: like.dtype, device: like.device).add(others);
        var output = Bounded(op(), bound);
        CheckShape(output, shape, description);
        if (!output.shape.SequenceEqual(shape)) output = output.expand(shape);
        return output.mul(chosenWeight).add(others);
    }

    /// <summary>
    /// A candidate must return the edge's shape, or one that broadcasts to it (a per-channel β): otherwise the
    /// mixture is undefined. Checked before libtorch's expand would fail with a message that names no operation;
    /// the first forward pass is the one that builds the supernet, so a bad primitive stops there.
    /// </summary>
    private static void CheckShape(Tensor output, long[] shape, string description)
    {
        var got = output.shape;
        var fits = got.Length <= shape.Length;
        for (var d = 1; fits && d <= got.Length; d++) fits = got[^d] == shape[^d] || got[^d] == 1;
        if (!fits)
            throw new InvalidOperationException(
                $"The {description} returns shape [{string.Join(", ", got)}] for input of shape [{string.Join(", ", shape)}]; " +
                "a mixed edge's candidates must return the shape of their input (or one that broadcasts to it).");
    }

    private static Tensor Bounded(Tensor output, double? bound) => bound is double b ? output.clamp(-b, b) : output;
}

/// <summary>
/// Which candidates of an edge are computed: the operations in play that are not <c>IsZero</c>, in op-set order.
/// Re-selected when progressive shrinking drops an operation anywhere in the supernet.
/// </summary>
internal sealed class CandidateSelection
{
    private readonly MixingScope _scope;
    private readonly Device _device;
    private readonly List<CandidateSelection> _union = [];
    private int _version = -1;
    private long[] _indices = [];
    private Tensor? _indexTensor;
    private bool _isEveryOp;

    public CandidateSelection(MixingScope scope, Device device)
    {
        _scope = scope;
        _device = device;
    }

    /// <summary>A selection over the same scope with no members yet.</summary>
    public CandidateSelection Clone() => new(_scope, _device);

    /// <summary>Makes this the selection of a group: the union of its members' own candidates.</summary>
    public void Unite(CandidateSelection member) => _union.Add(member);

    /// <summary>The op indices to compute.</summary>
    public long[] Indices
    {
        get
        {
            Refresh();
            return _indices;
        }
    }

    /// <summary>The op indices as a tensor on the edge's device, for selecting their weights.</summary>
    public Tensor IndexTensor
    {
        get
        {
            Refresh();
            return _indexTensor!;
        }
    }

    /// <summary>True when every operation of the op set is computed (no weight selection needed).</summary>
    public bool IsEveryOp
    {
        get
        {
            Refresh();
            return _isEveryOp;
        }
    }

    private IEnumerable<long> Own() =>
        Enumerable.Range(0, _scope.Table.Count).Where(i => _scope.Active[i] && !_scope.Table[i].IsZero).Select(i => (long)i);

    private void Refresh()
    {
        if (_version == _scope.Settings.Version) return;
        _version = _scope.Settings.Version;
        _indices = _union.Count == 0 ? Own().ToArray() : _union.SelectMany(m => m.Own()).Distinct().Order().ToArray();
        _isEveryOp = _indices.Length == _scope.Table.Count;
        // Selections change between steps only, after the previous step's graph is gone.
        _indexTensor?.Dispose();
        _indexTensor = tensor(_indices, device: _device).DetachFromDisposeScope();
    }
}

/// <summary>
/// Candidate outputs shared by the mixed edges that read the same node(s) with the same op set of stateless
/// operations, such as the Rnn cell's three unary edges on its input: the operations are pure functions of
/// the input, so one evaluation (and, in the backward pass, one backward through the operations) serves
/// every edge; only the weighting differs. The network builder groups edges by the probe tensors they are
/// built from; at run time an edge reuses the stacked outputs only when it receives the very tensor object(s)
/// they were computed from, in the same grad mode, and only once per computation, so a module called in an
/// unusual order recomputes instead of reusing outputs whose graph a backward pass may have freed.
/// </summary>
internal sealed class SharedCandidates
{
    private readonly List<Member> _members = [];
    private CandidateSelection? _selection;
    private OpTable? _table;
    private Tensor? _a;
    private Tensor? _b;
    private bool _grad;
    private Tensor? _stacked;
    private int _uses;

    /// <summary>Adds an edge over <paramref name="table"/> to the group; the group computes the union of its
    /// members' candidates in play, and each member weighs the rows it needs (a dropped one gets weight 0).</summary>
    public Member Join(OpTable table, CandidateSelection own)
    {
        if (_table is not null && !ReferenceEquals(_table, table))
            throw new InvalidOperationException($"Edges over '{_table.Name}' and '{table.Name}' cannot share candidate outputs.");
        _table = table;
        // The first member's scope tells when to re-select; every member's scope shares the supernet's settings.
        _selection ??= own.Clone();
        _selection.Unite(own);
        var member = new Member(this);
        _members.Add(member);
        return member;
    }

    private Tensor Stacked(Member member, Tensor a, Tensor? b, Func<Tensor> compute)
    {
        var grad = is_grad_enabled();
        if (_stacked is not null && ReferenceEquals(_a, a) && ReferenceEquals(_b, b) && _grad == grad && !member.Used)
        {
            member.Used = true;
            var reused = _stacked;
            if (++_uses == _members.Count) Clear();
            return reused;
        }
        var stacked = compute();
        Clear();
        if (_members.Count > 1)
        {
            (_a, _b, _grad, _stacked, _uses) = (a, b, grad, stacked, 1);
            member.Used = true;
        }
        return stacked;
    }

    // Forget the tensors (they belong to the caller's dispose scope) and let every member compute again.
    private void Clear()
    {
        (_a, _b, _stacked, _uses) = (null, null, null, 0);
        foreach (var m in _members) m.Used = false;
    }

    /// <summary>One edge's handle on the group.</summary>
    internal sealed class Member(SharedCandidates group)
    {
        internal bool Used { get; set; }

        /// <summary>The candidates the group computes.</summary>
        public CandidateSelection Selection => group._selection!;

        /// <summary>The stacked candidate outputs for input(s) <paramref name="a"/>, <paramref name="b"/>:
        /// reused from another edge of the group, or computed by <paramref name="compute"/>.</summary>
        public Tensor Stacked(Tensor a, Tensor? b, Func<Tensor> compute) => group.Stacked(this, a, b, compute);
    }
}

/// <summary>Candidate-by-candidate checks behind a divergence report. Tensors are created in the caller's
/// dispose scope.</summary>
internal static class MixedDiagnostics
{
    public static string? FirstNonFiniteOutput(long[] indices, Func<int, Tensor> candidate, OpTable table)
    {
        using var _ = no_grad();
        foreach (var i in indices)
        {
            if (!candidate((int)i).isfinite().all().item<bool>()) return table[(int)i].Name;
        }
        return null;
    }

    public static string? FirstNonFiniteGradient(long[] indices, Tensor[] inputs, Func<int, Tensor[], Tensor> candidate, OpTable table)
    {
        using var _ = enable_grad();
        foreach (var i in indices)
        {
            var leaves = inputs.Select(x => x.detach().clone().requires_grad_(true)).ToArray();
            var output = candidate((int)i, leaves);
            if (!output.requires_grad) continue;
            var gradients = autograd.grad([output.sum()], leaves, allow_unused: true);
            if (gradients.Any(g => g is not null && !g.isfinite().all().item<bool>())) return table[(int)i].Name;
        }
        return null;
    }
}

/// <summary>
/// The functions of a mixed edge's candidates by op index: stateless ones called directly, stateful ones built
/// as modules of the edge, none for operations marked <c>IsZero</c> (never computed).
/// </summary>
internal static class MixedCandidates
{
    public static TFunction?[] Collect<TFunction>(OpTable table, Func<OpInfo, TFunction> stateless, Func<OpInfo, TFunction> buildModule)
        where TFunction : class =>
        Enumerable.Range(0, table.Count)
            .Select(i => table[i].IsZero ? null : table[i].Factory is null ? stateless(table[i]) : buildModule(table[i]))
            .ToArray();
}
