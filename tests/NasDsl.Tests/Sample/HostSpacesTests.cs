using ActivationSearch;
using NasDsl.Cli;

namespace NasDsl.Tests.Sample;

/// <summary>How the host names, defaults and refuses spaces before any command line is parsed.</summary>
[Collection(HostSpacesCollection.Name)]
public sealed class HostSpacesTests
{
    private static RegisteredSearchSpace Rnn(string typeName) => RegisteredSearchSpace.Create(typeName, () => RnnSpace.Definition, RnnSpace.Statistics);

    [Fact]
    public void TwoSpacesWithOneCommandLineNameAreRefusedNamingBoth()
    {
        var e = Assert.Throws<UsageException>(() => HostSpaces.Use([Rnn("A.RnnSpace"), Rnn("B.RnnSpace")], null));
        Assert.Equal("the spaces A.RnnSpace and B.RnnSpace share the command-line name 'rnn'; rename one.", e.Message);
    }

    [Fact]
    public void AnApplicationWithoutSpacesIsToldToDeclareOne()
    {
        var e = Assert.Throws<UsageException>(() => HostSpaces.Use([], null));
        Assert.Contains("declares no [SearchSpace] class", e.Message);
    }

    [Fact]
    public void OneSpaceIsTheDefaultAndSeveralNeedOneNamed()
    {
        HostSpaces.Use([Rnn("A.RnnSpace")], null);
        Assert.Equal("rnn", HostSpaces.Default);
        HostSpaces.Use([Rnn("A.RnnSpace"), RegisteredSearchSpace.Create("A.SimpleSpace", () => SimpleSpace.Definition, SimpleSpace.Statistics)], null);
        Assert.Null(HostSpaces.Default);
        Assert.Equal("rnn", HostSpaces.Find("A.RnnSpace").Name);
        Assert.Equal("simple", HostSpaces.Find("SimpleSpace").Name);
        Assert.Equal("--space lenet: unknown space; choose rnn, simple.", Assert.Throws<UsageException>(() => HostSpaces.Find("lenet")).Message);
        Assert.Throws<UsageException>(() => HostSpaces.Use([Rnn("A.RnnSpace")], "simple"));
        NotebookHost.Use();
    }
}
