using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Benchmarks.Levers;

/// <summary>
/// A timing prototype, not a product: the Rnn space's 21-op unary mixed edge as one autograd function whose
/// backward uses closed-form derivatives, most of them other candidates' outputs (sin' = cos, sinh' = cosh,
/// softplus' = σ, erf' ∝ exp(−x²), …). It shows what declared derivatives would buy; the runtime cannot do this
/// today because an op set carries no derivatives. Without the overflow guard, so only for inputs where the
/// guard does nothing (the benchmark checks the values against <see cref="MixedOp"/>).
/// </summary>
internal sealed class FusedUnaryPrototype : autograd.SingleTensorFunction<FusedUnaryPrototype>
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    public override string Name => "FusedUnaryMixedPrototype";

    /// <summary>vars: the input x and the softmax weights of the 20 computed candidates (Unary order, Zero left out).</summary>
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var w = (Tensor)vars[1];
        var sin = x.sin();
        var cos = x.cos();
        var exp = x.exp();
        var sinh = x.sinh();
        var cosh = x.cosh();
        var tanh = x.tanh();
        var sigmoid = x.sigmoid();
        var x2 = x.square();
        var gaussian = x2.neg().exp_();
        var px = x * Math.PI;
        var sinc = px.abs().clamp_min_(1e-30);
        sinc = sinc.sin().div_(sinc);
        Tensor[] outputs =
        [
            x, x.neg(), x.abs(), x2, x2 * x, exp, sin, cos, sinh, cosh, tanh, Operations.Unary.Asinh(x), x.atan(), sinc,
            x.clamp_min(0), x.clamp_max(0), sigmoid, nn.functional.softplus(x), gaussian, x.erf(),
        ];
        var stacked = stack(outputs.Select(o => o.reshape(-1)).ToArray());
        var y = w.unsqueeze(0).mm(stacked).view(x.shape);
        Tensor? derivative = null;
        if (x.requires_grad)
        {
            var one = ones_like(x);
            var x2p1 = x2 + 1;
            var sincSlope = (px.cos() - sinc) / x.masked_fill(x.eq(0), 1);
            Tensor[] d =
            [
                one, one.neg(), x.sign(), x * 2, x2 * 3, exp, cos, sin.neg(), cosh, sinh, 1 - tanh.square(), x2p1.rsqrt(), x2p1.reciprocal(),
                sincSlope, x.gt(0).to_type(x.dtype), x.lt(0).to_type(x.dtype), sigmoid * (1 - sigmoid), sigmoid, x * gaussian * -2, gaussian * TwoOverSqrtPi,
            ];
            derivative = w.unsqueeze(0).mm(stack(d.Select(o => o.reshape(-1)).ToArray())).view(x.shape);
        }
        ctx.save_for_backward([stacked, derivative!]);
        return y;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        var gradWeights = saved[0].mv(grad.reshape(-1));
        var gradInput = saved[1] is { IsInvalid: false } d ? grad * d : null;
        return [gradInput!, gradWeights];
    }
}
