using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace NasDsl;

/// <summary>
/// A search space's supernet: the generated network with a mixed operation on every searchable edge, and the
/// architecture weights those read. Network weights and architecture weights are kept apart for the two
/// optimisers of the bilevel search.
/// </summary>
public class Supernet : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly HashSet<Parameter> _alphaSet;

    /// <summary>Wraps a generated <paramref name="network"/> and its <paramref name="architecture"/>.</summary>
    public Supernet(string name, nn.Module<Tensor, Tensor> network, ArchitectureWeights architecture) : base(name)
    {
        _network = network;
        Architecture = architecture;
        _alphaSet = new HashSet<Parameter>(architecture.Alphas, ReferenceEqualityComparer.Instance);
        register_module("network", network);
        register_module("architecture", architecture);
    }

    /// <summary>The architecture weights, one vector per scope.</summary>
    public ArchitectureWeights Architecture { get; }

    /// <summary>The scopes, in the order of the alpha vectors.</summary>
    public IReadOnlyList<ScopeInfo> Scopes => Architecture.Scopes;

    /// <summary>The network without the architecture weights.</summary>
    public nn.Module<Tensor, Tensor> Network => _network;

    /// <summary>The alphas, for the architecture optimiser.</summary>
    public IReadOnlyList<Parameter> ArchitectureParameters() => Architecture.Alphas;

    /// <summary>Every learnable parameter except the alphas, for the weight optimiser.</summary>
    public IReadOnlyList<Parameter> WeightParameters() =>
        parameters().Where(p => !_alphaSet.Contains(p)).ToList();

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => _network.forward(input);
}

/// <summary>A supernet that knows its search space's typed genotype.</summary>
public sealed class Supernet<TGenotype> : Supernet where TGenotype : class
{
    /// <summary>Wraps a generated network; see <see cref="SearchSpaceDefinition{TGenotype}.CreateSupernet"/>.</summary>
    public Supernet(SearchSpaceDefinition<TGenotype> space, nn.Module<Tensor, Tensor> network, ArchitectureWeights architecture)
        : base(space.Name, network, architecture)
    {
        Space = space;
    }

    /// <summary>The search space this supernet was built from.</summary>
    public SearchSpaceDefinition<TGenotype> Space { get; }

    /// <summary>The argmax genotype of the current alphas.</summary>
    public TGenotype Genotype(bool excludeZero = false) => Space.GenotypeFromChoices(Architecture.Argmax(excludeZero));
}
