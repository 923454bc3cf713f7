using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace NasDsl;

/// <summary>
/// A searchable one-input edge: every candidate operation applied to the input, combined with the softmax of
/// the scope's alphas. Outputs are stacked and contracted with the weights in one matrix product, and
/// operations marked <c>IsZero</c> are not computed at all: their term is zero, and their alpha still gets
/// its gradient through the softmax normalisation. Edges that read the same node with the same stateless op
/// set compute the stacked outputs once between them (see <see cref="SharedCandidates"/>).
/// </summary>
public sealed class MixedOp : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _alpha;
    private readonly Tensor _computed;
    private readonly Func<Tensor, Tensor>[] _candidates;
    private readonly string[] _candidateNames;
    private readonly SharedCandidates.Member? _shared;

    /// <summary>Creates the mixed operation over <paramref name="table"/>, weighted by <paramref name="alpha"/>.</summary>
    public MixedOp(OpTable table, Parameter alpha, PrimitiveContext context) : this(table, alpha, context, null) { }

    /// <summary>As the public constructor; <paramref name="shared"/> (stateless tables only) lets edges on the
    /// same node share their candidate outputs.</summary>
    internal MixedOp(OpTable table, Parameter alpha, PrimitiveContext context, SharedCandidates? shared) : base(context.NameFor(null))
    {
        if (table.Arity != 1) throw new ArgumentException($"Op set '{table.Name}' is binary; a one-input edge needs a unary op set.", nameof(table));
        Table = table;
        Path = context.Path;
        _alpha = alpha;
        var candidates = MixedCandidates<Func<Tensor, Tensor>>.Collect(table, op => op.Unary!, op =>
        {
            var module = op.CreateUnary(context);
            register_module(op.Name, module);
            return module.forward;
        });
        (_candidates, _candidateNames) = (candidates.Functions, candidates.Names);
        _computed = tensor(candidates.Indices, device: context.Device);
        register_buffer("computed", _computed, persistent: false);
        _shared = shared?.Join(table);
    }

    /// <summary>The candidate operations.</summary>
    public OpTable Table { get; }

    /// <summary>The placement path of the edge, e.g. <c>Act.U1</c>.</summary>
    internal string Path { get; }

    /// <summary>The alpha vector this edge reads.</summary>
    internal Parameter Alpha => _alpha;

    /// <summary>Runs the candidates one by one and names the first whose output is not finite (divergence
    /// diagnosis; slow, never on the training path).</summary>
    internal string? FirstNonFiniteOutput(Tensor input) =>
        MixedDiagnostics.FirstNonFiniteOutput(_candidateNames, i => _candidates[i](input));

    /// <summary>Names the first candidate whose gradient with respect to the input is not finite.</summary>
    internal string? FirstNonFiniteGradient(Tensor input) =>
        MixedDiagnostics.FirstNonFiniteGradient(_candidateNames, [input], (i, x) => _candidates[i](x[0]));

    /// <summary>Sees every input while set; a divergence report uses it to replay the edges that a forward pass
    /// reached, in order (TorchSharp's hooks do not run for direct <c>forward</c> calls).</summary>
    internal Action<MixedOp, Tensor>? Inspector { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        Inspector?.Invoke(this, input);
        var weights = _alpha.softmax(0);
        if (_candidates.Length == 0) return zeros_like(input);
        if (_candidates.Length < Table.Count) weights = weights.index_select(0, _computed);
        var shape = input.shape;
        var stacked = _shared is { } shared
            ? shared.Stacked(input, null, () => MixedCombination.Stack(_candidates.Length, i => _candidates[i](input), shape))
            : MixedCombination.Stack(_candidates.Length, i => _candidates[i](input), shape);
        return MixedCombination.Contract(weights, stacked, shape);
    }
}

