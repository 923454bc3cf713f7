using ActivationSearch;
using NasDsl.Cli;

namespace NasDsl.Tests.Sample;

/// <summary>Gives in-process host code (sweep planning reads run options) the spaces SearchHostApp offers.</summary>
internal static class NotebookHost
{
    public static void Use() => HostSpaces.Use(SearchSpaceRegistry.Of(typeof(RnnSpace).Assembly), "rnn");
}
