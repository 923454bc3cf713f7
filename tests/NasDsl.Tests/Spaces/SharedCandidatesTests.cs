using ActivationSearch;
using NasDsl.Operations;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Tests.Spaces;

/// <summary>
/// Mixed edges that read the same node with the same stateless op set share one evaluation of their candidates
/// (the Rnn cell's U1, U2, U3). The values and gradients must stay those of the plain DARTS formula
/// Σ softmax(α)ᵢ·opᵢ(x) on every edge, however the modules are called.
/// </summary>
public sealed class SharedCandidatesTests
{
    private static readonly SpaceOptions Features = new([30], 10);

    [Fact]
    public void RnnCellMatchesTheReferenceFormulaInValuesAndGradients()
    {
        using var _ = NewDisposeScope();
        var (cell, alphas) = Cell(seed: 3);
        var x = (randn(4, 30, generator: new Generator(5)) * 1.5).requires_grad_(true);

        var output = cell.forward(x);
        var upstream = randn(output.shape, generator: new Generator(6));
        var gradients = autograd.grad([output], [x, .. alphas], [upstream]);

        var xr = x.detach().clone().requires_grad_(true);
        var expected = Reference(xr, alphas);
        var expectedGradients = autograd.grad([expected], [xr, .. alphas], [upstream]);

        AssertClose(expected, output);
        for (var i = 0; i < gradients.Count; i++) AssertClose(expectedGradients[i], gradients[i]);
    }

    [Fact]
    public void RepeatedPassesOnTheSameInputRecomputeInsteadOfReusingAFreedGraph()
    {
        using var _ = NewDisposeScope();
        var (cell, alphas) = Cell(seed: 4);
        var x = (randn(3, 30, generator: new Generator(7)) * 1.5).requires_grad_(true);
        var first = autograd.grad([cell.forward(x).sum()], [x, .. alphas]);
        // The same tensor object again: the first pass's graph is gone, so nothing may be reused from it.
        var second = autograd.grad([cell.forward(x).sum()], [x, .. alphas]);
        for (var i = 0; i < first.Count; i++) AssertClose(first[i], second[i]);
    }

    [Fact]
    public void ANoGradPassDoesNotLeakIntoAGradPass()
    {
        using var _ = NewDisposeScope();
        var (cell, alphas) = Cell(seed: 5);
        var x = (randn(3, 30, generator: new Generator(8)) * 1.5).requires_grad_(true);
        using (no_grad()) cell.forward(x);
        var gradients = autograd.grad([cell.forward(x).sum()], [x, .. alphas]);
        var xr = x.detach().clone().requires_grad_(true);
        var expected = autograd.grad([Reference(xr, alphas).sum()], [xr, .. alphas]);
        for (var i = 0; i < gradients.Count; i++) AssertClose(expected[i], gradients[i]);
    }

    [Fact]
    public void AnEdgeCalledTwiceOrOnAnotherTensorComputesItsOwnOutputs()
    {
        using var _ = NewDisposeScope();
        manual_seed(6);
        var scopes = new ScopeCollector();
        RnnActivationCell.DescribeScopes(scopes);
        var architecture = new ArchitectureWeights(scopes.Scopes, CPU);
        var builder = NetworkBuilder.ForSupernet(Features, architecture);
        var probe = zeros(2, 30);
        var u1 = builder.Unary("U1", Unary.Table, null, probe);
        var u2 = builder.Unary("U2", Unary.Table, null, probe);
        var x = randn(2, 30, generator: new Generator(9));
        var y = randn(2, 30, generator: new Generator(10));
        using (no_grad())
        {
            var a = u1.forward(x);
            AssertClose(a, u1.forward(x));
            // U2 on another tensor must not see U1's outputs for x.
            AssertClose(ReferenceUnary(y, architecture.Alphas[1]), u2.forward(y));
            AssertClose(ReferenceUnary(x, architecture.Alphas[1]), u2.forward(x));
        }
    }

