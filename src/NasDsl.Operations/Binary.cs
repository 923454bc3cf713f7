using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>The seven binary operations of the notebook's largest search space, in its order.</summary>
[OpSet]
public static partial class Binary
{
    /// <summary>a + b.</summary>
    [BinaryPrimitive(Symbol = "{0} + {1}", Derivative = nameof(AddDerivative))]
    public static Tensor Add(Tensor a, Tensor b) => a + b;

    /// <summary>a − b.</summary>
    [BinaryPrimitive(Symbol = "{0} - {1}", Derivative = nameof(SubDerivative))]
    public static Tensor Sub(Tensor a, Tensor b) => a - b;

    /// <summary>a·b; the product is clamped by <see cref="OperationGuard"/> while it is active.</summary>
    [BinaryPrimitive(Symbol = "{0}·{1}", Derivative = nameof(MulDerivative))]
    public static Tensor Mul(Tensor a, Tensor b) => OperationGuard.Output(a * b);

    /// <summary>a/(b + 1e-10), as in the notebook; guarded against zero denominators and overflow.</summary>
    [BinaryPrimitive(Symbol = "{0} / {1}", Derivative = nameof(DivDerivative))]
    public static Tensor Div(Tensor a, Tensor b) => OperationGuard.Divide(a, b);

    /// <summary>min(a, b).</summary>
    [BinaryPrimitive(Symbol = "min({0}, {1})", Derivative = nameof(MinDerivative))]
    public static Tensor Min(Tensor a, Tensor b) => minimum(a, b);

    /// <summary>max(a, b).</summary>
    [BinaryPrimitive(Symbol = "max({0}, {1})", Derivative = nameof(MaxDerivative))]
    public static Tensor Max(Tensor a, Tensor b) => maximum(a, b);

    /// <summary>σ(a)·b, a gate.</summary>
    [BinaryPrimitive(Symbol = "σ({0})·{1}", Derivative = nameof(SigMulDerivative))]
    public static Tensor SigMul(Tensor a, Tensor b) => a.sigmoid() * b;
}
