using NasDsl.Operations;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Tests.Operations;

/// <summary>
/// Every declared value-and-derivative kernel against the tensor operation and its autograd derivative, with the
/// guard on and off, over a wide range of inputs plus the points that need care: the guard's bounds and one float
/// either side, sinc's series switch and its zeros, softplus' threshold, division by (almost) zero, ±0, and ties.
/// </summary>
public sealed class DerivativeKernelTests
{
    /// <summary>
    /// Both sides are float32 evaluations a few ulp from the exact function (TensorPrimitives and libtorch's kernels
    /// each stay within ~4 ulp; libtorch's AVX2 erf and ours share a 1.5e-7 absolute bound), so 16 ulp relative plus
    /// a small absolute term for results near 0, where cancellation (sinc′, 1 − tanh², erf) leaves absolute errors
    /// of the size of the terms' ulp.
    /// </summary>
    private const double Relative = 16 * 1.2e-7;

    private const double Absolute = 2e-6;

    public static TheoryData<string, int> StatelessOps()
    {
        var data = new TheoryData<string, int>();
        foreach (var table in OpSets)
            for (var i = 0; i < table.Count; i++)
                if (!table[i].IsParametric) data.Add(table.Name, i);
        return data;
    }

    private static readonly OpTable[] OpSets = [Unary.Table, Binary.Table, Activations.Table, Extended.Table];

    [Fact]
    public void Every_stateless_operation_declares_its_derivative()
    {
        var missing = OpSets.SelectMany(t => t.Ops.Where(o => !o.IsParametric && !o.HasDerivative).Select(o => $"{t.Name}.{o.Name}")).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(StatelessOps))]
    public void Kernel_matches_the_operation_and_autograd(string opSet, int index)
    {
        var op = OpSets.Single(t => t.Name == opSet)[index];
        foreach (var guarded in new[] { true, false })
        {
            using var guard = OperationGuard.Override(guarded);
            using var scope = NewDisposeScope();
            if (op.Arity == 1) CheckUnary(op, UnaryInputs(), guarded);
            else CheckBinary(op, guarded);
        }
    }

    private static float[] UnaryInputs()
    {
        var values = new List<float>();
        for (var i = -3000; i <= 3000; i++) values.Add(i * 0.01f);  // −30 … 30, every integer (sinc's zeros) included
        for (var e = -38; e <= 38; e += 2) values.AddRange([MathF.Pow(10, e), -MathF.Pow(10, e)]);
        values.AddRange([0f, -0f, float.Epsilon, -float.Epsilon, 1e-30f, -1e-30f, 88f, -88f, 1000.5f, -1000.5f, 12345.678f]);
        double[] bounds =
        [
            OperationGuard.ExponentLimit, OperationGuard.SquareInputLimit, OperationGuard.CubeInputLimit, 20,
            0.5 / Math.PI,  // sinc: |πx| = 0.5, where the derivative switches to its series
            3,  // hardswish's kinks
            Math.Tan(Math.PI / 8), Math.Tan(3 * Math.PI / 8),  // atan's range reductions
            0.5, 1500,  // asinh: series below, logarithm between, log(2|x|) above
        ];
        foreach (var bound in bounds)
        {
            var b = (float)bound;
            values.AddRange([b, MathF.BitIncrement(b), MathF.BitDecrement(b), -b, MathF.BitIncrement(-b), MathF.BitDecrement(-b)]);
        }
        return values.ToArray();
    }

    private static void CheckUnary(OpInfo op, float[] inputs, bool guarded)
    {
        var x = tensor(inputs).requires_grad_(true);
        var expected = op.Unary!(x);
        var expectedGradient = expected.requires_grad ? autograd.grad([expected.sum()], [x])[0] : zeros_like(x);
        var value = new float[inputs.Length];
        var derivative = new float[inputs.Length];
        op.UnaryDerivative!(inputs, value, derivative);
        var valueOnly = new float[inputs.Length];
        op.UnaryDerivative!(inputs, valueOnly, Span<float>.Empty);

        var name = $"{op.Name} (guard {(guarded ? "on" : "off")})";
        AssertClose(name + " value", inputs, expected.detach().data<float>().ToArray(), value);
        AssertClose(name + " derivative", inputs, expectedGradient.data<float>().ToArray(), derivative);
        // Without a derivative a kernel may take another route (a clamp folded into the value, no slope pass).
        AssertClose(name + " value without derivative", inputs, value, valueOnly);
    }

    private static void CheckBinary(OpInfo op, bool guarded)
    {
        var limit = (float)OperationGuard.OutputLimit;
        float[] special =
        [
            0f, -0f, 1f, -1f, 0.5f, -2.5f, 3f, 1e-10f, -1e-10f, 2e-10f, -5e-11f, 1e-9f, -1e-9f, 1e-30f, 12.5f, -13f, 150f, -150f,
            limit, -limit, MathF.BitIncrement(limit), MathF.BitDecrement(limit), 1e4f, -1e4f,
        ];
        var grid = new List<float>(special);
        for (var i = -40; i <= 40; i++) grid.Add(i * 0.37f);
        var a = new List<float>();
        var b = new List<float>();
        foreach (var p in grid)
            foreach (var q in grid)
            {
                a.Add(p);
                b.Add(q);
            }
        // b = −1e-10 makes the denominator b + 1e-10 exactly 0; p·q at the guard's bound tests Mul's clamp.
        var inputsA = a.ToArray();
        var inputsB = b.ToArray();
        var ta = tensor(inputsA).requires_grad_(true);
        var tb = tensor(inputsB).requires_grad_(true);
        var expected = op.Binary!(ta, tb);
        var gradients = autograd.grad([expected.sum()], [ta, tb], allow_unused: true);
        var n = inputsA.Length;
        var (value, da, db, valueOnly) = (new float[n], new float[n], new float[n], new float[n]);
        op.BinaryDerivative!(inputsA, inputsB, value, da, db);
        op.BinaryDerivative!(inputsA, inputsB, valueOnly, Span<float>.Empty, Span<float>.Empty);

        var name = $"{op.Name} (guard {(guarded ? "on" : "off")})";
        var pairs = inputsA.Zip(inputsB, (p, q) => $"({p:R}, {q:R})").ToArray();
        AssertClose(name + " value", pairs, expected.detach().data<float>().ToArray(), value);
        AssertClose(name + " ∂/∂a", pairs, Gradient(gradients[0], n), da);
        AssertClose(name + " ∂/∂b", pairs, Gradient(gradients[1], n), db);
        AssertClose(name + " value without derivative", pairs, value, valueOnly);
    }

    private static float[] Gradient(Tensor? gradient, int n) => gradient is null || gradient.IsInvalid ? new float[n] : gradient.data<float>().ToArray();

    private static void AssertClose<T>(string what, IReadOnlyList<T> inputs, float[] expected, float[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (e == a) continue;  // equal infinities too
            Assert.True(Math.Abs(e - a) <= Absolute + Relative * Math.Abs(e), $"{what} at {inputs[i]}: expected {e:R}, got {a:R}");
        }
    }
}
