using NasDsl.Operations;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Operations;

/// <summary>FastMath against torch's own asinh and sinc: values and first and second derivatives.</summary>
public class FastMathTests
{
    /// <summary>±1e-8…1e6 log-spaced, dense around 0, and 0 itself.</summary>
    private static Tensor WideRange(ScalarType dtype, double maxExponent = 6) => cat([
        logspace(-8, maxExponent, 1500, dtype: dtype), -logspace(-8, maxExponent, 1500, dtype: dtype),
        linspace(-2, 2, 4001, dtype: dtype), zeros(1, dtype: dtype)]);

    private static (Tensor Value, Tensor Gradient) ValueAndGradient(Func<Tensor, Tensor> f, Tensor x)
    {
        var leaf = x.detach().requires_grad_(true);
        var y = f(leaf);
        y.sum().backward();
        return (y.detach(), leaf.grad!);
    }

    /// <summary>Largest |a − b| / (|b| + floor), reported with where it happens.</summary>
    private static void AssertClose(Tensor actual, Tensor expected, Tensor inputs, double relative, double floor, string what)
    {
        var a = actual.to_type(float64);
        var e = expected.to_type(float64);
        var error = (a - e).abs() / (e.abs() + floor);
        var worst = error.argmax().item<long>();
        var max = error.max().item<double>();
        Assert.True(max <= relative,
            $"{what}: error {max:E2} at x = {inputs[worst].to_type(float64).item<double>():R}: {a[worst].item<double>():R} vs {e[worst].item<double>():R}");
    }

    [Theory]
    [InlineData(ScalarType.Float32, 3e-7)]
    [InlineData(ScalarType.Float64, 5e-15)]
    public void AsinhMatchesTorchOverAWideRange(ScalarType dtype, double tolerance)
    {
        using var scope = NewDisposeScope();
        var x = cat([WideRange(dtype, 30), tensor(new[] { 1e37, -3e38 }).to_type(dtype)]);
        var reference = x.to_type(float64).asinh();
        AssertClose(FastMath.Asinh(x), reference, x, tolerance, 1e-300, "value");
        Assert.Equal(dtype, FastMath.Asinh(x).dtype);
    }

    [Theory]
    [InlineData(ScalarType.Float32, 3e-7)]
    [InlineData(ScalarType.Float64, 5e-15)]
    public void AsinhGradientMatchesTorch(ScalarType dtype, double tolerance)
    {
        using var scope = NewDisposeScope();
        var x = WideRange(dtype);
        var (value, gradient) = ValueAndGradient(FastMath.Asinh, x);
        var (_, reference) = ValueAndGradient(t => t.asinh(), x.to_type(float64));
        AssertClose(gradient, reference, x, tolerance, 1e-300, "gradient");
        AssertClose(value, x.to_type(float64).asinh(), x, tolerance, 1e-300, "value with grad");
    }

    [Fact]
    public void AsinhHandlesInfinityNanAndSignedZero()
    {
        using var scope = NewDisposeScope();
        var y = FastMath.Asinh(tensor(new[] { float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0f })).data<float>().ToArray();
        Assert.Equal(float.PositiveInfinity, y[0]);
        Assert.Equal(float.NegativeInfinity, y[1]);
        Assert.True(float.IsNaN(y[2]));
        Assert.Equal(0f, y[3]);
    }

    [Fact]
    public void SincValuesMatchTorchOverAWideRange()
    {
        using var scope = NewDisposeScope();
        // Float64: against torch in float64. Float32: against torch in float32, which rounds π·x the same way
        // (for |x| ≫ 1 that rounding, not the sine, decides the value), with an absolute floor of 1/|πx|·ulp.
        var x64 = WideRange(float64);
        AssertClose(FastMath.Sinc(x64), x64.sinc(), x64, 1e-13, 1e-13, "float64");
        var x32 = WideRange(float32);
        AssertClose(FastMath.Sinc(x32), x32.sinc(), x32, 5e-7, 1e-7, "float32");
        Assert.Equal(1f, FastMath.Sinc(zeros(1)).item<float>());
    }

