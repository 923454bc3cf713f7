using NasDsl.Generators.Tests.Infrastructure;

namespace NasDsl.Generators.Tests.Diagnostics;

/// <summary>Small valid building blocks for diagnostic tests: a unary and a binary op set, a one- and a two-input module,
/// and cells with one and two inputs. Each test appends the code under test (with its markup) to these.</summary>
internal static class TestSources
{
    private const string Common = NotebookSources.Prelude + """
        [OpSet]
        public static partial class U
        {
            [UnaryPrimitive] public static Tensor Identity(Tensor x) => x;
            [UnaryPrimitive] public static Tensor Sin(Tensor x) => x.sin();
        }

        [OpSet]
        public static partial class B
        {
            [BinaryPrimitive] public static Tensor Add(Tensor a, Tensor b) => a + b;
            [BinaryPrimitive] public static Tensor Max(Tensor a, Tensor b) => maximum(a, b);
        }

        public sealed class Stem : nn.Module<Tensor, Tensor>
        {
            public Stem() : base(nameof(Stem)) { }

            public override Tensor forward(Tensor x) => x;
        }

        public sealed class Join : nn.Module<Tensor, Tensor, Tensor>
        {
            public Join() : base(nameof(Join)) { }

            public override Tensor forward(Tensor a, Tensor b) => a + b;
        }

        [Cell]
        public partial class Inner
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }

        [Cell]
        public partial class Pairwise
        {
            [Input] public partial Node A { get; }
            [Input] public partial Node B { get; }
            [Output, Edge(nameof(A), nameof(B), Ops = typeof(B))] public partial Node Y { get; }
        }

        """;

    /// <summary>The common blocks followed by <paramref name="code"/>.</summary>
    public static string With(string code) => Common + code;
}
