using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas018ArgsMatchNoConstructorTests
{
    /// <summary>A module whose constructors take a context and a width, optionally a stride; or only a width.</summary>
    private const string Widened = """

        public sealed class Widened : nn.Module<Tensor, Tensor>
        {
            public Widened(PrimitiveContext context, int width, int stride = 1) : base(nameof(Widened)) { }

            public Widened(long width) : base(nameof(Widened)) { }

            public override Tensor forward(Tensor x) => x;
        }
        """;

    private static string Stage(string edge) => TestSources.With($$"""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Op = typeof(Widened), {{edge}})] public partial Node Y { get; }
        }
        """) + Widened;

    private const string Constructors = "(NasDsl.PrimitiveContext, int, int); (long)";

    [Fact]
    public Task Too_many_arguments() => VerifyAsync(Stage("{|#0:Args = [16, 2, 3]|}"),
        Nas(ArgsMatchNoConstructor, 0, "Stage", "Y", "Widened", "int, int, int", Constructors));

    [Fact]
    public Task Argument_of_the_wrong_type() => VerifyAsync(Stage("{|#0:Args = [\"wide\"]|}"),
        Nas(ArgsMatchNoConstructor, 0, "Stage", "Y", "Widened", "string", Constructors));

    /// <summary>A double does not convert to int implicitly, so the emitted call would not compile either.</summary>
    [Fact]
    public Task Narrowing_conversion() => VerifyAsync(Stage("{|#0:Args = [16, 2.5]|}"),
        Nas(ArgsMatchNoConstructor, 0, "Stage", "Y", "Widened", "int, double", Constructors));

    [Fact]
    public Task No_arguments_where_every_constructor_needs_one() => VerifyAsync(Stage("{|#0:Args = []|}"),
        Nas(ArgsMatchNoConstructor, 0, "Stage", "Y", "Widened", "", Constructors));

    /// <summary>Without Args the old rule holds: a PrimitiveContext or parameterless constructor, reported on Op.</summary>
    [Fact]
    public Task Missing_Args_is_NAS013_on_Op() => VerifyAsync(TestSources.With("""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), {|#0:Op = typeof(Widened)|})] public partial Node Y { get; }
        }
        """) + Widened,
        Nas(OpHasNoUsableConstructor, 0, "Stage", "Y", "Widened"));

    /// <summary>An int widens to the long of the second constructor; a context-taking one is preferred when both fit.</summary>
    [Theory]
    [InlineData("Args = [16]")]
    [InlineData("Args = [16, 2]")]
    [InlineData("Args = new object[] { 16, 2 }")]
    public Task Matching_arguments_are_valid(string args) => VerifyAsync(Stage(args));
}
