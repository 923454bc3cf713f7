using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace NasDsl;

/// <summary>
/// A searchable one-input edge: every candidate operation applied to the input, combined with the softmax of
/// the scope's alphas. Outputs are stacked and contracted with the weights in one matrix product, and
/// operations marked <c>IsZero</c> are not computed at all: their term is zero, and their alpha still gets
/// its gradient through the softmax normalisation.
/// </summary>
public sealed class MixedOp : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _alpha;
    private readonly Tensor _computed;
    private readonly Func<Tensor, Tensor>[] _candidates;
    private readonly string[] _candidateNames;

    /// <summary>Creates the mixed operation over <paramref name="table"/>, weighted by <paramref name="alpha"/>.</summary>
    public MixedOp(OpTable table, Parameter alpha, PrimitiveContext context) : base(context.NameFor(null))
    {
        if (table.Arity != 1) throw new ArgumentException($"Op set '{table.Name}' is binary; a one-input edge needs a unary op set.", nameof(table));
        Table = table;
        Path = context.Path;
        _alpha = alpha;
        var computed = new List<long>();
        var candidates = new List<Func<Tensor, Tensor>>();
        for (var i = 0; i < table.Count; i++)
        {
            var op = table[i];
            if (op.IsZero) continue;
            computed.Add(i);
            if (op.Factory is null)
            {
                candidates.Add(op.Unary!);
            }
            else
            {
                var module = op.CreateUnary(context);
                register_module(op.Name, module);
                candidates.Add(module.forward);
            }
        }
        _candidates = [.. candidates];
        _candidateNames = [.. computed.Select(i => table[(int)i].Name)];
        _computed = tensor(computed.ToArray(), device: context.Device);
        register_buffer("computed", _computed, persistent: false);
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
        return MixedCombination.Combine(weights, _candidates.Length, i => _candidates[i](input), input.shape);
    }
}

/// <summary>A searchable two-input edge; see <see cref="MixedOp"/>.</summary>
public sealed class MixedBinaryOp : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Parameter _alpha;
    private readonly Tensor _computed;
    private readonly Func<Tensor, Tensor, Tensor>[] _candidates;
    private readonly string[] _candidateNames;

    /// <summary>Creates the mixed operation over <paramref name="table"/>, weighted by <paramref name="alpha"/>.</summary>
    public MixedBinaryOp(OpTable table, Parameter alpha, PrimitiveContext context) : base(context.NameFor(null))
    {
        if (table.Arity != 2) throw new ArgumentException($"Op set '{table.Name}' is unary; a two-input edge needs a binary op set.", nameof(table));
        Table = table;
        Path = context.Path;
        _alpha = alpha;
        var computed = new List<long>();
        var candidates = new List<Func<Tensor, Tensor, Tensor>>();
        for (var i = 0; i < table.Count; i++)
        {
            var op = table[i];
            if (op.IsZero) continue;
            computed.Add(i);
            if (op.Factory is null)
            {
                candidates.Add(op.Binary!);
            }
            else
            {
                var module = op.CreateBinary(context);
                register_module(op.Name, module);
                candidates.Add(module.forward);
            }
        }
        _candidates = [.. candidates];
        _candidateNames = [.. computed.Select(i => table[(int)i].Name)];
        _computed = tensor(computed.ToArray(), device: context.Device);
        register_buffer("computed", _computed, persistent: false);
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
        return MixedCombination.Combine(weights, _candidates.Length, i => _candidates[i](a, b), shape);
    }
}

internal static class MixedCombination
{
    /// <summary>Σ wᵢ·opᵢ as one [1, k] × [k, n] matrix product over the stacked candidate outputs.</summary>
    public static Tensor Combine(Tensor weights, int count, Func<int, Tensor> candidate, long[] shape)
    {
        var outputs = new Tensor[count];
        for (var i = 0; i < count; i++)
        {
            var output = candidate(i);
            // Candidates may broadcast (a per-channel beta) or keep a smaller shape; the stack needs one shape.
            outputs[i] = output.shape.SequenceEqual(shape) ? output.reshape(-1) : output.expand(shape).reshape(-1);
        }
        var stacked = stack(outputs);
        return weights.unsqueeze(0).mm(stacked).view(shape);
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
