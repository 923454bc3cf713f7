using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>
/// Elementwise functions that libtorch's CPU build computes one element at a time (asinh, sinc), rebuilt
/// from vectorised kernels. Values and first derivatives match <c>torch.asinh</c>/<c>torch.sinc</c> to a
/// few ulp over the whole float range; sinc's derivative near zero is more accurate than torch's.
/// </summary>
/// <remarks>
/// Each function is a custom autograd function: the forward pass runs in-place kernels without recording a
/// graph, and the backward pass evaluates the closed-form derivative, so a training step pays for a handful of
/// kernels instead of one autograd node per arithmetic step. Derivatives are themselves differentiable
/// (<c>create_graph</c> works). Inputs that are not floating point are converted to the default dtype;
/// float16 and bfloat16 inputs are computed in float32, as torch's own kernels do.
/// </remarks>
public static class FastMath
{
    private const double Ln2 = 0.69314718055994530942;

    /// <summary>
    /// asinh(x), computed as sign(x)·log1p(|x| + x²/(1 + √(x²+1))), exact near 0, switching to log(2|x|)
    /// beyond 2^60 where x² would overflow and 1/(4x²) is below rounding.
    /// </summary>
    public static Tensor Asinh(Tensor x) => Apply(x, static t => AsinhFunction.apply(t), AsinhValue);

    /// <summary>
    /// sinc(x) = sin(πx)/(πx), 1 at 0. The derivative uses a Taylor series for |πx| below 0.5 (0.05 in
    /// float64), where (cos(πx) − sinc(x))/x cancels, so it is accurate and exactly 0 at 0.
    /// </summary>
    public static Tensor Sinc(Tensor x) => Apply(x, static t => SincFunction.apply(t), SincValue);

    /// <summary>Runs <paramref name="function"/> when a gradient is wanted, else just <paramref name="value"/>.</summary>
    private static Tensor Apply(Tensor x, Func<Tensor, Tensor> function, Func<Tensor, Tensor> value)
    {
        if (!x.is_floating_point()) x = x.to_type(get_default_dtype());
        // In half precision π·x rounds to whole units above 1000 and x² overflows above 256.
        if (x.dtype is ScalarType.Float16 or ScalarType.BFloat16) return Apply(x.to_type(ScalarType.Float32), function, value).to_type(x.dtype);
        return x.requires_grad && is_grad_enabled() ? function(x) : value(x);
    }

    internal static Tensor AsinhValue(Tensor x)
    {
        var t = x.abs();
        var clamped = t.clamp_max(1.152921504606846976e18);  // 2^60: its square fits float32
        // t²/(1 + √(t²+1)) is √(t²+1) − 1 without cancellation, so log1p keeps full precision near 0.
        var result = clamped.square();
        var denominator = result.add(1).sqrt_().add_(1);
        result.div_(denominator).add_(clamped).log1p_();
        // log(2t) ≤ asinh(t) everywhere and equals it (to rounding) beyond the split, where the clamped
        // branch stops growing; the maximum therefore picks the right branch without a mask.
        var large = t.log_().add_(Ln2);
        return result.maximum(large).mul_(x.sign());
    }

    internal static Tensor SincValue(Tensor x)
    {
        // sinc is even; a tiny floor on |πx| gives exactly sin(ε)/ε = 1 at 0 without a mask, and keeps NaN.
        var p = x.mul(Math.PI).abs_().clamp_min_(1e-30);
        return p.sin().div_(p);
    }

    /// <summary>
    /// d/dx sinc(x). With <paramref name="value"/> (sinc(x), first-order backward) nothing records a graph and
    /// the kernels work in place; without it the result is differentiable in x (create_graph).
    /// </summary>
    internal static Tensor SincDerivative(Tensor x, Tensor? value)
    {
        var threshold = x.dtype == ScalarType.Float64 ? 0.05 : 0.5;
        var p = x * Math.PI;
        var p2 = p.square();
        var nearZero = p2.lt(threshold * threshold);
        // d/dp sinc(p) = −p/3 + p³/30 − p⁵/840 + p⁷/45360 − …; the next term is below 1e-9 of the sum here.
        Tensor slope, series;
        if (value is not null)
        {
            slope = p.cos().sub_(value).div_(p);  // (cos p − sinc p)/p; NaN at 0 and imprecise near it, replaced
            series = p2.mul(1.0 / 45360).sub_(1.0 / 840).mul_(p2).add_(1.0 / 30).mul_(p2).sub_(1.0 / 3).mul_(p);
            return where(nearZero, series, slope).mul_(Math.PI);
        }
        // Differentiable: no in-place kernels, and no 0/0 even in the branch that where() discards.
        var safe = p.masked_fill(nearZero, 1.0);
        slope = (safe.cos() - safe.sin() / safe) / safe;
        series = p * (((p2 * (1.0 / 45360) - 1.0 / 840) * p2 + 1.0 / 30) * p2 - 1.0 / 3);
        return where(nearZero, series, slope) * Math.PI;
    }

    private sealed class AsinhFunction : autograd.SingleTensorFunction<AsinhFunction>
    {
        public override string Name => "FastAsinh";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward([x]);
            return AsinhValue(x);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var x = ctx.get_saved_variables()[0];
            // torch's own formula: x² overflows to inf only where 1/√(x²+1) is below 1e-19 anyway.
            var derivative = x.square().add_(1).rsqrt_();
            // Grad mode is on during backward only under create_graph; then the product must stay out of place.
            return [is_grad_enabled() ? grad_output * derivative : derivative.mul_(grad_output)];
        }
    }

    private sealed class SincFunction : autograd.SingleTensorFunction<SincFunction>
    {
        public override string Name => "FastSinc";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            var y = SincValue(x);
            // The detached output shares y's version counter, so an in-place change of y is still caught.
            ctx.save_for_backward([x, y.detach()]);
            return y;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            // Under create_graph (grad mode on during backward) the derivative must be differentiable in x,
            // so it recomputes sinc from x instead of using the detached output.
            return is_grad_enabled()
                ? [grad_output * SincDerivative(saved[0], null)]
                : [SincDerivative(saved[0], saved[1]).mul_(grad_output)];
        }
    }
}
