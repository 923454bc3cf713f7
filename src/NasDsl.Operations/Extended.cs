using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>
/// The unary operations the notebook lists but comments out, made defined for every real input, and its
/// parametric ones (a learnable β per channel, initialised to ones).
/// </summary>
[OpSet]
public static partial class Extended
{
    /// <summary>The ε of <see cref="Sqrt"/>: it bounds the slope at 0 by 1/(2√ε) = 500.</summary>
    public const double SqrtEpsilon = 1e-6;

    /// <summary>The ε of <see cref="Log"/>, as in the notebook: log 0 becomes log 1e-10 ≈ −23.</summary>
    public const double LogEpsilon = 1e-10;

    /// <summary>
    /// Signed square root, sign(x)·(√(|x| + ε) − √ε) with ε = 1e-6 (the notebook's <c>Power(0.5)</c> is NaN
    /// below 0). Odd and continuous, 0 at 0, within 1e-3 of sign(x)·√|x|, and its slope is finite everywhere
    /// (500 at 0, from both sides).
    /// </summary>
    [UnaryPrimitive(Symbol = "sqrt({0})", Derivative = nameof(SqrtDerivative),
        TorchSharp = "{0} / (({0}.abs() + 1e-06).sqrt() + 0.001)",
        PyTorch = "{0} / (torch.sqrt(torch.abs({0}) + 1e-06) + 0.001)",
        Latex = @"\sqrt{{0}}")]
    public static Tensor Sqrt(Tensor x) =>
        // The same function written without the cancellation of √(|x|+ε) − √ε, so 0 maps to exactly 0.
        x / ((x.abs() + SqrtEpsilon).sqrt() + Math.Sqrt(SqrtEpsilon));

    /// <summary>
    /// log(|x| + 1e-10) (the notebook's <c>Log</c> is log(x + 1e-10), NaN below −1e-10). Even, ≥ −23, with a
    /// finite slope ±1/(|x| + 1e-10) (0 at exactly 0, the symmetric choice).
    /// </summary>
    [UnaryPrimitive(Symbol = "log(|{0}|)", Derivative = nameof(LogDerivative),
        TorchSharp = "{0}.abs().add(1e-10).log()",
        PyTorch = "torch.log(torch.abs({0}) + 1e-10)",
        Latex = @"\log\left|{0}\right|")]
    public static Tensor Log(Tensor x) => x.abs().add(LogEpsilon).log();

    /// <summary>
    /// acosh(1 + x²), computed as 2·asinh(|x|/√2) (the same function, without acosh's infinite slope at 1).
    /// The notebook's acosh(x) is NaN below 1; this version is even, 0 at 0, ≈ 2·ln|x| + ln 2 for large |x|,
    /// and its slope is bounded by √2.
    /// </summary>
    [UnaryPrimitive(Symbol = "acosh(1 + {0}^2)", Derivative = nameof(AcoshDerivative),
        TorchSharp = "({0}.abs() * 0.7071067811865476).asinh() * 2",
        PyTorch = "torch.asinh(torch.abs({0}) * 0.7071067811865476) * 2",
        Latex = @"\operatorname{arcosh}\left(1 + {0}^{2}\right)")]
    public static Tensor Acosh(Tensor x) => FastMath.Asinh(x.abs() * Math.Sqrt(0.5)) * 2;

    /// <summary>x·β, β learnable per channel.</summary>
    [UnaryPrimitive(Symbol = "{0}·β",
        TorchSharp = "{0} * {β}",
        PyTorch = "{0} * {β}",
        Latex = @"{0} \cdot \beta")]
    public sealed class BetaMul : Primitive
    {
        private readonly Parameter _beta;

        /// <summary>Creates β = 1 with one value per channel of the input.</summary>
        public BetaMul(PrimitiveContext context) : base(context)
        {
            _beta = PerChannel.Beta(context);
            register_parameter("beta", _beta);
        }

        /// <inheritdoc />
        public override Tensor forward(Tensor input) => input * _beta;
    }

    /// <summary>x + β, β learnable per channel.</summary>
    [UnaryPrimitive(Symbol = "{0} + β",
        TorchSharp = "{0} + {β}",
        PyTorch = "{0} + {β}",
        Latex = @"{0} + \beta")]
    public sealed class BetaAdd : Primitive
    {
        private readonly Parameter _beta;

        /// <summary>Creates β = 1 with one value per channel of the input.</summary>
        public BetaAdd(PrimitiveContext context) : base(context)
        {
            _beta = PerChannel.Beta(context);
            register_parameter("beta", _beta);
        }

        /// <inheritdoc />
        public override Tensor forward(Tensor input) => input + _beta;
    }

    /// <summary>β, learnable per channel, broadcast to the input's shape (the input only sets the shape).</summary>
    [UnaryPrimitive(Symbol = "β",
        TorchSharp = "{β}.expand_as({0})",
        PyTorch = "{β}.expand_as({0})",
        Latex = @"\beta")]
    public sealed class Beta : Primitive
    {
        private readonly Parameter _beta;

        /// <summary>Creates β = 1 with one value per channel of the input.</summary>
        public Beta(PrimitiveContext context) : base(context)
        {
            _beta = PerChannel.Beta(context);
            register_parameter("beta", _beta);
        }

        /// <inheritdoc />
        public override Tensor forward(Tensor input) => _beta.expand_as(input);
    }
}
