using NasDsl.Generators.Tests.Diagnostics;
using NasDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace NasDsl.Generators.Tests.Emit;

/// <summary>A fixed edge with Args is built by a direct constructor call with those values as typed C# literals.</summary>
public sealed class FixedArgumentsEmitTests
{
    private const string Source = """
        public enum Padding { Same, Valid }

        public sealed class Configured : nn.Module<Tensor, Tensor>
        {
            public Configured(PrimitiveContext context, long width, double scale, float rate, string label, bool flag, Padding padding, System.Type kind)
                : base(nameof(Configured)) { }

            public override Tensor forward(Tensor x) => x;
        }

        public sealed class Plain : nn.Module<Tensor, Tensor>
        {
            public Plain(int width, int stride = 1) : base(nameof(Plain)) { }

            public override Tensor forward(Tensor x) => x;
        }

        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Edge(nameof(X), Op = typeof(Configured), Args = [32, 0.5, 0.25f, "a\"b", true, Padding.Valid, typeof(Stem)])] public partial Node C { get; }
            [Output, Edge(nameof(C), Op = typeof(Plain), Args = [16])] public partial Node P { get; }
        }
        """;

    [Fact]
    public void Args_become_a_direct_constructor_call_that_compiles()
    {
        var run = GeneratorHarness.Run(TestSources.With(Source));

        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
        Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        var code = run.Source("Stage.g.cs");
        // Too long for one line, so the call's arguments go one per line.
        Assert.Contains(
            "_c = builder.Fixed(\n"
            + "                \"C\",\n"
            + "                context => new global::Configured(context, 32, 0.5d, 0.25f, \"a\\\"b\", true, (global::Padding)(1), typeof(global::Stem)),\n"
            + "                x);",
            code);
        Assert.Contains("_p = builder.Fixed(\"P\", _ => new global::Plain(16), c);", code);
    }
}
