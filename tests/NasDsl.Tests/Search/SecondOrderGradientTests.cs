using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NasDsl.Tests.Search;

/// <summary>
/// DARTS' second-order architecture gradient (finite-difference Hessian-vector product) against the exact
/// gradient through one unrolled SGD step, computed by autograd with create_graph.
/// </summary>
[Collection(TorchStateCollection.Name)]
public sealed class SecondOrderGradientTests(ITestOutputHelper output)
{
    private const double LearningRate = 0.5;
    private const double Momentum = 0.9;
    private const double WeightDecay = 3e-4;

    [Fact]
    public void UnrolledGradientMatchesExactAutogradWithinOnePercent()
    {
        manual_seed(11);
        var table = TestOps.Unary(TestOps.Identity, TestOps.Tanh, TestOps.Sin, TestOps.Square);
        var space = new MlpSpace(table, hidden: 6);
        using var supernet = space.CreateSupernet(new SpaceOptions([5], 3));
        var network = (MlpNetwork)supernet.Network;
        var alpha = supernet.ArchitectureParameters()[0];
        using (no_grad()) alpha.copy_(tensor(new[] { 0.3f, -0.2f, 0.5f, 0.1f }));
        var weights = supernet.WeightParameters().ToArray();
        using var optimizer = optim.SGD(weights, LearningRate, Momentum, weight_decay: WeightDecay);

        using var scope = NewDisposeScope();
        var trainImages = randn(32, 5);
        var trainLabels = randint(0, 3, [32]);
        var validationImages = randn(32, 5);
        var validationLabels = randint(0, 3, [32]);

        // One ordinary SGD step first, so the unrolled step must also account for the momentum buffer.
        optimizer.zero_grad();
        nn.functional.cross_entropy(supernet.forward(randn(32, 5)), randint(0, 3, [32])).backward();
        optimizer.step();

        var step = new ArchitectureStep(supernet, weights, optimizer, Momentum, WeightDecay);
        var approximate = step.SecondOrder(trainImages, trainLabels, validationImages, validationLabels, LearningRate).Gradients;
        Assert.NotNull(approximate);
        var firstOrder = step.FirstOrder(validationImages, validationLabels).Gradients;
        Assert.NotNull(firstOrder);

        var exact = ExactUnrolledGradient(network, alpha, weights, optimizer, table, trainImages, trainLabels, validationImages, validationLabels);

        var error = approximate[0].sub(exact).norm().item<float>() / exact.norm().item<float>();
        var firstOrderError = firstOrder[0].sub(exact).norm().item<float>() / exact.norm().item<float>();
        output.WriteLine($"exact {Format(exact)} approximate {Format(approximate[0])} first order {Format(firstOrder[0])}");
        output.WriteLine($"relative error: second order {error:E3}, first order {firstOrderError:E3}");
        Assert.True(error < 1e-2, $"relative error {error} of the unrolled gradient");
        // The check would be vacuous if the second-order term were negligible here.
        Assert.True(firstOrderError > 0.05, $"first-order gradient is already within {firstOrderError} of the exact one");
    }

    [Fact]
    public void UnrolledGradientLeavesTheWeightsExactlyAsFound()
    {
        manual_seed(12);
        var space = new MlpSpace(TestOps.Unary(TestOps.Identity, TestOps.Tanh, TestOps.Sin), hidden: 4);
        using var supernet = space.CreateSupernet(new SpaceOptions([5], 3));
        var weights = supernet.WeightParameters().ToArray();
        using var optimizer = optim.SGD(weights, LearningRate, Momentum, weight_decay: WeightDecay);
        using var scope = NewDisposeScope();
        var before = weights.Select(w => w.detach().clone()).ToArray();
        var step = new ArchitectureStep(supernet, weights, optimizer, Momentum, WeightDecay);
        Assert.NotNull(step.SecondOrder(randn(16, 5), randint(0, 3, [16]), randn(16, 5), randint(0, 3, [16]), LearningRate).Gradients);
        for (var i = 0; i < weights.Length; i++) Assert.Equal(before[i].data<float>().ToArray(), weights[i].data<float>().ToArray());
    }

    [Fact]
    public void AParameterTheLossDoesNotReachGetsAZeroGradient()
    {
        using var scope = NewDisposeScope();
        var used = randn(3).requires_grad_(true);
        var unused = randn(2).requires_grad_(true);
        var gradients = ArchitectureStep.Gradients(used.square().sum(), [used, unused]);
        Assert.Equal(used.mul(2).data<float>().ToArray(), gradients[0].data<float>().ToArray());
        Assert.Equal(new float[2], gradients[1].data<float>().ToArray());
    }

    /// <summary>∇α L_val(w'(α), α) with w' = w − η(m·buffer + ∇w L_train(w, α) + λw), differentiated exactly.</summary>
    private static Tensor ExactUnrolledGradient(MlpNetwork network, Parameter alpha, Parameter[] weights, SGD optimizer, OpTable table,
        Tensor trainImages, Tensor trainLabels, Tensor validationImages, Tensor validationLabels)
    {
        var a = alpha.detach().clone().requires_grad_(true);
        var w1 = network.H.weight!.detach().clone().requires_grad_(true);
        var b1 = network.H.bias!.detach().clone().requires_grad_(true);
        var w2 = network.Out.weight!.detach().clone().requires_grad_(true);
        var b2 = network.Out.bias!.detach().clone().requires_grad_(true);
        Tensor[] parameters = [w1, b1, w2, b2];
        Parameter[] originals = [network.H.weight!, network.H.bias!, network.Out.weight!, network.Out.bias!];
        var buffers = originals.Select(p =>
        {
            var index = Array.FindIndex(weights, w => w.Handle == p.Handle);
            return ((SGD.State)optimizer.state_dict().State[index]).momentum_buffer;
        }).ToArray();

        Tensor Forward(Tensor x, Tensor[] w)
        {
            var h = x.matmul(w[0].t()).add(w[1]);
            var mix = a.softmax(0);
            var act = zeros_like(h);
            for (var k = 0; k < table.Count; k++) act = act.add(table[k].Unary!(h).mul(mix[k]));
            return act.matmul(w[2].t()).add(w[3]);
        }

        var trainLoss = nn.functional.cross_entropy(Forward(trainImages, parameters), trainLabels);
        var trainGradients = torch.autograd.grad([trainLoss], parameters, retain_graph: true, create_graph: true);
        var unrolled = parameters.Select((w, i) =>
            w.sub(trainGradients[i].add(w.detach(), alpha: WeightDecay).add(buffers[i], alpha: Momentum).mul(LearningRate))).ToArray();
        var validationLoss = nn.functional.cross_entropy(Forward(validationImages, unrolled), validationLabels);
        return torch.autograd.grad([validationLoss], [a])[0];
    }

    private static string Format(Tensor t) => "[" + string.Join(", ", t.data<float>().ToArray().Select(v => v.ToString("E3"))) + "]";
}
