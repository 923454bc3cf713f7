using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl;

/// <summary>
/// Everything the runtime needs to know about one search space. A generated <see cref="SearchSpaceAttribute"/> class
/// exposes one as its static <c>Definition</c> property (see <see cref="IGeneratedSearchSpace{TGenotype}"/>); a space
/// written by hand derives from this class.
/// </summary>
/// <typeparam name="TGenotype">The space's generated genotype record.</typeparam>
public abstract class SearchSpaceDefinition<TGenotype> where TGenotype : class
{
    private IReadOnlyList<ScopeInfo>? _scopes;

    /// <summary>The search space's class name.</summary>
    public abstract string Name { get; }

    /// <summary>The search space's own graph.</summary>
    public abstract CellDescription Graph { get; }

    /// <summary>The fixed networks a search of this space is compared against, as genotypes of the space by name
    /// (<see cref="ISearchSpaceBaselines{TGenotype}"/>); empty when the space declares none.</summary>
    public virtual IReadOnlyDictionary<string, TGenotype> Baselines { get; } = new Dictionary<string, TGenotype>();

    /// <summary>Every architecture-weight scope, in topological order, nested cells expanded in place.</summary>
    public IReadOnlyList<ScopeInfo> Scopes => _scopes ??= CollectScopes();

    /// <summary>Builds the supernet: every mixed edge a <see cref="MixedOp"/> over fresh alphas.</summary>
    public Supernet<TGenotype> CreateSupernet(SpaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var architecture = new ArchitectureWeights(Scopes, options.ResolvedDevice);
        var builder = NetworkBuilder.ForSupernet(options, architecture);
        using var probe = builder.InputProbe();
        return new Supernet<TGenotype>(this, BuildNetwork(builder, probe, null), architecture);
    }

    /// <summary>Builds the discrete network of <paramref name="genotype"/>: each mixed edge its chosen operation.</summary>
    public nn.Module<Tensor, Tensor> CreateDiscrete(TGenotype genotype, SpaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        ArgumentNullException.ThrowIfNull(options);
        ChoicesOf(genotype); // rejects different choices for one shared scope
        var builder = NetworkBuilder.ForDiscrete(options);
        using var probe = builder.InputProbe();
        return BuildNetwork(builder, probe, genotype);
    }

    /// <summary>The genotype with choice <c>choices[i]</c> for scope <c>Scopes[i]</c>.</summary>
    public TGenotype GenotypeFromChoices(IReadOnlyList<int> choices)
    {
        if (choices.Count != Scopes.Count)
            throw new ArgumentException($"{Name} has {Scopes.Count} scopes; got {choices.Count} choices.", nameof(choices));
        var byPath = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < choices.Count; i++)
        {
            if (choices[i] < 0 || choices[i] >= Scopes[i].Count)
                throw new ArgumentOutOfRangeException(nameof(choices), $"Choice {choices[i]} for scope '{Scopes[i].Path}' is outside 0..{Scopes[i].Count - 1}.");
            byPath[Scopes[i].Path] = choices[i];
        }
        return ReadGenotype(new ScopeChoices(byPath));
    }

    /// <summary>The genotype choosing the named operation for each scope path.</summary>
    public TGenotype GenotypeFromNames(IReadOnlyDictionary<string, string> operationByScope)
    {
        var choices = new int[Scopes.Count];
        for (var i = 0; i < Scopes.Count; i++)
        {
            var scope = Scopes[i];
            if (!operationByScope.TryGetValue(scope.Path, out var name))
                throw new ArgumentException($"The genotype names no operation for scope '{scope.Path}'.", nameof(operationByScope));
            choices[i] = scope.Table.IndexOf(name);
            if (choices[i] < 0)
                throw new ArgumentException($"Scope '{scope.Path}': '{name}' is not an operation of {scope.OpSet} ({string.Join(", ", scope.Table.Ops.Select(o => o.Name))}).", nameof(operationByScope));
        }
        return GenotypeFromChoices(choices);
    }

    /// <summary>The choice index of every scope in <paramref name="genotype"/>, in <see cref="Scopes"/> order.</summary>
    public int[] ChoicesOf(TGenotype genotype)
    {
        var choices = new ScopeChoices(new Dictionary<string, int>(StringComparer.Ordinal));
        WriteGenotype(genotype, choices);
        return Scopes.Select(s => choices.All[s.Path]).ToArray();
    }

    /// <summary>The operation name of every scope in <paramref name="genotype"/>, by scope path.</summary>
    public IReadOnlyDictionary<string, string> NamesOf(TGenotype genotype)
    {
        var choices = ChoicesOf(genotype);
        return Scopes.Select((s, i) => (s.Path, s.Table[choices[i]].Name)).ToDictionary(p => p.Path, p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>The formulas of <paramref name="genotype"/>: one per searched cell placement (labelled), or one
    /// for the whole network when the search space itself has mixed edges.</summary>
    public abstract IReadOnlyList<(string Label, Formula Formula)> Formulas(TGenotype genotype);

    /// <summary>The genotype as text: each formula simplified (<c>-(-x)</c> → <c>x</c>, terms times zero dropped) and
    /// named when it is a known activation, e.g. <c>Act: x·σ(x) (Swish (SiLU))</c>.</summary>
    public string Format(TGenotype genotype) => string.Join("; ", Formulas(genotype).Select(f =>
    {
        var simplified = f.Formula.Simplify();
        var text = simplified.KnownName is { } known ? $"{simplified} ({known})" : simplified.ToString();
        return f.Label.Length == 0 ? text : $"{f.Label}: {text}";
    }));

    /// <summary>Builds the generated network; <paramref name="genotype"/> null builds the supernet.</summary>
    protected abstract nn.Module<Tensor, Tensor> BuildNetwork(NetworkBuilder builder, Tensor input, TGenotype? genotype);

    /// <summary>Reports every mixed edge, nested cells included.</summary>
    protected abstract void DescribeScopes(ScopeCollector scopes);

    /// <summary>Reads a genotype from choices keyed by scope path.</summary>
    protected abstract TGenotype ReadGenotype(ScopeChoices choices);

    /// <summary>Writes a genotype's choices keyed by scope path.</summary>
    protected abstract void WriteGenotype(TGenotype genotype, ScopeChoices choices);

    private IReadOnlyList<ScopeInfo> CollectScopes()
    {
        var collector = new ScopeCollector();
        DescribeScopes(collector);
        return collector.Scopes;
    }
}
