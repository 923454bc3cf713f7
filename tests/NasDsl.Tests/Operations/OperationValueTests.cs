using NasDsl.Operations;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Operations;

/// <summary>Each stateless operation against its formula evaluated in doubles, on fixed inputs.</summary>
public class OperationValueTests
{
    private static readonly double[] Inputs = [-3.5, -2, -1, -0.75, -0.1, 0, 0.1, 0.5, 1, 2, 3.5];
    private static readonly double[] Others = [1.5, -0.5, 2, 0.25, -3, 1, 0, -2, 0.75, 5, -1.25];

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Erf(double x)
    {
        // Abramowitz–Stegun 7.1.26 is too coarse for a 1e-12 check; sum the Maclaurin series instead (|x| ≤ 3.5).
        double sum = 0, term = x;
        for (var n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    public static TheoryData<string, Func<Tensor, Tensor>, Func<double, double>> UnaryCases => new()
    {
        { "Identity", Unary.Identity, x => x },
        { "Zero", Unary.Zero, _ => 0 },
        { "Negate", Unary.Negate, x => -x },
        { "Abs", Unary.Abs, Math.Abs },
        { "Square", Unary.Square, x => x * x },
        { "Cube", Unary.Cube, x => x * x * x },
        { "Exp", Unary.Exp, Math.Exp },
        { "Sin", Unary.Sin, Math.Sin },
        { "Cos", Unary.Cos, Math.Cos },
        { "Sinh", Unary.Sinh, Math.Sinh },
        { "Cosh", Unary.Cosh, Math.Cosh },
        { "Tanh", Unary.Tanh, Math.Tanh },
        { "Asinh", Unary.Asinh, Math.Asinh },
        { "Atan", Unary.Atan, Math.Atan },
        { "Sinc", Unary.Sinc, x => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x) },
        { "Max0", Unary.Max0, x => Math.Max(x, 0) },
        { "Min0", Unary.Min0, x => Math.Min(x, 0) },
        { "Sigmoid", Unary.Sigmoid, Sigmoid },
        { "Softplus", Unary.Softplus, x => Math.Log(1 + Math.Exp(x)) },
        { "Gaussian", Unary.Gaussian, x => Math.Exp(-x * x) },
        { "Erf", Unary.Erf, Erf },
        { "Activations.Relu", Activations.Relu, x => Math.Max(x, 0) },
        { "Activations.Hardswish", Activations.Hardswish, x => x * Math.Clamp(x + 3, 0, 6) / 6 },
        { "Activations.LeakyRelu", Activations.LeakyRelu, x => x >= 0 ? x : 0.01 * x },
        { "Activations.Identity", Activations.Identity, x => x },
        { "Extended.Sqrt", Extended.Sqrt, x => Math.Sign(x) * (Math.Sqrt(Math.Abs(x) + 1e-6) - Math.Sqrt(1e-6)) },
        { "Extended.Log", Extended.Log, x => Math.Log(Math.Abs(x) + 1e-10) },
        { "Extended.Acosh", Extended.Acosh, x => Math.Acosh(1 + x * x) },
    };

    public static TheoryData<string, Func<Tensor, Tensor, Tensor>, Func<double, double, double>> BinaryCases => new()
    {
        { "Add", Binary.Add, (a, b) => a + b },
        { "Sub", Binary.Sub, (a, b) => a - b },
        { "Mul", Binary.Mul, (a, b) => a * b },
        { "Div", Binary.Div, (a, b) => a / (b + 1e-10) },
        { "Min", Binary.Min, Math.Min },
        { "Max", Binary.Max, Math.Max },
        { "SigMul", Binary.SigMul, (a, b) => Sigmoid(a) * b },
    };

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void UnaryOperationMatchesItsFormula(string name, Func<Tensor, Tensor> op, Func<double, double> reference)
    {
        // The unguarded formulas; OperationGuardTests covers the clamps.
        using var guard = OperationGuard.Override(false);
        using var scope = NewDisposeScope();
        var actual = op(tensor(Inputs, float64)).data<double>().ToArray();
        for (var i = 0; i < Inputs.Length; i++)
        {
            var expected = reference(Inputs[i]);
            Assert.True(Math.Abs(actual[i] - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)),
                $"{name}({Inputs[i]}) = {actual[i]:R}, expected {expected:R}");
        }
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BinaryOperationMatchesItsFormula(string name, Func<Tensor, Tensor, Tensor> op, Func<double, double, double> reference)
    {
        using var guard = OperationGuard.Override(false);
        using var scope = NewDisposeScope();
        var actual = op(tensor(Inputs, float64), tensor(Others, float64)).data<double>().ToArray();
        for (var i = 0; i < Inputs.Length; i++)
        {
            var expected = reference(Inputs[i], Others[i]);
            Assert.True(Math.Abs(actual[i] - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)),
                $"{name}({Inputs[i]}, {Others[i]}) = {actual[i]:R}, expected {expected:R}");
        }
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void UnaryOperationKeepsShapeAndDtype(string name, Func<Tensor, Tensor> op, Func<double, double> reference)
    {
        _ = reference;
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 4);
        var y = op(x);
        Assert.True(y.shape.SequenceEqual(x.shape), name);
        Assert.Equal(x.dtype, y.dtype);
    }

    [Fact]
    public void Max0AndMin0WorkOnACpuTensorWithoutCuda()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { -2, -0.5f, 0, 0.5f, 2 });
        var max0 = Unary.Max0(x);
        var min0 = Unary.Min0(x);
        Assert.Equal(DeviceType.CPU, max0.device_type);
        Assert.Equal(new float[] { 0, 0, 0, 0.5f, 2 }, max0.data<float>().ToArray());
        Assert.Equal(new float[] { -2, -0.5f, 0, 0, 0 }, min0.data<float>().ToArray());
    }

    [Fact]
    public void SoftplusIsStableForLargeInputs()
    {
        using var scope = NewDisposeScope();
        var y = Unary.Softplus(tensor(new float[] { -1000, -100, 100, 1000 })).data<float>().ToArray();
        Assert.Equal(new float[] { 0, 0, 100, 1000 }, y.Select(v => (float)Math.Round(v, 3)).ToArray());
    }

    [Fact]
    public void ExtendedOperationsAreFiniteWithFiniteSlopesEverywhere()
    {
        using var scope = NewDisposeScope();
        foreach (var op in new Func<Tensor, Tensor>[] { Extended.Sqrt, Extended.Log, Extended.Acosh })
        {
            var x = tensor(new double[] { -1e30, -5, -1e-12, 0, 1e-12, 5, 1e30 }).requires_grad_(true);
            var y = op(x);
            y.sum().backward();
            Assert.True(y.isfinite().all().item<bool>(), y.str());
            Assert.True(x.grad!.isfinite().all().item<bool>(), x.grad!.str());
        }
    }

    [Fact]
    public void SqrtIsContinuousAtZeroWithItsDocumentedSlope()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 0 }).requires_grad_(true);
        var y = Extended.Sqrt(x);
        y.backward();
        Assert.Equal(0.0, y.item<double>());
        Assert.Equal(1 / (2 * Math.Sqrt(Extended.SqrtEpsilon)), x.grad!.item<double>(), 9);
        Assert.Equal(-Extended.Sqrt(tensor(4.0)).item<double>(), Extended.Sqrt(tensor(-4.0)).item<double>());
    }
}
