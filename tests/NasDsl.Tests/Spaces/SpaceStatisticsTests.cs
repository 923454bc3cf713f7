using System.Numerics;
using ActivationSearch;
using NasDsl.Cli;
using NasDsl.Operations;

namespace NasDsl.Tests.Spaces;

/// <summary>The statistics the generator counts at compile time agree with the scopes the runtime collects, and the
/// registry it emits lists each assembly's own spaces.</summary>
public sealed class SpaceStatisticsTests
{
    public static TheoryData<string> NotebookSpaces => new() { "simple", "complex", "rnn" };

    [Fact]
    public void RnnSpaceCountsItsSixEdgesOverOpSetsFromAnotherAssembly()
    {
        var statistics = RnnSpace.Statistics;
        Assert.Equal(new BigInteger(21L * 21 * 21 * 7 * 21 * 7), statistics.Architectures);
        Assert.Equal(4 * 21 + 2 * 7, statistics.Alphas);
        Assert.Equal(["Act.U1", "Act.U2", "Act.U3", "Act.B1", "Act.U4", "Act.B2"], statistics.Scopes.Select(s => s.Path));
        Assert.Equal([21, 21, 21, 7, 21, 7], statistics.Edges.Select(e => e.Candidates));
        Assert.Equal("9,529,569 architectures; 6 scopes, 98 alphas; 6 mixed edges", statistics.ToString());
    }

    [Theory]
    [MemberData(nameof(NotebookSpaces))]
    public void CompileTimeScopesEqualTheRuntimeScopes(string name)
    {
        var space = SearchSpaceRegistry.Of(typeof(RnnSpace).Assembly).Single(s => s.Name == name);
        var runtime = space.Accept(new ScopesOf());
        Assert.Equal(runtime.Select(s => (s.Path, s.OpSet, s.Count)), space.Statistics.Scopes.Select(s => (s.Path, s.OpSet, s.Alphas)));
        Assert.Equal(runtime.Aggregate(BigInteger.One, (product, s) => product * s.Count), space.Statistics.Architectures);
    }

    /// <summary>ResNet-20 repeats its blocks ([Repeat]); every repetition's activation slot is one shared scope set.</summary>
    [Fact]
    public void RepeatedPlacementsCountAsTheRuntimePlacesThem()
    {
        var space = SearchSpaceRegistry.Of(typeof(ActivationSearch.ResNet20Space).Assembly).Single(s => s.Name == "resnet20");
        var runtime = space.Accept(new ScopesOf());
        Assert.Equal(runtime.Select(s => (s.Path, s.OpSet, s.Count)), space.Statistics.Scopes.Select(s => (s.Path, s.OpSet, s.Alphas)));
        Assert.Equal(6, space.Statistics.Scopes.Count);
        // 19 activation slots of 6 mixed edges each, all in the one shared cell's scopes.
        Assert.Equal(19 * 6, space.Statistics.Edges.Count);
    }

    [Fact]
    public void PlacementsOfACellThatSharesWeightsAreEdgesOfOneScope()
    {
        var statistics = SharedSpace.Statistics;
        Assert.Equal(SharedSpace.Definition.Scopes.Select(s => s.Path), statistics.Scopes.Select(s => s.Path));
        Assert.Equal([("First.A", "SharedCell.A"), ("Second.A", "SharedCell.A"), ("SumFromFirst", "SumFromFirst"), ("SumFromSecond", "SumFromSecond")],
            statistics.Edges.Select(e => (e.Path, e.Scope)));
        Assert.Equal(BigInteger.Pow(Unary.Table.Count, 3), statistics.Architectures);
    }

    [Fact]
    public void TheRegistryListsEachAssemblysOwnSpacesByShortName()
    {
        var mine = SearchSpaceRegistry.Of(typeof(RnnSpace).Assembly).Select(s => s.Name).ToList();
        Assert.Contains("rnn", mine);
        Assert.Contains("shared", mine);
        Assert.DoesNotContain("baseline", mine);
        Assert.Equal("ActivationSearch.RnnSpace", SearchSpaceRegistry.Of(typeof(RnnSpace).Assembly).Single(s => s.Name == "rnn").TypeName);
        // The host's baseline network is the host's, not the application's.
        Assert.Equal(["baseline"], SearchSpaceRegistry.Of(typeof(SearchHost).Assembly).Select(s => s.Name));
        Assert.Empty(SearchSpaceRegistry.Of(typeof(Xunit.FactAttribute).Assembly));
    }

    private sealed class ScopesOf : ISearchSpaceVisitor<IReadOnlyList<ScopeInfo>>
    {
        public IReadOnlyList<ScopeInfo> Visit<TGenotype>(SearchSpaceDefinition<TGenotype> space) where TGenotype : class => space.Scopes;
    }
}