/// <summary>A searchable two-input edge; see <see cref="MixedOp"/>.</summary>
public sealed class MixedBinaryOp : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Parameter _alpha;
    private readonly Tensor _computed;
    private readonly Func<Tensor, Tensor, Tensor>[] _candidates;
    private readonly string[] _candidateNames;
    private readonly SharedCandidates.Member? _shared;

    /// <summary>Creates the mixed operation over <paramref name="table"/>, weighted by <paramref name="alpha"/>.</summary>
    public MixedBinaryOp(OpTable table, Parameter alpha, PrimitiveContext context) : this(table, alpha, context, null) { }

    /// <summary>As the public constructor, sharing candidate outputs as <see cref="MixedOp"/> does.</summary>
    internal MixedBinaryOp(OpTable table, Parameter alpha, PrimitiveContext context, SharedCandidates? shared) : base(context.NameFor(null))
    {
        if (table.Arity != 2) throw new ArgumentException($"Op set '{table.Name}' is unary; a two-input edge needs a binary op set.", nameof(table));
        Table = table;
        Path = context.Path;
        _alpha = alpha;
        var candidates = MixedCandidates<Func<Tensor, Tensor, Tensor>>.Collect(table, op => op.Binary!, op =>
        {
            var module = op.CreateBinary(context);
            register_module(op.Name, module);
            return module.forward;
        });
        (_candidates, _candidateNames) = (candidates.Functions, candidates.Names);
        _computed = tensor(candidates.Indices, device: context.Device);
        register_buffer("computed", _computed, persistent: false);
        _shared = shared?.Join(table);
    }

    /// <summary>The candidate operations.</summary>
    public OpTable Table { get; }

    /// <summary>The placement path of the edge, e.g. <c>Act.B1</c>.</summary>
    internal string Path { get; }

    /// <summary>The alpha vector this edge reads.</summary>
    internal Parameter Alpha => _alpha;

    /// <summary>Runs the candidates one by one and names the first whose output is not finite.</summary>
    internal string? FirstNonFiniteOutput(Tensor a, Tensor b) =>
        MixedDiagnostics.FirstNonFiniteOutput(_candidateNames, i => _candidates[i](a, b));

    /// <summary>Names the first candidate whose gradient with respect to either input is not finite.</summary>
    internal string? FirstNonFiniteGradient(Tensor a, Tensor b) =>
        MixedDiagnostics.FirstNonFiniteGradient(_candidateNames, [a, b], (i, x) => _candidates[i](x[0], x[1]));

    /// <summary>Sees every pair of inputs while set; see <see cref="MixedOp.Inspector"/>.</summary>
    internal Action<MixedBinaryOp, Tensor, Tensor>? Inspector { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor a, Tensor b)
    {
        Inspector?.Invoke(this, a, b);
        var weights = _alpha.softmax(0);
        var shape = broadcast_shapes(a.shape, b.shape).Shape;
        if (_candidates.Length == 0) return zeros(shape, dtype: a.dtype, device: a.device);
        if (_candidates.Length < Table.Count) weights = weights.index_select(0, _computed);
        var stacked = _shared is { } shared
            ? shared.Stacked(a, b, () => MixedCombination.Stack(_candidates.Length, i => _candidates[i](a, b), shape))
            : MixedCombination.Stack(_candidates.Length, i => _candidates[i](a, b), shape);
        return MixedCombination.Contract(weights, stacked, shape);
    }
}

internal static class MixedCombination
{
    /// <summary>The candidate outputs as the rows of one [k, n] matrix.</summary>
    public static Tensor Stack(int count, Func<int, Tensor> candidate, long[] shape)
    {
        var outputs = new Tensor[count];
        for (var i = 0; i < count; i++)
        {
            var output = candidate(i);
            // Candidates may broadcast (a per-channel beta) or keep a smaller shape; the stack needs one shape.
            outputs[i] = output.shape.SequenceEqual(shape) ? output.reshape(-1) : output.expand(shape).reshape(-1);
        }
        return stack(outputs);
    }

    /// <summary>Σ wᵢ·opᵢ as one [1, k] × [k, n] matrix product over the stacked candidate outputs.</summary>
    public static Tensor Contract(Tensor weights, Tensor stacked, long[] shape) => weights.unsqueeze(0).mm(stacked).view(shape);
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
    private OpTable? _table;
    private Tensor? _a;
    private Tensor? _b;
    private bool _grad;
    private Tensor? _stacked;
    private int _uses;

    /// <summary>Adds an edge over <paramref name="table"/> to the group.</summary>
    public Member Join(OpTable table)
    {
        if (_table is not null && !ReferenceEquals(_table, table))
            throw new InvalidOperationException($"Edges over '{_table.Name}' and '{table.Name}' cannot share candidate outputs.");
        _table = table;
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

        /// <summary>The stacked candidate outputs for input(s) <paramref name="a"/>, <paramref name="b"/>:
        /// reused from another edge of the group, or computed by <paramref name="compute"/>.</summary>
        public Tensor Stacked(Tensor a, Tensor? b, Func<Tensor> compute) => group.Stacked(this, a, b, compute);
    }
}

/// <summary>Candidate-by-candidate checks behind a divergence report. Tensors are created in the caller's
/// dispose scope.</summary>
internal static class MixedDiagnostics
{
    public static string? FirstNonFiniteOutput(string[] names, Func<int, Tensor> candidate)
    {
        using var _ = no_grad();
        for (var i = 0; i < names.Length; i++)
        {
            if (!candidate(i).isfinite().all().item<bool>()) return names[i];
        }
        return null;
    }

    public static string? FirstNonFiniteGradient(string[] names, Tensor[] inputs, Func<int, Tensor[], Tensor> candidate)
    {
        using var _ = enable_grad();
        for (var i = 0; i < names.Length; i++)
        {
            var leaves = inputs.Select(x => x.detach().clone().requires_grad_(true)).ToArray();
            var output = candidate(i, leaves);
            if (!output.requires_grad) continue;
            var gradients = autograd.grad([output.sum()], leaves, allow_unused: true);
            if (gradients.Any(g => g is not null && !g.isfinite().all().item<bool>())) return names[i];
        }
        return null;
    }
}

/// <summary>
/// The candidates a mixed edge computes: every operation but those marked <c>IsZero</c>, stateless ones called
/// directly, stateful ones built as modules of the edge.
/// </summary>
internal sealed record MixedCandidates<TFunction>(TFunction[] Functions, string[] Names, long[] Indices)
{
    public static MixedCandidates<TFunction> Collect(OpTable table, Func<OpInfo, TFunction> stateless, Func<OpInfo, TFunction> buildModule)
    {
        var computed = Enumerable.Range(0, table.Count).Where(i => !table[i].IsZero).ToArray();
        return new MixedCandidates<TFunction>(
            computed.Select(i => table[i].Factory is null ? stateless(table[i]) : buildModule(table[i])).ToArray(),
            computed.Select(i => table[i].Name).ToArray(),
            computed.Select(i => (long)i).ToArray());
    }
}
