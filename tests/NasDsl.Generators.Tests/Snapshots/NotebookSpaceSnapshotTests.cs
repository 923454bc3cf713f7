using NasDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace NasDsl.Generators.Tests.Snapshots;

/// <summary>The generated code for the notebook's three spaces, file by file, against approved copies in _snapshots.</summary>
public sealed class NotebookSpaceSnapshotTests
{
    [Fact]
    public void Simple() => VerifySpace(NotebookSources.Simple, 5);

    [Fact]
    public void Complex() => VerifySpace(NotebookSources.Complex, 8);

    [Fact]
    public void Rnn() => VerifySpace(NotebookSources.Rnn, 8);

    private static void VerifySpace(string source, int files, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var run = GeneratorHarness.Run(source);

        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
        Assert.Equal(files, run.GeneratedSources.Length);
        Snapshot.Verify(run, test: test);
    }
}
