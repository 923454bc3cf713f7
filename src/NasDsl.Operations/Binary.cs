using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>The seven binary operations of the notebook's largest search space, in its order.</summary>
[OpSet]
public static partial class Binary
{
    /// <summary>a + b.</summary>
    [BinaryPrimitive(Symbol = "{0} + {1}", Derivative = nameof(AddDerivative),
        TorchSharp = "{0} + {1}",
        PyTorch = "{0} + {1}",
        Latex = "{0} + {1}")]
    public static Tensor Add(Tensor a, Tensor b) => a + b;

    /// <summary>a − b.</summary>
    [BinaryPrimitive(Symbol = "{0} - {1}", Derivative = nameof(SubDerivative),
        TorchSharp = "{0} - {1}",
        PyTorch = "{0} - {1}",
        Latex = "{0} - {1}")]
    public static Tensor Sub(Tensor a, Tensor b) => a - b;

    /// <summary>a·b; the product is clamped by <see cref="OperationGuard"/> while it is active.</summary>
    [BinaryPrimitive(Symbol = "{0}·{1}", Derivative = nameof(MulDerivative),
        TorchSharp = "({0} * {1}).clamp(-148.4131591025766, 148.4131591025766)",
        PyTorch = "torch.clamp({0} * {1}, -148.4131591025766, 148.4131591025766)",
        Latex = @"{0} \cdot {1}")]
    public static Tensor Mul(Tensor a, Tensor b) => OperationGuard.Output(a * b);

    /// <summary>a/(b + 1e-10), as in the notebook; guarded against zero denominators and overflow.</summary>
    [BinaryPrimitive(Symbol = "{0} / {1}", Derivative = nameof(DivDerivative),
        TorchSharp = "({0}.clamp(-148.4131591025766, 148.4131591025766) / ({1} + 1e-10).abs().clamp_min(1e-10).copysign({1} + 1e-10)).clamp(-148.4131591025766, 148.4131591025766)",
        PyTorch = "torch.clamp(torch.clamp({0}, -148.4131591025766, 148.4131591025766) / torch.copysign(torch.clamp(torch.abs({1} + 1e-10), min=1e-10), {1} + 1e-10), -148.4131591025766, 148.4131591025766)",
        Latex = "{0} / {1}")]
    public static Tensor Div(Tensor a, Tensor b) => OperationGuard.Divide(a, b);

    /// <summary>min(a, b).</summary>
    [BinaryPrimitive(Symbol = "min({0}, {1})", Derivative = nameof(MinDerivative),
        TorchSharp = "minimum({0}, {1})",
        PyTorch = "torch.minimum({0}, {1})",
        Latex = @"\min\left({0}, {1}\right)")]
    public static Tensor Min(Tensor a, Tensor b) => minimum(a, b);

    /// <summary>max(a, b).</summary>
    [BinaryPrimitive(Symbol = "max({0}, {1})", Derivative = nameof(MaxDerivative),
        TorchSharp = "maximum({0}, {1})",
        PyTorch = "torch.maximum({0}, {1})",
        Latex = @"\max\left({0}, {1}\right)")]
    public static Tensor Max(Tensor a, Tensor b) => maximum(a, b);

    /// <summary>σ(a)·b, a gate.</summary>
    [BinaryPrimitive(Symbol = "σ({0})·{1}", Derivative = nameof(SigMulDerivative),
        TorchSharp = "{0}.sigmoid() * {1}",
        PyTorch = "torch.sigmoid({0}) * {1}",
        Latex = @"\sigma\left({0}\right) \cdot {1}")]
    public static Tensor SigMul(Tensor a, Tensor b) => a.sigmoid() * b;
}
