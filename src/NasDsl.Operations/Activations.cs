using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>The notebook's simple search space: four standard activations.</summary>
[OpSet]
public static partial class Activations
{
    /// <summary>max(x, 0).</summary>
    [UnaryPrimitive(Symbol = "relu({0})", Derivative = nameof(ReluDerivative),
        TorchSharp = "nn.functional.relu({0})",
        PyTorch = "torch.nn.functional.relu({0})",
        Latex = @"\operatorname{relu}\left({0}\right)")]
    public static Tensor Relu(Tensor x) => nn.functional.relu(x);

    /// <summary>x·relu6(x + 3)/6.</summary>
    [UnaryPrimitive(Symbol = "hardswish({0})", Derivative = nameof(HardswishDerivative),
        TorchSharp = "nn.functional.hardswish({0})",
        PyTorch = "torch.nn.functional.hardswish({0})",
        Latex = @"\operatorname{hardswish}\left({0}\right)")]
    public static Tensor Hardswish(Tensor x) => nn.functional.hardswish(x);

    /// <summary>max(x, 0.01·x), PyTorch's default slope.</summary>
    [UnaryPrimitive(Symbol = "leaky_relu({0})", Derivative = nameof(LeakyReluDerivative),
        TorchSharp = "nn.functional.leaky_relu({0}, 0.01)",
        PyTorch = "torch.nn.functional.leaky_relu({0}, 0.01)",
        Latex = @"\operatorname{leaky\_relu}\left({0}\right)")]
    public static Tensor LeakyRelu(Tensor x) => nn.functional.leaky_relu(x, 0.01);

    /// <summary>x.</summary>
    [UnaryPrimitive(Symbol = "{0}", Derivative = nameof(IdentityDerivative),
        TorchSharp = "{0}",
        PyTorch = "{0}",
        Latex = "{0}")]
    public static Tensor Identity(Tensor x) => x;
}
