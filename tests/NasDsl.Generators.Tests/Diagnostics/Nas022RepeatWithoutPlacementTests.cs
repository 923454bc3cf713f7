using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas022RepeatWithoutPlacementTests
{
    [Fact]
    public Task Repeat_on_an_operation_node() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U)), {|#0:Repeat(3)|}] public partial Node Y { get; }
        }
        """),
        Nas(RepeatWithoutPlacement, 0, "Stage", "Y"));

    [Fact]
    public Task Repeat_on_an_input() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input, {|#0:Repeat(2)|}] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(RepeatWithoutPlacement, 0, "Stage", "X"));
}
