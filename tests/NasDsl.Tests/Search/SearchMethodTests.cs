using NasDsl.Search;
using NasDsl.Tests.TestSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Tests.Search;

/// <summary>DrNAS' and GDAS' mixing against their formulas: Dirichlet samples and KL, straight-through Gumbel
/// samples, the temperature schedule, and a GDAS edge that runs only its sampled candidate.</summary>
[Collection(TorchStateCollection.Name)]
public sealed class SearchMethodTests
{
    private static MixingScope Scope(float[] alpha, MixingKind kind, double temperature = 1, OpTable? table = null)
    {
        table ??= TestOps.Unary([.. Enumerable.Range(0, alpha.Length).Select(i => new OpInfo($"Op{i}", 1, $"op{i}({{0}})", false) { Unary = x => x.mul(i + 1) })]);
        var architecture = new ArchitectureWeights([new ScopeInfo("S", "Test", "S", table)], CPU);
        using (no_grad()) architecture.Alphas[0].copy_(tensor(alpha));
        architecture.Mixing.Kind = kind;
        architecture.Mixing.Temperature = temperature;
        return architecture.MixingScopes[0];
    }

    [Fact]
    public void DirichletDrawsLieOnTheSimplexCarryGradientsAndAverageToTheConcentrationMean()
    {
        manual_seed(1);
        // β = ELU(α) + 1 = (0.5, 1, 2, 4) for α = (ln 0.5, 0, 1, 3).
        var scope = Scope([MathF.Log(0.5f), 0, 1, 3], MixingKind.Dirichlet);
        var beta = new[] { 0.5, 1, 2, 4 };
        const int draws = 4000;
        var sums = new double[4];
        for (var n = 0; n < draws; n++)
        {
            using var _ = NewDisposeScope();
            var w = scope.Draw().Weights;
            var values = w.detach().data<float>().ToArray();
            Assert.All(values, v => Assert.True(v >= 0));
            Assert.Equal(1.0, values.Sum(), 5);
            for (var i = 0; i < 4; i++) sums[i] += values[i];
        }
        // The mean of Dir(β) is β/Σβ; each sample component has variance m(1−m)/(Σβ+1), so the mean of 4000
        // draws lies within 5 standard errors of it except with probability below 1e-6.
        var total = beta.Sum();
        for (var i = 0; i < 4; i++)
        {
            var mean = beta[i] / total;
            var error = Math.Sqrt(mean * (1 - mean) / (total + 1) / draws);
            Assert.InRange(sums[i] / draws, mean - 5 * error, mean + 5 * error);
        }

        using var scopeForGradient = NewDisposeScope();
        scope.Alpha.grad?.zero_();
        var weights = scope.Draw().Weights;
        weights.mul(tensor(new float[] { 1, 2, 3, 4 })).sum().backward();
        var gradient = scope.Alpha.grad!.data<float>().ToArray();
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
        Assert.Contains(gradient, g => g != 0);
    }

    [Fact]
    public void KlToTheUniformDirichletIsZeroAtUniformAndMatchesTheIntegralOfABetaDensity()
    {
        var uniform = Scope([0, 0, 0], MixingKind.Dirichlet);
        Assert.Equal(0.0, DrNasArchitect.KlToUniform([uniform]).item<float>(), 5);

        // α = (1, 2) gives β = (2, 3): Dir(2, 3) is Beta(2, 3) with density 12·x·(1−x)², and KL to Dir(1, 1) (the
        // uniform density) is ∫ p ln p. Simpson's rule on 20,000 intervals is exact to far below the tolerance.
        var scope = Scope([1, 2], MixingKind.Dirichlet);
        const int intervals = 20_000;
        double integral = 0;
        for (var k = 0; k <= intervals; k++)
        {
            var x = (double)k / intervals;
            var p = 12 * x * (1 - x) * (1 - x);
            var f = p > 0 ? p * Math.Log(p) : 0;
            integral += f * (k == 0 || k == intervals ? 1 : k % 2 == 1 ? 4 : 2);
        }
        integral /= 3.0 * intervals;
        Assert.Equal(integral, DrNasArchitect.KlToUniform([scope]).item<float>(), 4);

        // Dropped operations leave the KL: with the third of (1, 2, 5) dropped it is that of (1, 2).
        var shrunk = Scope([1, 2, 5], MixingKind.Dirichlet);
        shrunk.Drop(2);
        Assert.Equal(integral, DrNasArchitect.KlToUniform([shrunk]).item<float>(), 4);
    }

    [Fact]
    public void GumbelDrawIsAOneHotWhoseGradientIsThatOfTheSoftmaxSample()
    {
        var alpha = new float[] { 0.3f, -0.2f, 0.9f, 0.1f };
        const double temperature = 2;
        var scope = Scope(alpha, MixingKind.StraightThroughGumbel, temperature);
        var c = tensor(new float[] { 1, -2, 3, 0.5f });

        manual_seed(7);
        var draw = scope.Draw();
        var values = draw.Weights.detach().data<float>().ToArray();
        Assert.Equal(1, values.Count(v => v == 1));
        Assert.Equal(3, values.Count(v => v == 0));
        Assert.Equal(Array.IndexOf(values, 1f), draw.Chosen);
        draw.Weights.mul(c).sum().backward();
        var gradient = scope.Alpha.grad!.data<float>().ToArray();

        // The same noise again, by hand: p = softmax((log_softmax(α) + g)/τ), g = −log(E), E ~ Exponential(1).
        manual_seed(7);
        var leaf = tensor(alpha).requires_grad_(true);
        var gumbel = empty(4).exponential_().log_().neg_();
        var p = leaf.log_softmax(0).add(gumbel).div(temperature).softmax(0);
        Assert.Equal(draw.Chosen, (int)p.argmax().item<long>());
        p.mul(c).sum().backward();
        var expected = leaf.grad!.data<float>().ToArray();
        for (var i = 0; i < 4; i++) Assert.Equal(expected[i], gradient[i], 6);
    }

