using ActivationSearch;
using NasDsl.Operations;
using NasDsl.Tests.Search;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Tests.Modules;

/// <summary>
/// The fused mixed edge against the generic one: single edges (values, input and alpha gradients) and the sample's
/// Rnn supernet (three unary edges sharing their input, two binary edges, one unary edge after them: logits and the
/// gradients of the image, every weight and every alpha), for softmax and Dirichlet mixing, with and without dropped
/// candidates and the search-time output bound.
/// </summary>
[Collection(TorchStateCollection.Name)]
public sealed class FusedMixedEdgeTests
{
    /// <summary>
    /// One edge: kernels a few ulp apart (≤ 4·2⁻²³ each) summed over up to 20 candidates in another order, so the
    /// error is at most 20·4·2⁻²³ ≈ 1e-5 of the largest term; the largest magnitude of the result stands in for it.
    /// </summary>
    private const double EdgeTolerance = 1e-5;

    /// <summary>
    /// The whole supernet: the edge's rounding passes through the cell, where quotients near the guard's 1e-10
    /// denominator floor have partials up to 1e12 and amplify it by orders of magnitude (measured: 2e-4 of the
    /// largest gradient), so 1e-3; a wrong derivative or weight shows as an error of the order of the tensor itself.
    /// </summary>
    private const double SupernetTolerance = 1e-3;

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_fused_edge_equals_the_generic_one(MixingKind kind, bool bounded, bool dropped)
    {
        foreach (var table in new[] { Unary.Table, Binary.Table })
        {
            manual_seed(3);
            var settings = new MixingSettings { Kind = kind, OutputBound = bounded ? 10 : null };
            var alpha = new TorchSharp.Modules.Parameter(randn(table.Count) * 0.7);
            var scope = new MixingScope(alpha, table, settings);
            if (dropped)
            {
                scope.Drop(1);
                scope.Drop(table.Count - 1);
            }
            using var data = NewDisposeScope();
            var results = GenericAndFused(table, scope, settings, alphaGradient: true);
            string[] names = table.Arity == 1 ? ["value", "input gradient", "alpha gradient"] : ["value", "∂/∂a", "∂/∂b", "alpha gradient"];
            for (var i = 0; i < names.Length; i++)
                AssertClose($"{table.Name} {names[i]}", results[0][i], results[1][i], EdgeTolerance);
        }
    }

    [Fact]
    public void Edges_sharing_their_input_and_fused_candidates_equal_the_generic_path()
    {
        manual_seed(4);
        var settings = new MixingSettings();
        var shared = new SharedCandidates();
        var context = new PrimitiveContext([400], new SpaceOptions([400], 10), "Edge");
        var alphas = Enumerable.Range(0, 3).Select(_ => new TorchSharp.Modules.Parameter(randn(Unary.Table.Count))).ToArray();
        var scopes = alphas.Select(alpha => new MixingScope(alpha, Unary.Table, settings)).ToArray();
        scopes[1].Drop(4);
        var edges = scopes.Select(scope => new MixedOp(Unary.Table, scope, context, shared)).ToArray();
        using var data = NewDisposeScope();
        var x = (randn(64, 400) * 2).requires_grad_(true);
        var results = new List<Tensor[]>();
        foreach (var fused in new[] { false, true })
        {
            settings.FusedEdges = fused;
            var outputs = edges.Select(e => e.forward(x)).ToArray();
            var loss = outputs[0].sum() + outputs[1].square().sum() - outputs[2].sin().sum();
            results.Add([.. outputs.Select(o => o.detach()), .. autograd.grad([loss], [x, .. alphas])]);
        }
        for (var i = 0; i < results[0].Length; i++)
            AssertClose($"tensor {i}", results[0][i], results[1][i], EdgeTolerance);
    }

