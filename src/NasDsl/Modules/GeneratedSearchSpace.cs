using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl;

/// <summary>
/// What the generator implements on every <see cref="SearchSpaceAttribute"/> class, as static members, so that one
/// runtime class (<see cref="SearchSpaceDefinition.For{TSpace, TGenotype}"/>) turns any space into its
/// <see cref="SearchSpaceDefinition{TGenotype}"/> and no space carries a definition class of its own.
/// </summary>
/// <typeparam name="TGenotype">The space's generated genotype record.</typeparam>
public interface IGeneratedSearchSpace<TGenotype> where TGenotype : class
{
    /// <summary>The space's own graph.</summary>
    static abstract CellDescription Graph { get; }

    /// <summary>Builds the space's network: the supernet when <paramref name="genotype"/> is null.</summary>
    static abstract nn.Module<Tensor, Tensor> BuildNetwork(NetworkBuilder builder, Tensor input, TGenotype? genotype);

    /// <summary>Reports every mixed edge, nested cells included.</summary>
    static abstract void DescribeScopes(ScopeCollector scopes);

    /// <summary>Reads a genotype from choices keyed by scope path.</summary>
    static abstract TGenotype ReadGenotype(ScopeChoices choices);

    /// <summary>Writes a genotype's choices keyed by scope path.</summary>
    static abstract void WriteGenotype(TGenotype genotype, ScopeChoices choices);

    /// <summary>One formula per searched cell placement (labelled), or one for the whole network when the space
    /// itself has mixed edges.</summary>
    static abstract IReadOnlyList<(string Label, Formula Formula)> Formulas(TGenotype genotype);
}

/// <summary>
/// Declares the fixed networks a search of this space is compared against, as genotypes of the space itself: for a
/// network whose activation is a searched cell, the cell fixed to <c>relu</c>, <c>swish</c>… A host retrains them
/// beside the found network (<c>--baselines</c>), so the comparison is the same network with another activation.
/// </summary>
/// <typeparam name="TGenotype">The space's generated genotype record.</typeparam>
public interface ISearchSpaceBaselines<TGenotype> where TGenotype : class
{
    /// <summary>The baseline genotypes by their command-line names (lower case, e.g. <c>relu</c>).</summary>
    static abstract IReadOnlyDictionary<string, TGenotype> Baselines { get; }
}

/// <summary>Creates the definitions of generated search spaces.</summary>
public static class SearchSpaceDefinition
{
    /// <summary>The definition of the generated space <typeparamref name="TSpace"/>; its <c>Definition</c> property
    /// holds the one instance.</summary>
    /// <param name="baselines">The space's <see cref="ISearchSpaceBaselines{TGenotype}.Baselines"/>, read when first
    /// asked for (they are usually built from the definition itself).</param>
    public static SearchSpaceDefinition<TGenotype> For<TSpace, TGenotype>(Func<IReadOnlyDictionary<string, TGenotype>>? baselines = null)
        where TSpace : IGeneratedSearchSpace<TGenotype>
        where TGenotype : class => new GeneratedSpaceDefinition<TSpace, TGenotype>(baselines);

    private sealed class GeneratedSpaceDefinition<TSpace, TGenotype>(Func<IReadOnlyDictionary<string, TGenotype>>? baselines)
        : SearchSpaceDefinition<TGenotype>
        where TSpace : IGeneratedSearchSpace<TGenotype>
        where TGenotype : class
    {
        private readonly Lazy<IReadOnlyDictionary<string, TGenotype>> _baselines =
            new(() => baselines?.Invoke() ?? new Dictionary<string, TGenotype>());

        public override IReadOnlyDictionary<string, TGenotype> Baselines => _baselines.Value;

        public override string Name => TSpace.Graph.Name;

        public override CellDescription Graph => TSpace.Graph;

        public override IReadOnlyList<(string Label, Formula Formula)> Formulas(TGenotype genotype) => TSpace.Formulas(genotype);

        protected override nn.Module<Tensor, Tensor> BuildNetwork(NetworkBuilder builder, Tensor input, TGenotype? genotype) =>
            TSpace.BuildNetwork(builder, input, genotype);

        protected override void DescribeScopes(ScopeCollector scopes) => TSpace.DescribeScopes(scopes);

        protected override TGenotype ReadGenotype(ScopeChoices choices) => TSpace.ReadGenotype(choices);

        protected override void WriteGenotype(TGenotype genotype, ScopeChoices choices) => TSpace.WriteGenotype(genotype, choices);
    }
}