    /// <summary>
    /// d/dx sinc(x) in doubles: torch's float64 backward where it is exact, and the Taylor series where it is
    /// not (below |πx| = 0.03 its (p·cos p − sin p) cancels; at x = 1e-8 torch is off by a third).
    /// </summary>
    private static Tensor SincDerivativeTruth(Tensor x)
    {
        var (_, torchGradient) = ValueAndGradient(t => t.sinc(), x.to_type(float64));
        var values = x.to_type(float64).data<double>().ToArray();
        var gradients = torchGradient.data<double>().ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var p = Math.PI * values[i];
            if (Math.Abs(p) >= 0.03) continue;
            // d/dp Σ (−1)^k p^(2k)/(2k+1)! = Σ (−1)^k 2k p^(2k−1)/(2k+1)!, k ≥ 1.
            double sum = 0, factorial = 6;
            for (var k = 1; k <= 8; k++)
            {
                sum += (k % 2 == 0 ? 1 : -1) * 2 * k * Math.Pow(p, 2 * k - 1) / factorial;
                factorial *= (2 * k + 2) * (2 * k + 3);
            }
            gradients[i] = Math.PI * sum;
        }
        return tensor(gradients);
    }

    [Fact]
    public void SincGradientMatchesTheTruthInFloat64()
    {
        using var scope = NewDisposeScope();
        var x = WideRange(float64);
        var (_, gradient) = ValueAndGradient(FastMath.Sinc, x);
        AssertClose(gradient, SincDerivativeTruth(x), x, 1e-11, 1e-13, "gradient");
    }

    [Fact]
    public void SincGradientInFloat32IsAccurateNearZero()
    {
        using var scope = NewDisposeScope();
        // torch's own float32 backward cancels near 0; FastMath uses a series there. The floor of 0.1 allows the
        // ~1e-7 that rounding π·x to float32 costs where the derivative itself is near 0.
        var x = cat([logspace(-8, 0.3, 1500), -logspace(-8, 0.3, 1500), linspace(-2, 2, 4001), zeros(1)]);
        var (_, gradient) = ValueAndGradient(FastMath.Sinc, x);
        AssertClose(gradient, SincDerivativeTruth(x), x, 3e-6, 0.1, "gradient near 0");
        var (_, atZero) = ValueAndGradient(FastMath.Sinc, zeros(1));
        Assert.Equal(0f, atZero.item<float>());
    }

    [Fact]
    public void SincGradientInFloat32MatchesTorchAwayFromZero()
    {
        using var scope = NewDisposeScope();
        var x = cat([logspace(0.3, 6, 1500), -logspace(0.3, 6, 1500)]);
        var (_, gradient) = ValueAndGradient(FastMath.Sinc, x);
        var (_, reference) = ValueAndGradient(t => t.sinc(), x);
        // Both round π·x alike; the floor is a few ulp of the derivative's scale 1/|x|.
        AssertClose(gradient, reference, x, 1e-5, 1e-3, "gradient");
    }

    [Theory]
    [InlineData("asinh")]
    [InlineData("sinc")]
    public void SecondDerivativesMatchTorch(string function)
    {
        using var scope = NewDisposeScope();
        Func<Tensor, Tensor> fast = function == "asinh" ? FastMath.Asinh : FastMath.Sinc;
        Func<Tensor, Tensor> torchOwn = function == "asinh" ? t => t.asinh() : t => t.sinc();
        var x = tensor(new[] { -7.25, -2, -0.3, 0.01, 0.3, 1.5, 40 });

        Tensor SecondDerivative(Func<Tensor, Tensor> f)
        {
            var leaf = x.detach().requires_grad_(true);
            var first = autograd.grad([f(leaf).sum()], [leaf], create_graph: true)[0];
            return autograd.grad([first.sum()], [leaf])[0];
        }

        AssertClose(SecondDerivative(fast), SecondDerivative(torchOwn), x, 1e-9, 1e-12, "second derivative");
    }

    [Fact]
    public void WithoutGradientTheValueIsTheSame()
    {
        using var scope = NewDisposeScope();
        var x = WideRange(float32);
        Tensor asinh, sinc;
        using (no_grad())
        {
            var leaf = x.requires_grad_(true);
            asinh = FastMath.Asinh(leaf);
            sinc = FastMath.Sinc(leaf);
        }
        Assert.False(asinh.requires_grad);
        Assert.True(asinh.eq(ValueAndGradient(FastMath.Asinh, x).Value).all().item<bool>());
        Assert.True(sinc.eq(ValueAndGradient(FastMath.Sinc, x).Value).all().item<bool>());
    }

    [Theory]
    [InlineData(ScalarType.Float16, 2e-3)]
    [InlineData(ScalarType.BFloat16, 1.6e-2)]
    public void HalfPrecisionValuesStayWithinRounding(ScalarType dtype, double tolerance)
    {
        using var scope = NewDisposeScope();
        // Computed in float32, so the only error is the final rounding, even where π·x or x² would not fit.
        var x = cat([logspace(-4, 4, 400), -logspace(-4, 4, 400), linspace(-2, 2, 401)]).to_type(dtype);
        var exact = x.to_type(float64);
        var asinh = FastMath.Asinh(x);
        var sinc = FastMath.Sinc(x);
        Assert.Equal(dtype, asinh.dtype);
        Assert.Equal(dtype, sinc.dtype);
        AssertClose(asinh, exact.asinh(), x, tolerance, 1e-300, "asinh");
        // The floor absorbs float32 rounding of π·x (≈6e-8 absolute at x = 1e4); half-precision π·x would not.
        AssertClose(sinc, exact.sinc(), x, tolerance, 1e-4, "sinc");
        var (_, gradient) = ValueAndGradient(FastMath.Sinc, x);
        Assert.Equal(dtype, gradient.dtype);
    }

    [Fact]
    public void IntegerInputsAreConvertedToFloatingPoint()
    {
        using var scope = NewDisposeScope();
        var y = FastMath.Asinh(tensor(new long[] { -1, 0, 3 }));
        Assert.Equal(get_default_dtype(), y.dtype);
        Assert.Equal(Math.Asinh(3), y[2].item<float>(), 1e-6);
        Assert.Equal(1f, FastMath.Sinc(tensor(new long[] { 0 })).item<float>());
    }
}
