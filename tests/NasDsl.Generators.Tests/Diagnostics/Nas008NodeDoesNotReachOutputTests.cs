using Microsoft.CodeAnalysis;
using NasDsl.Generators.Tests.Infrastructure;
using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas008NodeDoesNotReachOutputTests
{
    private const string DeadNode = """
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Edge(nameof(X), Ops = typeof(U))] public partial Node {|#0:Dead|} { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }
        """;

    /// <summary>A warning: the cell is still generated, and the generated code compiles (the verifier checks it).</summary>
    [Fact]
    public Task Intermediate_node_that_does_not_reach_the_output() => VerifyAsync(TestSources.With(DeadNode),
        Nas(NodeDoesNotReachOutput, 0, "Stage", "Dead", "Y"));

    [Fact]
    public Task Second_input_that_does_not_reach_the_output() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Input] public partial Node {|#0:Unused|} { get; }
            [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
        }
        """),
        Nas(NodeDoesNotReachOutput, 0, "Stage", "Unused", "Y"));

    [Fact]
    public void Is_a_warning_and_the_cell_is_still_generated()
    {
        var run = GeneratorHarness.Run(TestSources.With(DeadNode.Replace("{|#0:", "").Replace("|}", "")));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(("NAS008", DiagnosticSeverity.Warning), (diagnostic.Id, diagnostic.Severity));
        Assert.Contains("public sealed class Network", run.Source("Stage.g.cs"));
        Assert.Empty(run.OutputDiagnostics);
    }

    [Fact]
    public Task Pragma_warning_disable_suppresses_it() => VerifyAsync(TestSources.With("#pragma warning disable NAS008\n" + DeadNode.Replace("{|#0:", "").Replace("|}", "")));

    [Fact]
    public void Pragma_warning_disable_suppresses_it_in_the_driver_result()
    {
        var run = GeneratorHarness.Run(TestSources.With("#pragma warning disable NAS008\n" + DeadNode.Replace("{|#0:", "").Replace("|}", "")));

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "NAS008" && !d.IsSuppressed);
        Assert.Empty(run.OutputDiagnostics);
    }
}
