using NasDsl.Operations;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Operations;

public class ParametricPrimitiveTests
{
    private static PrimitiveContext Context(params long[] inputShape) => new(inputShape, new SpaceOptions(inputShape, 10), "Act.U1");

    public static TheoryData<string, long[]> Cases()
    {
        var data = new TheoryData<string, long[]>();
        foreach (var name in new[] { "BetaMul", "BetaAdd", "Beta", "ExpBetaSquaredDistance", "ExpBetaAbsDistance", "BetaMix" })
        {
            data.Add(name, [16]);
            data.Add(name, [6, 12, 12]);
        }
        return data;
    }

    /// <summary>The primitive as a function of one or two inputs, and its module.</summary>
    private static (nn.Module Module, Func<Tensor, Tensor, Tensor> Forward) Create(string name, PrimitiveContext context)
    {
        switch (name)
        {
            case "BetaMul": { var m = new Extended.BetaMul(context); return (m, (a, _) => m.forward(a)); }
            case "BetaAdd": { var m = new Extended.BetaAdd(context); return (m, (a, _) => m.forward(a)); }
            case "Beta": { var m = new Extended.Beta(context); return (m, (a, _) => m.forward(a)); }
            case "ExpBetaSquaredDistance": { var m = new ExtendedBinary.ExpBetaSquaredDistance(context); return (m, m.forward); }
            case "ExpBetaAbsDistance": { var m = new ExtendedBinary.ExpBetaAbsDistance(context); return (m, m.forward); }
            case "BetaMix": { var m = new ExtendedBinary.BetaMix(context); return (m, m.forward); }
            default: throw new ArgumentException(name);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HasOneBetaPerChannelInitialisedToOne(string name, long[] inputShape)
    {
        using var scope = NewDisposeScope();
        var (module, _) = Create(name, Context(inputShape));
        var parameters = module.named_parameters().ToArray();
        var (parameterName, beta) = Assert.Single(parameters);
        Assert.Equal("beta", parameterName);
        Assert.Equal(inputShape[0], beta.numel());
        Assert.Equal(Context(inputShape).PerChannelShape, beta.shape);
        Assert.True(beta.eq(1).all().item<bool>());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void KeepsTheInputShapeAndLearnsBeta(string name, long[] inputShape)
    {
        using var scope = NewDisposeScope();
        var (module, forward) = Create(name, Context(inputShape));
        var beta = module.parameters().Single();
        var before = beta.detach().clone();
        var a = randn([4, .. inputShape]);
        var b = randn([4, .. inputShape]);
        var y = forward(a, b);
        Assert.Equal(a.shape, y.shape);

        // A loss whose gradient reaches every channel.
        var loss = (y * randn([4, .. inputShape])).sum();
        loss.backward();
        Assert.Equal(beta.shape, beta.grad!.shape);
        Assert.True(beta.grad!.ne(0).all().item<bool>(), $"{name}: zero gradient for some channel");

        using var optimizer = optim.SGD(module.parameters(), 0.1);
        optimizer.step();
        Assert.False(beta.detach().eq(before).any().item<bool>(), $"{name}: a channel's beta did not move");
    }

    [Fact]
    public void ValuesMatchTheirFormulas()
    {
        using var scope = NewDisposeScope();
        var context = Context(3);
        var a = tensor(new double[,] { { 0.5, -1, 2 } }).to_type(float32);
        var b = tensor(new double[,] { { 1.5, 0.25, 1 } }).to_type(float32);
        var betaValues = tensor(new float[] { 0.5f, 2, -1 });

        T WithBeta<T>(T module) where T : nn.Module
        {
            using (no_grad()) module.parameters().Single().copy_(betaValues);
            return module;
        }

        var beta = betaValues.unsqueeze(0);
        AssertClose(a * beta, WithBeta(new Extended.BetaMul(context)).forward(a));
        AssertClose(a + beta, WithBeta(new Extended.BetaAdd(context)).forward(a));
        AssertClose(beta.expand_as(a), WithBeta(new Extended.Beta(context)).forward(a));
        AssertClose((-beta * (a - b).square()).exp(), WithBeta(new ExtendedBinary.ExpBetaSquaredDistance(context)).forward(a, b));
        AssertClose((-beta * (a - b).abs()).exp(), WithBeta(new ExtendedBinary.ExpBetaAbsDistance(context)).forward(a, b));
        AssertClose(beta * a + (1 - beta) * b, WithBeta(new ExtendedBinary.BetaMix(context)).forward(a, b));
    }

    [Fact]
    public void BetaMixStartsAtItsFirstInput()
    {
        using var scope = NewDisposeScope();
        var a = randn(2, 16);
        AssertClose(a, new ExtendedBinary.BetaMix(Context(16)).forward(a, randn(2, 16)));
    }

    private static void AssertClose(Tensor expected, Tensor actual) =>
        Assert.True(actual.allclose(expected, rtol: 1e-6, atol: 1e-6), $"expected {expected.str()}, got {actual.str()}");
}
