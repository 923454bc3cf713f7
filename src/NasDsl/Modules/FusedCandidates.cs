using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl;

/// <summary>
/// The fused CPU path of a mixed edge whose candidates all declare derivative kernels
/// (<see cref="PrimitiveAttribute.Derivative"/>): one managed pass over the input computes every candidate in play
/// and, when a gradient is wanted, its derivative, block by block so the input stays in cache, into one [rows, n]
/// tensor (values, then derivatives); <see cref="FusedMixture"/> weighs it as one autograd node. That replaces one
/// libtorch call, guard clamp and autograd node per candidate. Values and gradients equal the generic path within
/// float rounding; the derivatives are first order (the search's second order takes finite differences).
/// </summary>
internal static class FusedCandidates
{
    // 2,048 floats (8 KiB) of each operand stay in L1 while every candidate runs over them.
    private const int BlockLength = 2048;

    /// <summary>True when every candidate of <paramref name="table"/> that is computed declares a kernel.</summary>
    public static bool Supports(OpTable table) =>
        table.Ops.All(o => o.IsZero || (!o.IsParametric && (table.Arity == 1 ? o.UnaryDerivative is not null : o.BinaryDerivative is not null)));

    /// <summary>True when this call can run fused: float32 CPU inputs of one shape, fused edges switched on.</summary>
    public static bool Applies(MixingSettings settings, Tensor a, Tensor? b = null) =>
        settings.FusedEdges && IsFusable(a) && (b is null || (IsFusable(b) && a.shape.SequenceEqual(b.shape)));

    private static bool IsFusable(Tensor t) => t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32 && t.numel() <= int.MaxValue / 4;

    /// <summary>Whether the fused node must also compute derivatives.</summary>
    public static bool WantsDerivative(Tensor a, Tensor? b = null) => is_grad_enabled() && (a.requires_grad || b?.requires_grad == true);

    /// <summary>Rows: the values of <paramref name="indices"/> in order, then (if <paramref name="derivative"/>) their
    /// derivatives; each value clamped to ±<paramref name="bound"/> when set, with derivative 0 where it clamps.</summary>
    public static Tensor Unary(OpTable table, long[] indices, Tensor x, bool derivative, double? bound)
    {
        using var _ = no_grad();
        x = x.contiguous();
        var n = (int)x.numel();
        var k = indices.Length;
        var rows = empty([derivative ? 2L * k : k, n], dtype: ScalarType.Float32);
        var kernels = indices.Select(i => table[(int)i].UnaryDerivative!).ToArray();
        var input = MemoryMarshal.Cast<byte, float>(x.bytes);
        var output = MemoryMarshal.Cast<byte, float>(rows.bytes);
        var limit = bound is double l ? (float)l : float.PositiveInfinity;
        for (var start = 0; start < n; start += BlockLength)
        {
            var length = Math.Min(BlockLength, n - start);
            var block = input.Slice(start, length);
            for (var c = 0; c < k; c++)
            {
                var value = output.Slice(c * n + start, length);
                var slope = derivative ? output.Slice((k + c) * n + start, length) : Span<float>.Empty;
                kernels[c](block, value, slope);
                if (bound is not null) Bound(value, slope, limit);
            }
        }
        return rows;
    }

    /// <summary>As <see cref="Unary"/> for two inputs of one shape: values, then ∂/∂a, then ∂/∂b rows.</summary>
    public static Tensor Binary(OpTable table, long[] indices, Tensor a, Tensor b, bool derivative, double? bound)
    {
        using var _ = no_grad();
        a = a.contiguous();
        b = b.contiguous();
        var n = (int)a.numel();
        var k = indices.Length;
        var rows = empty([derivative ? 3L * k : k, n], dtype: ScalarType.Float32);
        var kernels = indices.Select(i => table[(int)i].BinaryDerivative!).ToArray();
        var left = MemoryMarshal.Cast<byte, float>(a.bytes);
        var right = MemoryMarshal.Cast<byte, float>(b.bytes);
        var output = MemoryMarshal.Cast<byte, float>(rows.bytes);
        var limit = bound is double l ? (float)l : float.PositiveInfinity;
        for (var start = 0; start < n; start += BlockLength)
        {
            var length = Math.Min(BlockLength, n - start);
            var blockA = left.Slice(start, length);
            var blockB = right.Slice(start, length);
            for (var c = 0; c < k; c++)
            {
                var value = output.Slice(c * n + start, length);
                var slopeA = derivative ? output.Slice((k + c) * n + start, length) : Span<float>.Empty;
                var slopeB = derivative ? output.Slice((2 * k + c) * n + start, length) : Span<float>.Empty;
                kernels[c](blockA, blockB, value, slopeA, slopeB);
                if (bound is not null)
                {
                    if (derivative) Bound(value, slopeB, limit, clampValue: false);
                    Bound(value, slopeA, limit);
                }
            }
        }
        return rows;
    }

