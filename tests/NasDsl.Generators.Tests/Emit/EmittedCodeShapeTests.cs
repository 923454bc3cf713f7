using NasDsl.Generators.Tests.Diagnostics;
using NasDsl.Generators.Tests.Infrastructure;
using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Emit;

/// <summary>What the generated code looks like to a reader (line lengths, how TorchSharp's types are named), and what a
/// cell with NAS errors still offers to the code that uses it.</summary>
public sealed class EmittedCodeShapeTests
{
    /// <summary>Two inputs, a repeated placement, fixed edges with Args and a node summing two edges, with long type names:
    /// the constructs whose generated lines grow longest. (Names of any length can exceed any bound; these are long ones a
    /// user would still write.)</summary>
    private const string Wide = """
        public sealed class ConvolutionWithArguments : nn.Module<Tensor, Tensor>
        {
            public ConvolutionWithArguments(PrimitiveContext context, long channels, long stride, double momentum)
                : base(nameof(ConvolutionWithArguments)) { }

            public override Tensor forward(Tensor x) => x;
        }

        [Cell]
        public partial class BinaryActivationStage
        {
            [Input] public partial Node Left { get; }
            [Input] public partial Node Right { get; }
            [Edge(nameof(Left), Ops = typeof(U))] public partial Node Scaled { get; }
            [Edge(nameof(Left), nameof(Right), Ops = typeof(B))]
            [Edge(nameof(Scaled), nameof(Right), Ops = typeof(B))]
            public partial Node Mixed { get; }
            [Output, Edge(nameof(Mixed), Op = typeof(ConvolutionWithArguments), Args = [64L, 2L, 0.9])] public partial Node Projected { get; }
        }

        [SearchSpace]
        public partial class ResidualActivationSearchSpace
        {
            [Input] public partial Node Image { get; }
            [Edge(nameof(Image), Op = typeof(ConvolutionWithArguments), Args = [16L, 1L, 0.1])] public partial Node Stem { get; }
            [Edge(nameof(Stem)), Repeat(3)] public partial Inner RepeatedActivationBlocks { get; }
            [Edge(nameof(RepeatedActivationBlocks), nameof(Stem))] public partial BinaryActivationStage Combined { get; }
            [Output, Edge(nameof(Combined), Op = typeof(Stem))] public partial Node Logits { get; }
        }
        """;

    public static TheoryData<string, string> Sources => new()
    {
        { "Simple", NotebookSources.Simple },
        { "Complex", NotebookSources.Complex },
        { "Rnn", NotebookSources.Rnn },
        { "Wide", TestSources.With(Wide) },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Every_generated_line_fits_in_140_characters(string name, string source)
    {
        var run = GeneratorHarness.Run(source);

        Assert.True(run.OutputDiagnostics.IsEmpty, name + ": " + GeneratorRun.Describe(run.OutputDiagnostics));
        var tooLong = run.GeneratedSources
            .SelectMany(file => file.SourceText.Lines.Select(line => (file.HintName, Line: line.LineNumber + 1, Text: line.ToString())))
            .Where(line => line.Text.Length > 140)
            .Select(line => $"{line.HintName}:{line.Line} ({line.Text.Length}): {line.Text}")
            .ToList();
        Assert.True(tooLong.Count == 0, string.Join("\n", tooLong));
    }

    [Fact]
    public void Tensor_is_aliased_as_TorchSharp_code_names_it()
    {
        var run = GeneratorHarness.Run(TestSources.With(""));

        var code = run.Source("Inner.g.cs");
        Assert.Contains("using Tensor = global::TorchSharp.torch.Tensor;", code);
        Assert.Contains("public override Tensor forward(Tensor x)", code);
    }

    [Fact]
    public void A_Tensor_of_the_user_s_own_keeps_the_full_name()
    {
        var run = GeneratorHarness.Run(NotebookSources.Prelude + """
            namespace Mine
            {
                public sealed class Tensor { }

                [OpSet]
                public static partial class Ops
                {
                    [UnaryPrimitive] public static TorchSharp.torch.Tensor Identity(TorchSharp.torch.Tensor x) => x;
                }

                [Cell]
                public partial class Stage
                {
                    [Input] public partial Node X { get; }
                    [Output, Edge(nameof(X), Ops = typeof(Ops))] public partial Node Y { get; }
                }
            }
            """);

        Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        var code = run.Source("Mine.Stage.g.cs");
        Assert.DoesNotContain("using Tensor", code);
        Assert.Contains("public override global::TorchSharp.torch.Tensor forward(global::TorchSharp.torch.Tensor x)", code);
    }

    [Fact]
    public void The_output_s_shape_is_not_probed()
    {
        var run = GeneratorHarness.Run(NotebookSources.Rnn);

        var space = run.Source("Notebook.Rnn.RnnSpace.g.cs");
        Assert.Contains("var act = builder.Probe(_act, features);", space);
        Assert.DoesNotContain("builder.Probe(_logits", space);
    }

    [Fact]
    public void A_space_with_baselines_hands_them_to_its_definition()
    {
        var run = GeneratorHarness.Run(TestSources.With("""
            [SearchSpace]
            public partial class Space : ISearchSpaceBaselines<Space.Genotype>
            {
                public static System.Collections.Generic.IReadOnlyDictionary<string, Genotype> Baselines =>
                    new System.Collections.Generic.Dictionary<string, Genotype> { ["sin"] = new(U.Op.Sin) };

                [Input] public partial Node Image { get; }
                [Output, Edge(nameof(Image), Ops = typeof(U))] public partial Node Logits { get; }
            }
            """));

        Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        Assert.Contains("global::NasDsl.SearchSpaceDefinition.For<Space, Genotype>(baselines: static () => Baselines);", run.Source("Space.g.cs"));
    }

    /// <summary>A user program that uses a space whose cell has a wiring mistake: the NAS002 is the build's only error,
    /// since the broken cell and the space placing it keep their public surface.</summary>
    [Fact]
    public Task A_cell_with_NAS_errors_keeps_its_surface_so_its_error_stands_alone() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Broken
        {
            [Input] public partial Node X { get; }
            [Edge(nameof(X), Ops = typeof(U))] public partial Node A { get; }
            [Output, Edge({|#0:"Missing"|}, Ops = typeof(U))] public partial Node Y { get; }
        }

        [SearchSpace]
        public partial class Space
        {
            [Input] public partial Node Image { get; }
            [Edge(nameof(Image), Op = typeof(Stem))] public partial Node Features { get; }
            [Edge(nameof(Features))] public partial Broken Act { get; }
            [Output, Edge(nameof(Act), Op = typeof(Stem))] public partial Node Logits { get; }
        }

        public static class Program
        {
            public static string Use(SpaceOptions options)
            {
                SearchSpaceDefinition<Space.Genotype> definition = Space.Definition;
                var genotype = new Space.Genotype(new Broken.Genotype(U.Op.Sin, U.Op.Identity));
                var network = definition.CreateDiscrete(genotype, options);
                var statistics = Space.Statistics;
                return definition.Format(genotype) + network.GetName() + statistics.Architectures + Space.Graph.Name + genotype.Act.A;
            }
        }
        """),
        Nas(EdgeSourceNotFound, 0, "Broken", "Y", "Missing"));
}
