using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas024RepetitionNameTakenTests
{
    /// <summary>Repetition 1 of Blocks is generated as Blocks_1 (field, module, genotype property): a node of that name
    /// would be declared twice.</summary>
    [Fact]
    public Task Node_named_like_a_repetition() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Edge(nameof(X)), {|#0:Repeat(3)|}] public partial Inner Blocks { get; }
            [Output, Edge(nameof(Blocks), Ops = typeof(U))] public partial Node Blocks_1 { get; }
        }
        """),
        Nas(RepetitionNameTaken, 0, "Stage", "Blocks", 3, 2, "Blocks_1"));

    /// <summary>Names past the last repetition are free.</summary>
    [Fact]
    public Task Node_named_past_the_last_repetition_is_valid() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Edge(nameof(X)), Repeat(2)] public partial Inner Blocks { get; }
            [Output, Edge(nameof(Blocks), Ops = typeof(U))] public partial Node Blocks_2 { get; }
        }
        """));
}
