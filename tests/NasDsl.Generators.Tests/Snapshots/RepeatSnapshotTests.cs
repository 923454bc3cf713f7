using NasDsl.Generators.Tests.Diagnostics;
using NasDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace NasDsl.Generators.Tests.Snapshots;

/// <summary>[Repeat]: a cell placed three times in sequence with weights of its own per repetition, and a cell that
/// shares its weights placed twice, one genotype property for both.</summary>
public sealed class RepeatSnapshotTests
{
    private const string Source = """
        [Cell(ShareWeights = true)]
        public partial class Shared
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node A { get; }
        }

        [SearchSpace]
        public partial class Deep
        {
            [Input] public partial Node Image { get; }
            [Edge(nameof(Image)), Repeat(3)] public partial Inner Blocks { get; }
            [Edge(nameof(Blocks)), Repeat(2)] public partial Shared Acts { get; }
            [Output, Edge(nameof(Acts), Op = typeof(Stem))] public partial Node Logits { get; }
        }
        """;

    [Fact]
    public void Repeated_placements()
    {
        var run = GeneratorHarness.Run(TestSources.With(Source));

        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
        Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        var deep = run.Source("Deep.g.cs");
        Assert.Contains("global::Inner.Genotype Blocks_0,", deep);
        Assert.Contains("global::Inner.Genotype Blocks_2,", deep);
        Assert.Contains("global::Shared.Genotype Acts);", deep);
        Assert.Contains("var blocks = _blocks_2.forward(blocks_1);", deep);
        Snapshot.Verify(run);
    }
}
