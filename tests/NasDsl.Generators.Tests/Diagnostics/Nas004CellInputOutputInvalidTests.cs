using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas004CellInputOutputInvalidTests
{
    /// <summary>The [Input] was forgotten: X is no node, so Y's source names none either.</summary>
    [Fact]
    public Task No_input() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class {|#0:Stage|}
        {
            public partial Node {|#1:X|} { get; }
            [Output, Edge({|#2:nameof(X)|}, Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(CellHasNoInput, 0, "Stage"),
        Nas(EdgeSourceNotFound, 2, "Stage", "Y", "X"),
        DiagnosticResult.CompilerError("CS9248").WithLocation(1).WithArguments("Stage.X"));

    /// <summary>The search space that places the broken cell is not generated in full and reports nothing more.</summary>
    [Fact]
    public Task No_output() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class {|#0:Stage|}
        {
            [Input] public partial Node X { get; }
            [Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }

        [SearchSpace]
        public partial class Space
        {
            [Input] public partial Node Image { get; }
            [Output, Edge(nameof(Image))] public partial Stage S { get; }
        }
        """),
        Nas(CellHasNoOutput, 0, "Stage"));

    [Fact]
    public Task Empty_cell_has_neither() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class {|#0:Stage|}
        {
        }
        """),
        Nas(CellHasNoInput, 0, "Stage"),
        Nas(CellHasNoOutput, 0, "Stage"));

    [Fact]
    public Task Two_outputs() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            [{|#0:Output|}, Edge(nameof(X), Ops = typeof(U))] public partial Node Z { get; }
        }
        """),
        Nas(CellHasSeveralOutputs, 0, "Stage", "'Y', 'Z'"));

    [Fact]
    public Task One_node_marked_output_twice() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, {|#0:Output|}, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(OutputMarkedTwice, 0, "Stage", "Y"),
        DiagnosticResult.CompilerError("CS0579").WithLocation(0).WithArguments("Output"));
}