    [Fact]
    public void EdgesOnOneNodeEvaluateTheirCandidatesOncePerPass()
    {
        using var _ = NewDisposeScope();
        var calls = 0;
        var table = new OpTable("Counting", 1,
            new OpInfo("Sin", 1, "sin({0})", false) { Unary = x => { calls++; return x.sin(); } },
            new OpInfo("Tanh", 1, "tanh({0})", false) { Unary = x => { calls++; return x.tanh(); } });
        var scopes = new ScopeCollector();
        scopes.Mixed("Cell", "A", table);
        scopes.Mixed("Cell", "B", table);
        var architecture = new ArchitectureWeights(scopes.Scopes, CPU);
        var builder = NetworkBuilder.ForSupernet(Features, architecture);
        var probe = zeros(2, 30);
        var a = builder.Unary("A", table, null, probe);
        var b = builder.Unary("B", table, null, probe);
        var x = randn(2, 30, generator: new Generator(11)).requires_grad_(true);

        calls = 0;
        var sum = a.forward(x) + b.forward(x);
        Assert.Equal(2, calls);
        var gradients = autograd.grad([sum.sum()], [x, .. architecture.Alphas]);
        var wa = architecture.Alphas[0].softmax(0);
        var wb = architecture.Alphas[1].softmax(0);
        var xr = x.detach().clone().requires_grad_(true);
        var expected = wa[0] * xr.sin() + wa[1] * xr.tanh() + wb[0] * xr.sin() + wb[1] * xr.tanh();
        var expectedGradients = autograd.grad([expected.sum()], [xr, .. architecture.Alphas]);
        AssertClose(expected, sum);
        for (var i = 0; i < gradients.Count; i++) AssertClose(expectedGradients[i], gradients[i]);

        // The next pass gets a new input tensor and evaluates again, once.
        calls = 0;
        var next = x.detach().clone();
        a.forward(next);
        b.forward(next);
        Assert.Equal(2, calls);
    }

    private static (RnnActivationCell.Network Cell, Tensor[] Alphas) Cell(int seed)
    {
        manual_seed(seed);
        var scopes = new ScopeCollector();
        RnnActivationCell.DescribeScopes(scopes);
        var architecture = new ArchitectureWeights(scopes.Scopes, CPU);
        // Spread the alphas so every candidate's weight matters.
        using (no_grad())
            foreach (var alpha in architecture.Alphas) alpha.copy_(randn(alpha.shape, generator: new Generator((ulong)seed + 100)));
        var cell = new RnnActivationCell.Network(NetworkBuilder.ForSupernet(Features, architecture), zeros(2, 30), null);
        return (cell, [.. architecture.Alphas]);
    }

    // The DARTS formula written out: every candidate, the zero operation included, weighted by softmax(α).
    private static Tensor Reference(Tensor x, Tensor[] alphas)
    {
        var u1 = ReferenceUnary(x, alphas[0]);
        var u2 = ReferenceUnary(x, alphas[1]);
        var u3 = ReferenceUnary(x, alphas[2]);
        var b1 = ReferenceBinary(u1, u2, alphas[3]);
        var u4 = ReferenceUnary(b1, alphas[4]);
        return ReferenceBinary(u3, u4, alphas[5]);
    }

    private static Tensor ReferenceUnary(Tensor x, Tensor alpha)
    {
        var w = alpha.softmax(0);
        var sum = zeros_like(x);
        for (var i = 0; i < Unary.Table.Count; i++) sum = sum + w[i] * Unary.Table[i].Unary!(x);
        return sum;
    }

    private static Tensor ReferenceBinary(Tensor a, Tensor b, Tensor alpha)
    {
        var w = alpha.softmax(0);
        var sum = zeros_like(a);
        for (var i = 0; i < Binary.Table.Count; i++) sum = sum + w[i] * Binary.Table[i].Binary!(a, b);
        return sum;
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var scale = expected.abs().max().item<float>();
        var error = (expected - actual).abs().max().item<float>();
        Assert.True(error <= 1e-5f * Math.Max(1f, scale), $"max |difference| {error} exceeds 1e-5 × {scale}");
    }
}
