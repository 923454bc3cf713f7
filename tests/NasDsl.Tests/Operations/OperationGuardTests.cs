using NasDsl.Operations;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Operations;

/// <summary>
/// The guard keeps every guarded operation finite, values and gradients, on inputs far outside the safe
/// range, and changes nothing inside it. Tests switch it with scoped overrides only, never process-wide.
/// </summary>
public class OperationGuardTests
{
    private static readonly float[] Extreme = [-1e30f, -1e4f, -100, 100, 1e4f, 1e30f];

    public static TheoryData<string> GuardedUnary => ["Exp", "Sinh", "Cosh", "Square", "Cube"];

    public static TheoryData<string> GuardedBinary => ["Mul", "Div", "ExpBetaSquaredDistance", "ExpBetaAbsDistance"];

    private static Func<Tensor, Tensor> UnaryOp(string name) => name switch
    {
        "Exp" => NasDsl.Operations.Unary.Exp,
        "Sinh" => NasDsl.Operations.Unary.Sinh,
        "Cosh" => NasDsl.Operations.Unary.Cosh,
        "Square" => NasDsl.Operations.Unary.Square,
        "Cube" => NasDsl.Operations.Unary.Cube,
        _ => throw new ArgumentException(name),
    };

    private static Func<Tensor, Tensor, Tensor> BinaryOp(string name, long channels)
    {
        var context = new PrimitiveContext([channels], new SpaceOptions([channels], 10), "B");
        return name switch
        {
            "Mul" => NasDsl.Operations.Binary.Mul,
            "Div" => NasDsl.Operations.Binary.Div,
            "ExpBetaSquaredDistance" => Negated(new ExtendedBinary.ExpBetaSquaredDistance(context)),
            "ExpBetaAbsDistance" => Negated(new ExtendedBinary.ExpBetaAbsDistance(context)),
            _ => throw new ArgumentException(name),
        };

        // A learned β can turn negative, which makes exp(−β·d) grow: test that case.
        static Func<Tensor, Tensor, Tensor> Negated(nn.Module<Tensor, Tensor, Tensor> primitive)
        {
            using (no_grad())
                foreach (var p in primitive.parameters()) p.fill_(-1);
            return primitive.forward;
        }
    }

    private static bool Finite(Tensor t) => t.isfinite().all().item<bool>();

    [Theory]
    [MemberData(nameof(GuardedUnary))]
    public void GuardedUnaryStaysFiniteWithFiniteGradients(string name)
    {
        using var guard = OperationGuard.Override(true);
        using var scope = NewDisposeScope();
        var x = tensor(Extreme).requires_grad_(true);
        var y = UnaryOp(name)(x);
        y.sum().backward();
        Assert.True(Finite(y), $"{name}: {string.Join(", ", y.data<float>().ToArray())}");
        Assert.True(Finite(x.grad!), $"{name} gradient: {string.Join(", ", x.grad!.data<float>().ToArray())}");
        Assert.True(y.abs().max().item<float>() <= OperationGuard.OutputLimit * (1 + 1e-6));
    }

    [Theory]
    [MemberData(nameof(GuardedUnary))]
    public void UnguardedUnaryOverflowsOnTheSameInputs(string name)
    {
        using var guard = OperationGuard.Override(false);
        using var scope = NewDisposeScope();
        Assert.False(Finite(UnaryOp(name)(tensor(Extreme))), name);
    }

    [Theory]
    [MemberData(nameof(GuardedUnary))]
    public void GuardedUnaryEqualsTheUnguardedOneInsideTheSafeRange(string name)
    {
        using var scope = NewDisposeScope();
        var limit = name switch
        {
            "Square" => OperationGuard.SquareInputLimit,
            "Cube" => OperationGuard.CubeInputLimit,
            _ => OperationGuard.ExponentLimit,
        };
        var x = linspace(-limit, limit, 2001);
        Tensor guarded, unguarded;
        using (OperationGuard.Override(true)) guarded = UnaryOp(name)(x);
        using (OperationGuard.Override(false)) unguarded = UnaryOp(name)(x);
        Assert.True(guarded.eq(unguarded).all().item<bool>(), name);
    }

