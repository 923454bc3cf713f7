using Xunit;

namespace NasDsl.Tests.Search;

/// <summary>
/// Searches seed torch's process-wide generator and build networks from it; another test drawing random numbers
/// at the same time would change their initialisation. Tests in this collection run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchStateCollection
{
    public const string Name = "Torch global state";
}
