using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas002EdgeSourceNotFoundTests
{
    [Fact]
    public Task String_literal_that_names_no_node() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge({|#0:"Missing"|}, Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(EdgeSourceNotFound, 0, "Stage", "Y", "Missing"));

    [Fact]
    public Task Nameof_of_a_missing_member() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge({|#0:nameof({|#1:Missing|})|}, Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(EdgeSourceNotFound, 0, "Stage", "Y", "Missing"),
        DiagnosticResult.CompilerError("CS0103").WithLocation(1).WithArguments("Missing"));

    [Fact]
    public Task Nameof_of_a_member_that_is_not_a_node() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            public static int Width => 3;

            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(U)), Edge({|#0:nameof(Width)|}, Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(EdgeSourceNotFound, 0, "Stage", "Y", "Width"));

    [Fact]
    public Task Second_source_of_a_binary_edge() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), {|#0:"x"|}, Ops = typeof(B))] public partial Node Y { get; }
        }
        """),
        Nas(EdgeSourceNotFound, 0, "Stage", "Y", "x"));
}
