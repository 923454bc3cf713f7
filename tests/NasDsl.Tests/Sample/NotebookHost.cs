using ActivationSearch;
using NasDsl.Cli;

namespace NasDsl.Tests.Sample;

/// <summary>Gives in-process host code (sweep planning reads run options) the spaces SearchHostApp offers.</summary>
internal static class NotebookHost
{
    public static void Use() => HostSpaces.Use(SearchSpaceRegistry.Of(typeof(RnnSpace).Assembly), "rnn");
}

/// <summary>Tests that set the host's process-wide spaces run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class HostSpacesCollection
{
    public const string Name = "Host spaces";
}