    [Theory]
    [MemberData(nameof(GuardedBinary))]
    public void GuardedBinaryStaysFiniteWithFiniteGradients(string name)
    {
        using var guard = OperationGuard.Override(true);
        using var scope = NewDisposeScope();
        // Every pair of extreme values, plus denominators that hit −1e-10 (b + 1e-10 = 0) and 0.
        var a = tensor(Extreme).repeat_interleave(Extreme.Length + 2);
        var b = cat([tensor(Extreme), tensor(new[] { -1e-10f, 0f })]).repeat(Extreme.Length);
        var left = a.requires_grad_(true);
        var right = b.requires_grad_(true);
        var y = BinaryOp(name, a.shape[0])(left, right);
        y.sum().backward();
        Assert.True(Finite(y), $"{name}: {string.Join(", ", y.data<float>().ToArray())}");
        Assert.True(Finite(left.grad!) && Finite(right.grad!), $"{name} gradients");
    }

    [Theory]
    [MemberData(nameof(GuardedBinary))]
    public void UnguardedBinaryOverflowsOnTheSameInputs(string name)
    {
        using var guard = OperationGuard.Override(false);
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1e30f, 1e30f, 1f });
        var b = tensor(new[] { 1e30f, -1e-10f, 1e30f });
        Assert.False(Finite(BinaryOp(name, 3)(a, b)), name);
    }

    [Theory]
    [MemberData(nameof(GuardedBinary))]
    public void GuardedBinaryEqualsTheUnguardedOneInsideTheSafeRange(string name)
    {
        using var scope = NewDisposeScope();
        // |a|, |b| ≤ 12 and denominators ≥ 0.1 keep products (≤ 144) and quotients (≤ 120) below e^5 ≈ 148.
        var a = linspace(-12, 12, 201).repeat_interleave(6);
        var b = tensor(new[] { -12f, -3, -0.1f, 0.1f, 2, 12f }).repeat(201);
        // With β = −1 the exponent is +d², so the distance must stay below √5.
        if (name.StartsWith("ExpBeta", StringComparison.Ordinal)) (a, b) = (a / 12, b.clamp(-1.1, 1.1));
        var op = BinaryOp(name, a.shape[0]);
        Tensor guarded, unguarded;
        using (OperationGuard.Override(true)) guarded = op(a, b);
        using (OperationGuard.Override(false)) unguarded = op(a, b);
        Assert.True(guarded.eq(unguarded).all().item<bool>(), name);
    }

    [Fact]
    public void TheGuardIsOnByDefault()
    {
        Assert.True(OperationGuard.Enabled);
        Assert.True(OperationGuard.IsActive);
        using var scope = NewDisposeScope();
        Assert.Equal(OperationGuard.OutputLimit, NasDsl.Operations.Unary.Exp(tensor(1e4)).item<double>(), 1e-3);
    }

    [Fact]
    public void OverridesNestAndRestore()
    {
        var before = OperationGuard.IsActive;
        using (OperationGuard.Override(false))
        {
            Assert.False(OperationGuard.IsActive);
            using (OperationGuard.Override(true)) Assert.True(OperationGuard.IsActive);
            Assert.False(OperationGuard.IsActive);
        }
        Assert.Equal(before, OperationGuard.IsActive);
    }

    [Fact]
    public void AnOverrideDoesNotReachOtherThreads()
    {
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var seen = false;
        var thread = new Thread(() =>
        {
            started.Set();
            release.Wait();
            seen = OperationGuard.IsActive;
        });
        thread.Start();
        started.Wait();
        using (OperationGuard.Override(false))
        {
            release.Set();
            thread.Join();
        }
        Assert.True(seen);
    }

    [Fact]
    public void LimitsKeepEveryGuardedOutputBelowFloat32Overflow()
    {
        Assert.Equal(Math.Exp(5), OperationGuard.OutputLimit);
        Assert.Equal(OperationGuard.OutputLimit, Math.Pow(OperationGuard.SquareInputLimit, 2), 1e-3);
        Assert.Equal(OperationGuard.OutputLimit, Math.Pow(OperationGuard.CubeInputLimit, 3), 1e-3);
        Assert.True(OperationGuard.OutputLimit * OperationGuard.OutputLimit < float.MaxValue / 1e20);
    }
}
