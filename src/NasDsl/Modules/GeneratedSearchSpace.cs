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

/// <summary>Creates the definitions of generated search spaces.</summary>
public static class SearchSpaceDefinition
{
    /// <summary>The definition of the generated space <typeparamref name="TSpace"/>; its <c>Definition</c> property
    /// holds the one instance.</summary>
    public static SearchSpaceDefinition<TGenotype> For<TSpace, TGenotype>()
        where TSpace : IGeneratedSearchSpace<TGenotype>
        where TGenotype : class => new GeneratedSpaceDefinition<TSpace, TGenotype>();

    private sealed class GeneratedSpaceDefinition<TSpace, TGenotype> : SearchSpaceDefinition<TGenotype>
        where TSpace : IGeneratedSearchSpace<TGenotype>
        where TGenotype : class
    {
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
