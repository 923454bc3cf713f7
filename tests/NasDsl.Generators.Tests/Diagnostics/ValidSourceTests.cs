using NasDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace NasDsl.Generators.Tests.Diagnostics;

/// <summary>The notebook's spaces, and a source using the remaining DSL features, are valid: no NAS diagnostic, and user code plus generated code compile without a
/// single error or warning (documentation warnings included).</summary>
public sealed class ValidSourceTests
{
    [Theory]
    [InlineData(nameof(NotebookSources.Simple))]
    [InlineData(nameof(NotebookSources.Complex))]
    [InlineData(nameof(NotebookSources.Rnn))]
    [InlineData(nameof(NotebookSources.Features))]
    public void Notebook_space_generates_without_diagnostics_and_compiles_cleanly(string space)
    {
        var run = GeneratorHarness.Run(NotebookSources.ByName(space));

        Assert.Null(run.Generator.Exception);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
        Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        Assert.NotEmpty(run.GeneratedSources);
    }

    [Theory]
    [InlineData(nameof(NotebookSources.Simple))]
    [InlineData(nameof(NotebookSources.Complex))]
    [InlineData(nameof(NotebookSources.Rnn))]
    [InlineData(nameof(NotebookSources.Features))]
    public Task Notebook_space_passes_the_verifier(string space) => NasGeneratorTest.VerifyAsync(NotebookSources.ByName(space));
}