    [Fact]
    public void GumbelArgmaxFollowsTheSoftmaxOfTheAlphas()
    {
        manual_seed(3);
        var alpha = new float[] { 1, 0, -1, 0.5f };
        var scope = Scope(alpha, MixingKind.StraightThroughGumbel, temperature: 1);
        var expected = tensor(alpha).softmax(0).data<float>().ToArray();
        const int draws = 3000;
        var counts = new int[4];
        using (no_grad())
            for (var n = 0; n < draws; n++)
            {
                using var _ = NewDisposeScope();
                counts[scope.Draw().Chosen!.Value]++;
            }
        // Gumbel-max: argmax(log p + g) is a draw from p; 5 binomial standard errors.
        for (var i = 0; i < 4; i++)
        {
            var error = Math.Sqrt(expected[i] * (1 - expected[i]) / draws);
            Assert.InRange((double)counts[i] / draws, expected[i] - 5 * error, expected[i] + 5 * error);
        }
    }

    [Fact]
    public void DroppedOperationsAreNeverDrawnAndWeighZero()
    {
        manual_seed(5);
        var gumbel = Scope([5, 0, 0, 0], MixingKind.StraightThroughGumbel);
        gumbel.Drop(0);
        var dirichlet = Scope([5, 0, 0, 0], MixingKind.Dirichlet);
        dirichlet.Drop(0);
        var softmax = Scope([5, 0, 0, 0], MixingKind.Softmax);
        softmax.Drop(0);
        using var _ = no_grad();
        for (var n = 0; n < 200; n++)
        {
            using var step = NewDisposeScope();
            Assert.NotEqual(0, gumbel.Draw().Chosen);
            Assert.Equal(0f, dirichlet.Draw().Weights[0].item<float>());
        }
        Assert.Equal([0f, 1 / 3f, 1 / 3f, 1 / 3f], softmax.Draw().Weights.data<float>().ToArray());
        Assert.Equal(0f, dirichlet.ExpectedWeights()[0]);
        Assert.Throws<InvalidOperationException>(() => { softmax.Drop(1); softmax.Drop(2); softmax.Drop(3); });
    }

    [Fact]
    public void GdasTemperatureFallsLinearlyFromTenToAPointOneAsNasLibMovesIt()
    {
        var options = new SearchOptions { Method = SearchMethod.Gdas, Epochs = 5 };
        Assert.Equal([8.02, 6.04, 4.06, 2.08, 0.1], Enumerable.Range(0, 5).Select(e => Math.Round(options.TemperatureAt(e), 10)));
    }

    [Fact]
    public void AGdasEdgeRunsOnlyItsSampledCandidateAndPassesGradientToEveryAlpha()
    {
        var calls = new int[3];
        var table = TestOps.Unary([.. Enumerable.Range(0, 3).Select(i => new OpInfo($"Op{i}", 1, $"op{i}({{0}})", false)
        {
            Unary = x =>
            {
                calls[i]++;
                return x.mul(i + 1);
            },
        })]);
        var scope = Scope([0.1f, 0.2f, 0.3f], MixingKind.StraightThroughGumbel, temperature: 1, table: table);
        var edge = new MixedOp(table, scope, new PrimitiveContext([4], new SpaceOptions([4], 2), "S"), null);
        var input = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 4);
        manual_seed(11);
        var output = edge.forward(input);
        var chosen = Array.FindIndex(calls, c => c == 1);
        Assert.Equal(1, calls.Sum());
        Assert.Equal(input.mul(chosen + 1).data<float>().ToArray(), output.detach().data<float>().ToArray());
        output.sum().backward();
        Assert.All(scope.Alpha.grad!.data<float>().ToArray(), g => Assert.NotEqual(0f, g));
    }
}

/// <summary>A candidate that changes the shape stops the supernet's construction with a message naming it.</summary>
public sealed class CandidateShapeTests
{
    [Theory]
    [InlineData(MixingKind.Softmax)]
    [InlineData(MixingKind.StraightThroughGumbel)]
    public void ACandidateThatChangesTheShapeIsNamedWithItsOpSetEdgeAndBothShapes(MixingKind kind)
    {
        var sum = new OpInfo("RowSum", 1, "Σ{0}", false) { Unary = x => x.sum(1) };
        var table = TestOps.Unary(TestOps.Identity, sum);
        var architecture = new ArchitectureWeights([new ScopeInfo("Mlp.Act", "Mlp", "Act", table)], CPU);
        architecture.Mixing.Kind = kind;
        var edge = new MixedOp(table, architecture.MixingScopes[0], new PrimitiveContext([4], new SpaceOptions([4], 2), "Act"), null);
        using (no_grad()) architecture.Alphas[0].copy_(tensor(new float[] { -50, 50 }));   // GDAS then samples RowSum

        var error = Assert.Throws<InvalidOperationException>(() => edge.forward(ones(8, 4)));
        Assert.Equal("The operation 'RowSum' of op set 'Unary' on edge 'Act' returns shape [8] for input of shape [8, 4]; " +
            "a mixed edge's candidates must return the shape of their input (or one that broadcasts to it).", error.Message);
    }
}
