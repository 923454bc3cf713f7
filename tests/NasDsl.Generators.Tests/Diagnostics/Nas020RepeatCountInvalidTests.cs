using Xunit;
using static NasDsl.Generators.Diagnostics.DiagnosticDescriptors;
using static NasDsl.Generators.Tests.Infrastructure.NasGeneratorTest;

namespace NasDsl.Generators.Tests.Diagnostics;

public sealed class Nas020RepeatCountInvalidTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("-2", -2)]
    public Task Count_below_one(string count, int value) => VerifyAsync(TestSources.With($$"""
        [Cell]
        public partial class Stage
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X)), Repeat({|#0:{{count}}|})] public partial Inner Blocks { get; }
        }
        """),
        Nas(RepeatCountInvalid, 0, "Stage", "Blocks", value));
}
