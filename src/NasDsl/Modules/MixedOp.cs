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

    /// <summary>Creates the mixed operation over <paramref name="table"/>, weighted by <paramref name="alpha"/>.</summary>
    public MixedOp(OpTable table, Parameter alpha, PrimitiveContext context) : base(context.NameFor(null))
    {
        if (table.Arity != 1) throw new ArgumentException($"Op set '{table.Name}' is binary; a one-input edge needs a unary op set.", nameof(table));
        Table = table;
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
        _computed = tensor(computed.ToArray(), device: context.Device);
        register_buffer("computed", _computed, persistent: false);
    }

    /// <summary>The candidate operations.</summary>
    public OpTable Table { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
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

    /// <summary>Creates the mixed operation over <paramref name="table"/>, weighted by <paramref name="alpha"/>.</summary>
    public MixedBinaryOp(OpTable table, Parameter alpha, PrimitiveContext context) : base(context.NameFor(null))
    {
        if (table.Arity != 2) throw new ArgumentException($"Op set '{table.Name}' is unary; a two-input edge needs a binary op set.", nameof(table));
        Table = table;
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
        _computed = tensor(computed.ToArray(), device: context.Device);
        register_buffer("computed", _computed, persistent: false);
    }

    /// <summary>The candidate operations.</summary>
    public OpTable Table { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor a, Tensor b)
    {
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