    public static TheoryData<MixingKind, bool, bool> Cases() => new()
    {
        { MixingKind.Softmax, false, false },
        { MixingKind.Softmax, true, false },
        { MixingKind.Softmax, false, true },
        { MixingKind.Dirichlet, false, false },
        { MixingKind.Dirichlet, true, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_edges_equal_the_generic_path(MixingKind kind, bool bounded, bool dropped)
    {
        manual_seed(5);
        using var supernet = RnnSpace.Definition.CreateSupernet(new SpaceOptions([3, 32, 32], 10));
        var mixing = supernet.Architecture.Mixing;
        mixing.Kind = kind;
        mixing.OutputBound = bounded ? 10 : null;
        using (no_grad())
            foreach (var alpha in supernet.ArchitectureParameters()) alpha.copy_(randn(alpha.shape) * 0.7);
        if (dropped)
            foreach (var scope in supernet.Architecture.MixingScopes)
            {
                scope.Drop(1);
                scope.Drop(scope.Table.Count - 1);
            }

        using var data = NewDisposeScope();
        // Scaled up so the guard's clamps and the output bound are reached inside the cell.
        var images = (randn(6, 3, 32, 32) * 3).requires_grad_(true);
        var labels = randint(0, 10, [6]);
        var generic = Pass(supernet, images, labels, fused: false);
        var fused = Pass(supernet, images, labels, fused: true);

        Assert.Equal(generic.Count, fused.Count);
        foreach (var (name, expected) in generic)
            AssertClose(name, expected, fused[name], SupernetTolerance);
    }

    [Fact]
    public void Op_sets_with_derivatives_fuse_and_parametric_ones_do_not()
    {
        Assert.True(FusedCandidates.Supports(Unary.Table));
        Assert.True(FusedCandidates.Supports(Binary.Table));
        Assert.True(FusedCandidates.Supports(Activations.Table));
        Assert.False(FusedCandidates.Supports(Extended.Table));
        Assert.False(FusedCandidates.Supports(ExtendedBinary.Table));
    }

    [Fact]
    public void A_create_graph_backward_through_a_fused_edge_gives_NaN_and_the_generic_path_serves_it()
    {
        manual_seed(6);
        using var supernet = RnnSpace.Definition.CreateSupernet(new SpaceOptions([3, 32, 32], 10));
        using var data = NewDisposeScope();
        var images = randn(2, 3, 32, 32);
        bool SecondOrderTermIsFinite()
        {
            var loss = supernet.forward(images).square().mean();
            var alpha = supernet.ArchitectureParameters()[0];
            var gradient = autograd.grad([loss], [alpha], create_graph: true)[0];
            return gradient.isfinite().all().item<bool>();
        }
        Assert.False(SecondOrderTermIsFinite());
        supernet.Architecture.Mixing.FusedEdges = false;
        Assert.True(SecondOrderTermIsFinite());
    }

    [Fact]
    public void With_the_alphas_held_constant_a_fused_edge_still_gives_the_input_gradients()
    {
        // The weight step's case: the fused node skips the weights' gradient, and must not lose the inputs'.
        foreach (var table in new[] { Unary.Table, Binary.Table })
        {
            manual_seed(9);
            var settings = new MixingSettings();
            var alpha = new TorchSharp.Modules.Parameter(randn(table.Count), requires_grad: false);
            var scope = new MixingScope(alpha, table, settings);
            using var data = NewDisposeScope();
            var results = GenericAndFused(table, scope, settings, alphaGradient: false);
            for (var i = 0; i < results[0].Length; i++)
                AssertClose($"{table.Name} output {i}", results[0][i], results[1][i], EdgeTolerance);
            Assert.Null(alpha.grad);
        }
    }

    /// <summary>
    /// One edge over <paramref name="table"/> by the generic path, then the fused one: its value and the gradients of
    /// its inputs (and, with <paramref name="alphaGradient"/>, of the alpha) for one output gradient. Inputs are
    /// 3·N(0, 1), which reaches every guard bound, of the Rnn cell's size, 64·400. Tensors are made in the caller's
    /// dispose scope.
    /// </summary>
    private static List<Tensor[]> GenericAndFused(OpTable table, MixingScope scope, MixingSettings settings, bool alphaGradient)
    {
        var context = new PrimitiveContext([400], new SpaceOptions([400], 10), "Edge");
        var a = (randn(64, 400) * 3).requires_grad_(true);
        var b = (randn(64, 400) * 3).requires_grad_(true);
        var outputGradient = randn(64, 400);
        var results = new List<Tensor[]>();
        foreach (var fused in new[] { false, true })
        {
            settings.FusedEdges = fused;
            // The same Dirichlet sample for both paths.
            manual_seed(8);
            var output = table.Arity == 1
                ? new MixedOp(table, scope, context, null).forward(a)
                : new MixedBinaryOp(table, scope, context, null).forward(a, b);
            Tensor[] inputs = table.Arity == 1 ? [a] : [a, b];
            if (alphaGradient) inputs = [.. inputs, scope.Alpha];
            results.Add([output.detach(), .. autograd.grad([output], inputs, [outputGradient])]);
        }
        return results;
    }

    private static Dictionary<string, Tensor> Pass(Supernet supernet, Tensor images, Tensor labels, bool fused)
    {
        supernet.Architecture.Mixing.FusedEdges = fused;
        supernet.zero_grad();
        images.grad?.zero_();
        // The same Dirichlet samples for both paths: edges draw in the same order.
        manual_seed(17);
        var logits = supernet.forward(images);
        nn.functional.cross_entropy(logits, labels).backward();
        var result = new Dictionary<string, Tensor> { ["logits"] = logits.detach().clone(), ["image gradient"] = images.grad!.clone() };
        foreach (var (name, parameter) in supernet.named_parameters())
            result[name + " gradient"] = parameter.grad is { } g ? g.clone() : zeros_like(parameter);
        return result;
    }

    private static void AssertClose(string name, Tensor expected, Tensor actual, double tolerance)
    {
        var scale = expected.abs().max().item<float>();
        var error = (actual - expected).abs().max().item<float>();
        Assert.True(float.IsFinite(scale), $"{name}: the generic path is not finite");
        Assert.True(error <= tolerance * Math.Max(scale, 1e-6), $"{name}: largest difference {error:E3} against largest magnitude {scale:E3}");
    }
}
