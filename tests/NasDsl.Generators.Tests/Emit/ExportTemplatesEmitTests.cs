using NasDsl.Generators.Tests.Diagnostics;
using NasDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace NasDsl.Generators.Tests.Emit;

/// <summary>The export templates a primitive declares reach its OpInfo; an operation without them emits none.</summary>
public sealed class ExportTemplatesEmitTests
{
    private const string Source = """
        [OpSet]
        public static partial class Shaped
        {
            [UnaryPrimitive(Symbol = "sin({0})", PyTorch = "torch.sin({0})", TorchSharp = "{0}.sin()", Latex = @"\sin\left({0}\right)")]
            public static Tensor Sin(Tensor x) => x.sin();

            [UnaryPrimitive(Latex = "{0}")]
            public static Tensor Same(Tensor x) => x;

            [UnaryPrimitive(TorchSharp = "{0} * {β}")]
            public sealed class Scaled : Primitive
            {
                public Scaled(PrimitiveContext context) : base(context) { }

                public override Tensor forward(Tensor x) => x;
            }

            [UnaryPrimitive]
            public static Tensor Plain(Tensor x) => x;
        }
        """;

    [Fact]
    public void Declared_templates_become_OpInfo_properties_and_others_stay_unset()
    {
        var run = GeneratorHarness.Run(TestSources.With(Source));

        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
        Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        var code = run.Source("Shaped.g.cs");
        // An initializer too long for one line gets one member per line.
        Assert.Contains("""
                    new global::NasDsl.OpInfo("Sin", 1, "sin({0})", false)
                    {
                        Unary = Sin,
                        PyTorch = "torch.sin({0})",
                        TorchSharp = "{0}.sin()",
                        Latex = "\\sin\\left({0}\\right)",
                    },
            """, code);
        Assert.Contains("new global::NasDsl.OpInfo(\"Same\", 1, \"same({0})\", false) { Unary = Same, Latex = \"{0}\" },", code);
        Assert.Contains("""
                    new global::NasDsl.OpInfo("Scaled", 1, "scaled({0})", false)
                    {
                        Factory = context => new global::Shaped.Scaled(context),
                        TorchSharp = "{0} * {β}",
                    },
            """, code);
        Assert.Contains("new global::NasDsl.OpInfo(\"Plain\", 1, \"plain({0})\", false) { Unary = Plain });", code);
    }
}
