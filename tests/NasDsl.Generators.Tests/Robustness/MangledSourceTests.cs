using NasDsl.Generators.Tests.Diagnostics;
using NasDsl.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NasDsl.Generators.Tests.Robustness;

/// <summary>
/// Attributes with missing or wrong-typed arguments, and types the DSL does not expect (generic, nested, declared twice):
/// the generator must not throw and may only report NAS diagnostics. The compiler reports the rest.
/// </summary>
public sealed class MangledSourceTests(ITestOutputHelper output)
{
    private static string Stage(string edgeAttribute) => $$"""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, {{edgeAttribute}}] public partial Node Y { get; }
        }
        """;

    /// <summary>Each case is appended to the valid building blocks of the diagnostic tests.</summary>
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>
    {
        ["edge source of the wrong type"] = Stage("Edge(42)"),
        ["edge source null"] = Stage("Edge(null)"),
        ["edge source null among others"] = Stage("Edge(nameof(X), null, Ops = typeof(B))"),
        ["edge sources as an explicit array"] = Stage("Edge(new[] { nameof(X) }, Ops = typeof(U))"),
        ["edge sources as an array of two"] = Stage("Edge(new[] { nameof(X), nameof(X) }, Ops = typeof(B))"),
        ["edge without arguments"] = Stage("Edge"),
        ["edge with empty parentheses"] = Stage("Edge()"),
        ["Ops of the wrong type"] = Stage("Edge(Ops = 3)"),
        ["Op of the wrong type"] = Stage("Edge(nameof(X), Op = \"Stem\")"),
        ["Op null"] = Stage("Edge(nameof(X), Op = null)"),
        ["Ops given twice"] = Stage("Edge(nameof(X), Ops = typeof(U), Ops = typeof(B))"),
        ["missing source and missing op set"] = Stage("Edge(nameof(Missing), Ops = typeof(Missing))"),
        ["Args not an array"] = Stage("Edge(nameof(X), Op = typeof(Stem), Args = 3)"),
        ["Args holding an array"] = Stage("Edge(nameof(X), Op = typeof(Stem), Args = [new[] { 1 }])"),
        ["Args null"] = Stage("Edge(nameof(X), Op = typeof(Stem), Args = null)"),
        ["unknown named argument"] = Stage("Edge(nameof(X), Ops = typeof(U), Weight = 2)"),
        ["nameof of a qualified member"] = Stage("Edge(nameof(Inner.X), Ops = typeof(U))"),
        ["nameof of an expression"] = Stage("Edge(nameof(X.Path), Ops = typeof(U))"),
        ["interpolated source"] = Stage("Edge($\"{nameof(X)}\", Ops = typeof(U))"),
        ["Ops names a generic op set"] = Stage("Edge(nameof(X), Ops = typeof(List<int>))"),
        ["Op names an interface"] = Stage("Edge(nameof(X), Op = typeof(IDisposable))"),
        ["Op names a type parameter"] = "public partial class Holder<T> { " + Stage("Edge(nameof(X), Op = typeof(T))") + " }",
        ["generic cell"] = """
            [Cell]
            public partial class Generic<T>
            {
                [Input] public partial Node X { get; }
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            }
            """,
        ["generic and non-generic cell of one name"] = """
            [Cell]
            public partial class Twin<T>
            {
                [Input] public partial Node X { get; }
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            }

            [Cell]
            public partial class Twin
            {
                [Input] public partial Node X { get; }
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            }
            """,
        ["cell placed as a closed generic"] = """
            [Cell]
            public partial class Generic<T>
            {
                [Input] public partial Node X { get; }
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            }

            [SearchSpace]
            public partial class Space
            {
                [Input] public partial Node Image { get; }
                [Output, Edge(nameof(Image))] public partial Generic<int> G { get; }
            }
            """,
        ["cell nested in a generic class"] = "public partial class Outer<T> { " + Stage("Edge(nameof(X), Ops = typeof(U))") + " }",
        ["cell nested in a class that is not partial"] = "public class Outer { " + Stage("Edge(nameof(X), Ops = typeof(U))") + " }",
        ["cell nested in a struct"] = "public partial struct Outer { " + Stage("Edge(nameof(X), Ops = typeof(U))") + " }",
        ["cell nested two deep"] = "public partial class A { public partial class B { " + Stage("Edge(nameof(X), Ops = typeof(U))") + " } }",
        ["generic op set"] = """
            [OpSet]
            public static partial class Ops<T>
            {
                [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            }
            """,
        ["op set nested in a generic class"] = """
            public partial class Outer<T>
            {
                [OpSet]
                public static partial class Ops
                {
                    [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
                }
            }
            """,
        ["cell marked [Cell] on two partial declarations"] = """
            [Cell]
            public partial class Split
            {
                [Input] public partial Node X { get; }
            }

            [Cell]
            public partial class Split
            {
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            }
            """,
        ["op set marked [OpSet] on two partial declarations"] = """
            [OpSet]
            public static partial class Split
            {
                [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            }

            [OpSet]
            public static partial class Split
            {
                [UnaryPrimitive] public static Tensor Abs(Tensor x) => x.abs();
            }
            """,
        ["class marked [Cell] and [SearchSpace]"] = """
            [Cell, SearchSpace]
            public partial class Both
            {
                [Input] public partial Node X { get; }
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            }
            """,
        ["class marked [OpSet] and [Cell]"] = """
            [OpSet, Cell]
            public static partial class Both
            {
                [UnaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            }
            """,
        ["two nodes of one name"] = """
            [Cell]
            public partial class Stage
            {
                [Input] public partial Node X { get; }
                [Input] public partial Node X { get; }
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            }
            """,
        ["two cells whose names differ only in case"] = """
            [Cell]
            public partial class Stage
            {
                [Input] public partial Node X { get; }
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            }

            [Cell]
            public partial class stage
            {
                [Input] public partial Node X { get; }
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            }
            """,
        ["nested cell and namespaced cell of one full name"] = """
            namespace A
            {
                public partial class B
                {
                    [Cell]
                    public partial class C
                    {
                        [Input] public partial Node X { get; }
                        [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
                    }
                }
            }

            namespace A.B
            {
                [Cell]
                public partial class C
                {
                    [Input] public partial Node X { get; }
                    [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
                }
            }
            """,
        ["two cells without a name"] = """
            [Cell]
            public partial class
            {
                [Input] public partial Node X { get; }
            }

            [Cell]
            public partial class
            {
                [Input] public partial Node X { get; }
            }
            """,
        ["node without a name"] = """
            [Cell]
            public partial class Stage
            {
                [Input] public partial Node X { get; }
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node { get; }
            }
            """,
        ["attribute on a record"] = """
            [Cell]
            public partial record Stage
            {
                [Input] public partial Node X { get; }
            }
            """,
        ["attribute on a struct"] = """
            [Cell]
            public partial struct Stage
            {
                [Input] public partial Node X { get; }
            }
            """,
        ["primitive attribute on a property"] = """
            [OpSet]
            public static partial class Ops
            {
                [UnaryPrimitive] public static Tensor Neg => default!;
            }
            """,
        ["primitive with both attributes"] = """
            [OpSet]
            public static partial class Ops
            {
                [UnaryPrimitive, BinaryPrimitive] public static Tensor Neg(Tensor x) => -x;
            }
            """,
        ["primitive class nested in a generic class"] = """
            public partial class Outer<T>
            {
                [UnaryPrimitive]
                public sealed class Beta : Primitive
                {
                    public Beta(PrimitiveContext context) : base(context) { }

                    public override Tensor forward(Tensor x) => x;
                }
            }
            """,
        ["primitive class deriving from a missing type"] = """
            [UnaryPrimitive]
            public sealed class Beta : Missing
            {
            }
            """,
        ["node typed as a search space"] = """
            [SearchSpace]
            public partial class Space
            {
                [Input] public partial Node Image { get; }
                [Output, Edge(nameof(Image))] public partial Space Again { get; }
            }
            """,
        ["node typed as an array of cells"] = """
            [Cell]
            public partial class Stage
            {
                [Input] public partial Node X { get; }
                [Output, Edge(nameof(X))] public partial Inner[] Y { get; }
            }
            """,
        ["indexer marked as a node"] = """
            [Cell]
            public partial class Stage
            {
                [Input] public partial Node X { get; }
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node this[int i] { get; }
            }
            """,
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Generator_does_not_throw(string name)
    {
        var run = GeneratorHarness.Run(TestSources.With(Cases[name]));

        var problems = RobustnessChecks.Problems(run, name).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Valid code: Roslyn compares hint names ignoring case, so the second type gets a numbered file.</summary>
    [Fact]
    public void Types_whose_names_differ_only_in_case_get_their_own_files()
    {
        var run = GeneratorHarness.Run(TestSources.With(Cases["two cells whose names differ only in case"]));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputDiagnostics);
        Assert.Contains("partial class Stage", run.Source("Stage.g.cs"));
        Assert.Contains("partial class stage", run.Source("stage.2.g.cs"));
    }

    /// <summary>The type is built once: one file, and its diagnostics reported once.</summary>
    [Fact]
    public void Attribute_repeated_on_a_second_partial_declaration_builds_the_type_once()
    {
        var run = GeneratorHarness.Run(TestSources.With("""
            [Cell]
            public partial class Split
            {
                [Input] public partial Node X { get; }
            }

            [Cell]
            public partial class Split
            {
                [Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            }
            """));

        Assert.Equal("NAS004", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Single(run.GeneratedSources, s => s.HintName == "Split.g.cs");
        Assert.Equal(["CS0579"], run.OutputDiagnostics.Select(d => d.Id));
    }

    [Fact]
    public void Enough_cases()
    {
        output.WriteLine($"{Cases.Count} mangled sources");
        Assert.True(Cases.Count >= 40, $"only {Cases.Count} cases");
    }
}
