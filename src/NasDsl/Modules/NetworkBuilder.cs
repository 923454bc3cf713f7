using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl;

/// <summary>
/// Builds the edges of generated networks. A supernet builder (with architecture weights) turns mixed edges
/// into <see cref="MixedOp"/>s; a discrete builder turns them into the chosen operation. Shapes travel as
/// probe tensors: each module is built from the shape of the probe that reaches it, then run once on it
/// (no gradient, evaluation mode) to give the probe for the next edge.
/// </summary>
public sealed class NetworkBuilder
{
    private readonly ArchitectureWeights? _architecture;

    private NetworkBuilder(SpaceOptions options, ArchitectureWeights? architecture, ScopeCursor weightScope, string path)
    {
        Options = options;
        _architecture = architecture;
        WeightScope = weightScope;
        Path = path;
    }

    /// <summary>A builder for a supernet whose mixed edges read <paramref name="architecture"/>.</summary>
    public static NetworkBuilder ForSupernet(SpaceOptions options, ArchitectureWeights architecture) =>
        new(options, architecture, ScopeCursor.Root, string.Empty);

    /// <summary>A builder for a discrete network; mixed edges must be given a choice.</summary>
    public static NetworkBuilder ForDiscrete(SpaceOptions options) =>
        new(options, null, ScopeCursor.Root, string.Empty);

    /// <summary>The options the network is built with.</summary>
    public SpaceOptions Options { get; }

    /// <summary>The placement path of the cell being built ("" at the root).</summary>
    public string Path { get; }

    /// <summary>The scope that architecture weights are looked up in.</summary>
    public ScopeCursor WeightScope { get; }

    /// <summary>A probe tensor shaped like one batch of two inputs.</summary>
    public Tensor InputProbe() => zeros([2, .. Options.InputShape], device: Options.ResolvedDevice);

    /// <summary>A one-input searchable edge, or its chosen operation when <paramref name="choice"/> is set.</summary>
    public nn.Module<Tensor, Tensor> Unary(string edge, OpTable ops, int? choice, Tensor input)
    {
        var context = ContextFor(edge, input);
        if (choice is int index) return ops[index].CreateUnary(context);
        return new MixedOp(ops, AlphaFor(edge), context);
    }

    /// <summary>A two-input searchable edge, or its chosen operation when <paramref name="choice"/> is set.</summary>
    public nn.Module<Tensor, Tensor, Tensor> Binary(string edge, OpTable ops, int? choice, Tensor a, Tensor b)
    {
        var context = ContextFor(edge, a);
        if (choice is int index) return ops[index].CreateBinary(context);
        return new MixedBinaryOp(ops, AlphaFor(edge), context);
    }

    /// <summary>A fixed edge built by <paramref name="create"/> from the shape of <paramref name="input"/>.</summary>
    public TModule Fixed<TModule>(string edge, Func<PrimitiveContext, TModule> create, Tensor input) where TModule : nn.Module =>
        create(ContextFor(edge, input));

    /// <summary>The builder for a cell placed at <paramref name="placement"/>.</summary>
    public NetworkBuilder Enter(string placement, string cellName, bool shareWeights) =>
        new(Options, _architecture, WeightScope.Enter(placement, cellName, shareWeights), Join(Path, placement));

    /// <summary>Runs <paramref name="module"/> once on a probe to learn the shape of its output.</summary>
    public Tensor Probe(nn.Module<Tensor, Tensor> module, Tensor input)
    {
        using var _ = no_grad();
        module.eval();
        var output = module.forward(input);
        module.train();
        return output;
    }

    /// <summary>Runs a two-input <paramref name="module"/> once on probes to learn the shape of its output.</summary>
    public Tensor Probe(nn.Module<Tensor, Tensor, Tensor> module, Tensor a, Tensor b)
    {
        using var _ = no_grad();
        module.eval();
        var output = module.forward(a, b);
        module.train();
        return output;
    }

    private PrimitiveContext ContextFor(string edge, Tensor input) =>
        new(input.shape.Skip(1).ToArray(), Options, Join(Path, edge));

    private TorchSharp.Modules.Parameter AlphaFor(string edge) =>
        _architecture?[WeightScope.KeyFor(edge)]
        ?? throw new InvalidOperationException($"Mixed edge '{Join(Path, edge)}' has no choice; a discrete network needs a genotype entry for it.");

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
