using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas014NodePropertyInvalidTests
{
    private static DiagnosticResult NoImplementation(int location, string property) =>
        DiagnosticResult.CompilerError("CS9248").WithLocation(location).WithArguments(property);

    /// <summary>The generator leaves the property alone: no duplicate definition in generated code.</summary>
    [Fact]
    public Task Property_that_is_not_partial() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public Node {|#0:X|} { get; } = null!;
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(NodeNotGetterOnlyPartial, 0, "Stage", "X", "public"));

    /// <summary>The generator does not implement properties of the wrong shape or type: the compiler then asks for an
    /// implementation (CS9248) on the same identifier, rather than for a matching one inside generated code.</summary>
    [Fact]
    public Task Partial_property_with_a_setter() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node {|#0:X|} { get; set; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(NodeNotGetterOnlyPartial, 0, "Stage", "X", "public"),
        NoImplementation(0, "Stage.X"));

    [Fact]
    public Task Static_partial_property() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public static partial Node {|#0:X|} { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(NodeNotGetterOnlyPartial, 0, "Stage", "X", "public"),
        NoImplementation(0, "Stage.X"));

    [Fact]
    public Task Input_that_is_not_a_Node() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial int {|#0:X|} { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(InputNotANode, 0, "Stage", "X", "int"),
        NoImplementation(0, "Stage.X"));

    [Fact]
    public Task Node_that_is_neither_a_Node_nor_a_cell() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial string {|#0:Y|} { get; }
        }
        """),
        Nas(NodeTypeInvalid, 0, "Stage", "Y", "string"),
        NoImplementation(0, "Stage.Y"));

    [Fact]
    public Task Node_type_that_does_not_resolve() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X))] public partial {|#1:Missing|} {|#0:Y|} { get; }
        }
        """),
        Nas(NodeTypeUnresolved, 0, "Stage", "Y", "Missing"),
        NoImplementation(0, "Stage.Y"),
        DiagnosticResult.CompilerError("CS0246").WithLocation(1).WithArguments("Missing"));

    /// <summary>The compiler reports the bad argument; NAS014 says the edge was skipped, and NAS009 does not claim the
    /// node has no edge.</summary>
    [Fact]
    public Task Edge_whose_arguments_do_not_bind() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge({|#1:42|}, Ops = typeof(U))] public partial Node {|#0:Y|} { get; }
        }
        """),
        Nas(EdgeDoesNotBind, 0, "Stage", "Y"),
        DiagnosticResult.CompilerError("CS1503").WithLocation(1).WithArguments("1", "int", "string"));
}
