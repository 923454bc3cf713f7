using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas017NameReservedForGeneratedCodeTests
{
    [Fact]
    public Task Node_named_like_a_generated_member() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node {|#0:Genotype|} { get; }
        }
        """),
        Nas(NameReservedForGeneratedCode, 0, "Stage", "Genotype", "Cell"));

    [Fact]
    public Task Search_space_member_named_like_its_statistics() => VerifyAsync(TestSources.With("""
        [SearchSpace]
        public partial class Space
        {
            [Input] public partial Node Image { get; }
            [Output, Edge(nameof(Image), Ops = typeof(U))] public partial Node Logits { get; }
            public static string {|#0:Statistics|}() => "";
        }
        """),
        Nas(NameReservedForGeneratedCode, 0, "Space", "Statistics", "SearchSpace"));

    [Fact]
    public Task Operation_named_Table() => VerifyAsync(TestSources.With("""
        [OpSet]
        public static partial class Ops
        {
            [UnaryPrimitive] public static Tensor {|#0:Table|}(Tensor x) => x;
        }
        """),
        Nas(NameReservedForGeneratedCode, 0, "Ops", "Table", "OpSet"));

    [Fact]
    public Task Cell_named_Network() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class {|#0:Network|}
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(NameReservedForGeneratedCode, 0, "Network", "Network", "Cell"));
}
