using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>The notebook's simple search space: four standard activations.</summary>
[OpSet]
public static partial class Activations
{
    /// <summary>max(x, 0).</summary>
    [UnaryPrimitive(Symbol = "relu({0})", Derivative = nameof(ReluDerivative))]
    public static Tensor Relu(Tensor x) => nn.functional.relu(x);

    /// <summary>x·relu6(x + 3)/6.</summary>
    [UnaryPrimitive(Symbol = "hardswish({0})", Derivative = nameof(HardswishDerivative))]
    public static Tensor Hardswish(Tensor x) => nn.functional.hardswish(x);

    /// <summary>max(x, 0.01·x), PyTorch's default slope.</summary>
    [UnaryPrimitive(Symbol = "leaky_relu({0})", Derivative = nameof(LeakyReluDerivative))]
    public static Tensor LeakyRelu(Tensor x) => nn.functional.leaky_relu(x, 0.01);

    /// <summary>x.</summary>
    [UnaryPrimitive(Symbol = "{0}", Derivative = nameof(IdentityDerivative))]
    public static Tensor Identity(Tensor x) => x;
}
