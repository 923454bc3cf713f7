using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>
/// The 21 unary operations of the notebook's largest search space, in its order. Unbounded ones (exp, sinh,
/// cosh, x², x³) are clamped by <see cref="OperationGuard"/> while it is active.
/// </summary>
[OpSet]
public static partial class Unary
{
    /// <summary>x.</summary>
    [UnaryPrimitive(Symbol = "{0}", Derivative = nameof(IdentityDerivative),
        TorchSharp = "{0}",
        PyTorch = "{0}",
        Latex = "{0}")]
    public static Tensor Identity(Tensor x) => x;

    /// <summary>0 (DARTS' <c>none</c>): mixed operations skip computing it.</summary>
    [UnaryPrimitive(Symbol = "0", IsZero = true, Derivative = nameof(ZeroDerivative),
        TorchSharp = "zeros_like({0})",
        PyTorch = "torch.zeros_like({0})",
        Latex = "0")]
    public static Tensor Zero(Tensor x) => zeros_like(x);

    /// <summary>−x (the notebook's <c>Sign</c>, which computes x·−1).</summary>
    [UnaryPrimitive(Symbol = "-{0}", Derivative = nameof(NegateDerivative),
        TorchSharp = "{0}.neg()",
        PyTorch = "-{0}",
        Latex = "-{0}")]
    public static Tensor Negate(Tensor x) => x.neg();

    /// <summary>|x|.</summary>
    [UnaryPrimitive(Symbol = "|{0}|", Derivative = nameof(AbsDerivative),
        TorchSharp = "{0}.abs()",
        PyTorch = "torch.abs({0})",
        Latex = @"\left|{0}\right|")]
    public static Tensor Abs(Tensor x) => x.abs();

    /// <summary>x², guarded.</summary>
    [UnaryPrimitive(Symbol = "{0}^2", Derivative = nameof(SquareDerivative),
        TorchSharp = "{0}.clamp(-12.182493960703473, 12.182493960703473).square()",
        PyTorch = "torch.square(torch.clamp({0}, -12.182493960703473, 12.182493960703473))",
        Latex = "{0}^{2}")]
    public static Tensor Square(Tensor x) => OperationGuard.SquareInput(x).square();

    /// <summary>x³, guarded.</summary>
    [UnaryPrimitive(Symbol = "{0}^3", Derivative = nameof(CubeDerivative),
        TorchSharp = "{0}.clamp(-5.29449005047003, 5.29449005047003).pow(3)",
        PyTorch = "torch.pow(torch.clamp({0}, -5.29449005047003, 5.29449005047003), 3)",
        Latex = "{0}^{3}")]
    public static Tensor Cube(Tensor x) => OperationGuard.CubeInput(x).pow(3);

    /// <summary>eˣ, guarded.</summary>
    [UnaryPrimitive(Symbol = "exp({0})", Derivative = nameof(ExpDerivative),
        TorchSharp = "{0}.clamp_max(5.0).exp()",
        PyTorch = "torch.exp(torch.clamp({0}, max=5.0))",
        Latex = @"\exp\left({0}\right)")]
    public static Tensor Exp(Tensor x) => OperationGuard.ExponentInput(x).exp();

    /// <summary>sin x.</summary>
    [UnaryPrimitive(Symbol = "sin({0})", Derivative = nameof(SinDerivative),
        TorchSharp = "{0}.sin()",
        PyTorch = "torch.sin({0})",
        Latex = @"\sin\left({0}\right)")]
    public static Tensor Sin(Tensor x) => x.sin();

    /// <summary>cos x.</summary>
    [UnaryPrimitive(Symbol = "cos({0})", Derivative = nameof(CosDerivative),
        TorchSharp = "{0}.cos()",
        PyTorch = "torch.cos({0})",
        Latex = @"\cos\left({0}\right)")]
    public static Tensor Cos(Tensor x) => x.cos();

    /// <summary>sinh x, guarded.</summary>
    [UnaryPrimitive(Symbol = "sinh({0})", Derivative = nameof(SinhDerivative),
        TorchSharp = "{0}.clamp(-5.0, 5.0).sinh()",
        PyTorch = "torch.sinh(torch.clamp({0}, -5.0, 5.0))",
        Latex = @"\sinh\left({0}\right)")]
    public static Tensor Sinh(Tensor x) => OperationGuard.HyperbolicInput(x).sinh();

    /// <summary>cosh x, guarded.</summary>
    [UnaryPrimitive(Symbol = "cosh({0})", Derivative = nameof(CoshDerivative),
        TorchSharp = "{0}.clamp(-5.0, 5.0).cosh()",
        PyTorch = "torch.cosh(torch.clamp({0}, -5.0, 5.0))",
        Latex = @"\cosh\left({0}\right)")]
    public static Tensor Cosh(Tensor x) => OperationGuard.HyperbolicInput(x).cosh();

