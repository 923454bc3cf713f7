using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl;

/// <summary>
/// Builds the edges of generated networks. A supernet builder (with architecture weights) turns mixed edges
/// into <see cref="MixedOp"/>s; a discrete builder turns them into the chosen operation. Shapes travel as
/// probe tensors: each module is built from the shape of the probe that reaches it, then run once on it
/// (no gradient, evaluation mode) to give the probe for the next edge. Mixed edges built from the same probe
/// tensor(s) with the same op set of stateless operations read the same node, so they share one evaluation
/// of their candidates (<see cref="SharedCandidates"/>).
/// </summary>
public sealed class NetworkBuilder
{
    private readonly ArchitectureWeights? _architecture;
    private readonly Dictionary<SharingKey, SharedCandidates> _sharing;

    private NetworkBuilder(SpaceOptions options, ArchitectureWeights? architecture, ScopeCursor weightScope, string path, Dictionary<SharingKey, SharedCandidates> sharing)
    {
        Options = options;
        _architecture = architecture;
        WeightScope = weightScope;
        Path = path;
        _sharing = sharing;
    }

    /// <summary>A builder for a supernet whose mixed edges read <paramref name="architecture"/>.</summary>
    public static NetworkBuilder ForSupernet(SpaceOptions options, ArchitectureWeights architecture) =>
        new(options, architecture, ScopeCursor.Root, string.Empty, []);

    /// <summary>A builder for a discrete network; mixed edges must be given a choice.</summary>
    public static NetworkBuilder ForDiscrete(SpaceOptions options) =>
        new(options, null, ScopeCursor.Root, string.Empty, []);

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
        return new MixedOp(ops, ScopeFor(edge), context, SharingFor(ops, input, null));
    }

    /// <summary>A two-input searchable edge, or its chosen operation when <paramref name="choice"/> is set.</summary>
    public nn.Module<Tensor, Tensor, Tensor> Binary(string edge, OpTable ops, int? choice, Tensor a, Tensor b)
    {
        var context = ContextFor(edge, a);
        if (choice is int index) return ops[index].CreateBinary(context);
        return new MixedBinaryOp(ops, ScopeFor(edge), context, SharingFor(ops, a, b));
    }

    /// <summary>A fixed edge built by <paramref name="create"/> from the shape of <paramref name="input"/>.</summary>
    public TModule Fixed<TModule>(string edge, Func<PrimitiveContext, TModule> create, Tensor input) where TModule : nn.Module =>
        create(ContextFor(edge, input));

    /// <summary>The builder for a cell placed at <paramref name="placement"/>.</summary>
    public NetworkBuilder Enter(string placement, string cellName, bool shareWeights) =>
        new(Options, _architecture, WeightScope.Enter(placement, cellName, shareWeights), Join(Path, placement), _sharing);

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

    private MixingScope ScopeFor(string edge) =>
        _architecture?.ScopeAt(WeightScope.KeyFor(edge))
        ?? throw new InvalidOperationException($"Mixed edge '{Join(Path, edge)}' has no choice; a discrete network needs a genotype entry for it.");

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    // Operations with state (their own module per edge) compute different things on each edge: no sharing.
    private SharedCandidates? SharingFor(OpTable ops, Tensor a, Tensor? b)
    {
        if (ops.Ops.Any(o => o.Factory is not null)) return null;
        var key = new SharingKey(ops, a, b);
        if (!_sharing.TryGetValue(key, out var group)) _sharing[key] = group = new SharedCandidates();
        return group;
    }

    /// <summary>An op set and the probe tensor(s) an edge is built from, compared by reference.</summary>
    private readonly record struct SharingKey(OpTable Ops, Tensor A, Tensor? B)
    {
        public bool Equals(SharingKey other) =>
            ReferenceEquals(Ops, other.Ops) && ReferenceEquals(A, other.A) && ReferenceEquals(B, other.B);

        public override int GetHashCode() =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(Ops), RuntimeHelpers.GetHashCode(A), B is null ? 0 : RuntimeHelpers.GetHashCode(B));
    }
}