    /// <summary>The search-time output bound: zero the derivative where |value| &gt; limit (torch's clamp passes the
    /// gradient at the bound itself), then clamp the value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Bound(Span<float> value, Span<float> derivative, float limit, bool clampValue = true)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var high = new Vector<float>(limit);
            var low = -high;
            for (; i <= value.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(value[i..]);
                if (!derivative.IsEmpty)
                    Vector.ConditionalSelect(Vector.LessThanOrEqual(Vector.Abs(v), high), new Vector<float>(derivative[i..]), Vector<float>.Zero).CopyTo(derivative[i..]);
                if (clampValue) Vector.Min(Vector.Max(v, low), high).CopyTo(value[i..]);
            }
        }
        for (; i < value.Length; i++)
        {
            if (!derivative.IsEmpty && !(MathF.Abs(value[i]) <= limit)) derivative[i] = 0;
            if (clampValue) value[i] = Math.Clamp(value[i], -limit, limit);
        }
    }
}

/// <summary>
/// Σ wᵢ·candidateᵢ over the rows of <see cref="FusedCandidates"/> as one autograd node. Backward: ∂/∂w = the rows'
/// dot products with the incoming gradient, ∂/∂input = (Σ wᵢ·derivativeᵢ)·gradient for each input. Only first order:
/// a create_graph backward through it returns NaN gradients, loudly wrong rather than silently missing the second
/// derivative (an exception cannot cross libtorch's backward callback; it would end the process).
/// </summary>
internal sealed class FusedMixture : autograd.SingleTensorFunction<FusedMixture>
{
    public override string Name => "FusedMixedEdge";

    /// <summary>vars: weights [k], rows [k or (1 + inputs)·k, n], the inputs (1 or 2, for their gradients), the output shape.</summary>
    public static Tensor Apply(Tensor weights, Tensor rows, long[] shape, Tensor a, Tensor? b = null) =>
        b is null ? apply(weights, a, rows, shape) : apply(weights, a, b, rows, shape);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var weights = (Tensor)vars[0];
        var inputs = vars.Length == 5 ? 2 : 1;
        var rows = (Tensor)vars[1 + inputs];
        var shape = (long[])vars[2 + inputs];
        var k = weights.shape[0];
        ctx.save_for_backward([weights, rows]);
        ctx.save_data("inputs", inputs);
        // The weight step holds the alphas constant: then the weights need no gradient, and its k dot products over
        // the rows (the largest part of this node's backward) are skipped.
        ctx.save_data("weightsNeedGradient", weights.requires_grad);
        return weights.unsqueeze(0).mm(rows.narrow(0, 0, k)).view(shape);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var (weights, rows) = (saved[0], saved[1]);
        var inputs = (int)ctx.get_data("inputs");
        var k = weights.shape[0];
        // Grad mode is on during backward only under create_graph (see MixingSettings.FusedEdges).
        if (is_grad_enabled()) grad_output = full_like(grad_output, float.NaN);
        var gradient = grad_output.reshape(-1);
        var gradWeights = (bool)ctx.get_data("weightsNeedGradient") ? rows.narrow(0, 0, k).mv(gradient) : null;
        var hasDerivatives = rows.shape[0] > k;
        Tensor? InputGradient(int input) =>
            hasDerivatives ? weights.unsqueeze(0).mm(rows.narrow(0, (1 + input) * k, k)).view(grad_output.shape).mul_(grad_output) : null;
        return inputs == 1
            ? [gradWeights!, InputGradient(0)!, null!, null!]
            : [gradWeights!, InputGradient(0)!, InputGradient(1)!, null!, null!];
    }
}