    /// <summary>tanh x.</summary>
    [UnaryPrimitive(Symbol = "tanh({0})", Derivative = nameof(TanhDerivative),
        TorchSharp = "{0}.tanh()",
        PyTorch = "torch.tanh({0})",
        Latex = @"\tanh\left({0}\right)")]
    public static Tensor Tanh(Tensor x) => x.tanh();

    /// <summary>asinh x, via <see cref="FastMath.Asinh"/> (libtorch's CPU asinh is not vectorised).</summary>
    [UnaryPrimitive(Symbol = "asinh({0})", Derivative = nameof(AsinhDerivative),
        TorchSharp = "{0}.asinh()",
        PyTorch = "torch.asinh({0})",
        Latex = @"\operatorname{asinh}\left({0}\right)")]
    public static Tensor Asinh(Tensor x) => FastMath.Asinh(x);

    /// <summary>atan x.</summary>
    [UnaryPrimitive(Symbol = "atan({0})", Derivative = nameof(AtanDerivative),
        TorchSharp = "{0}.atan()",
        PyTorch = "torch.atan({0})",
        Latex = @"\arctan\left({0}\right)")]
    public static Tensor Atan(Tensor x) => x.atan();

    /// <summary>sin(πx)/(πx), via <see cref="FastMath.Sinc"/>.</summary>
    [UnaryPrimitive(Symbol = "sinc({0})", Derivative = nameof(SincDerivative),
        TorchSharp = "({0} * 3.141592653589793).abs().clamp_min(1e-30).sin() / ({0} * 3.141592653589793).abs().clamp_min(1e-30)",
        PyTorch = "torch.sin(torch.clamp(torch.abs({0} * 3.141592653589793), min=1e-30)) / torch.clamp(torch.abs({0} * 3.141592653589793), min=1e-30)",
        Latex = @"\operatorname{sinc}\left({0}\right)")]
    public static Tensor Sinc(Tensor x) => FastMath.Sinc(x);

    /// <summary>
    /// max(x, 0) on the input's device without allocating zeros (the notebook compared with
    /// <c>zeros(...).cuda()</c>). relu computes the same values as <c>clamp_min(0)</c> with a one-kernel
    /// backward (about 2.5× cheaper on CPU); only the subgradient at exactly 0 differs (0 instead of 1).
    /// </summary>
    [UnaryPrimitive(Symbol = "max({0}, 0)", Derivative = nameof(Max0Derivative),
        TorchSharp = "{0}.relu()",
        PyTorch = "torch.relu({0})",
        Latex = @"\max\left({0}, 0\right)")]
    public static Tensor Max0(Tensor x) => x.relu();

    /// <summary>min(x, 0) on the input's device, as −relu(−x): clamp's backward measured 0.12 ms against relu's 0.02 ms.</summary>
    [UnaryPrimitive(Symbol = "min({0}, 0)", Derivative = nameof(Min0Derivative),
        TorchSharp = "{0}.neg().relu().neg()",
        PyTorch = "-torch.relu(-{0})",
        Latex = @"\min\left({0}, 0\right)")]
    public static Tensor Min0(Tensor x) => x.neg().relu().neg();

    /// <summary>σ(x) = 1/(1 + e⁻ˣ).</summary>
    [UnaryPrimitive(Symbol = "σ({0})", Derivative = nameof(SigmoidDerivative),
        TorchSharp = "{0}.sigmoid()",
        PyTorch = "torch.sigmoid({0})",
        Latex = @"\sigma\left({0}\right)")]
    public static Tensor Sigmoid(Tensor x) => x.sigmoid();

    /// <summary>log(1 + eˣ) (the notebook's <c>LogExp</c>), computed stably: x itself above 20.</summary>
    [UnaryPrimitive(Symbol = "log(1 + exp({0}))", Derivative = nameof(SoftplusDerivative),
        TorchSharp = "nn.functional.softplus({0})",
        PyTorch = "torch.nn.functional.softplus({0})",
        Latex = @"\log\left(1 + e^{{0}}\right)")]
    public static Tensor Softplus(Tensor x) => nn.functional.softplus(x);

    /// <summary>exp(−x²) (the notebook's <c>Exp2</c>); bounded, so unguarded.</summary>
    [UnaryPrimitive(Symbol = "exp(-{0}^2)", Derivative = nameof(GaussianDerivative),
        TorchSharp = "{0}.square().neg().exp()",
        PyTorch = "torch.exp(-torch.square({0}))",
        Latex = "e^{-{0}^{2}}")]
    public static Tensor Gaussian(Tensor x) => x.square().neg_().exp_();

    /// <summary>erf x.</summary>
    [UnaryPrimitive(Symbol = "erf({0})", Derivative = nameof(ErfDerivative),
        TorchSharp = "{0}.erf()",
        PyTorch = "torch.erf({0})",
        Latex = @"\operatorname{erf}\left({0}\right)")]
    public static Tensor Erf(Tensor x) => x.erf();
}
