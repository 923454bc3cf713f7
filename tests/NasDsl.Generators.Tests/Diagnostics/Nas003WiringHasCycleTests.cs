using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas003WiringHasCycleTests
{
    [Fact]
    public Task Self_loop() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U)), Edge({|#0:nameof(Y)|}, Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(WiringHasCycle, 0, "Stage", "Y -> Y"));

    [Fact]
    public Task Two_node_cycle_lists_the_path_in_data_flow_order() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Edge(nameof(X), Ops = typeof(U)), Edge(nameof(Q), Ops = typeof(U))] public partial Node P { get; }
            [Output, Edge({|#0:nameof(P)|}, Ops = typeof(U))] public partial Node Q { get; }
        }
        """),
        Nas(WiringHasCycle, 0, "Stage", "Q -> P -> Q"));

    [Fact]
    public Task Cycle_through_a_cell_placement() => VerifyAsync(TestSources.With("""
        [SearchSpace]
        public partial class Space
        {
            [Input] public partial Node Image { get; }
            [Edge(nameof(Image), nameof(Back))] public partial Pairwise Mix { get; }
            [Edge({|#0:nameof(Mix)|}, Op = typeof(Stem))] public partial Node Back { get; }
            [Output, Edge(nameof(Mix), Op = typeof(Stem))] public partial Node Logits { get; }
        }
        """),
        Nas(WiringHasCycle, 0, "Space", "Back -> Mix -> Back"));
}
