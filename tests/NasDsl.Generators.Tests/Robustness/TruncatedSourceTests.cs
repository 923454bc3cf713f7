using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NasDsl.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NasDsl.Generators.Tests.Robustness;

/// <summary>
/// Half-typed code is the normal state of a file in an editor. Every prefix of the Rnn space that ends at a token goes
/// through the generator: it must never throw (which the compiler would show as CS8785, and an IDE as AD0001) and may
/// only report NAS diagnostics.
/// </summary>
public sealed class TruncatedSourceTests(ITestOutputHelper output)
{
    [Fact]
    public void Generator_never_throws_on_any_prefix_of_the_Rnn_space()
    {
        var source = NotebookSources.Rnn;
        var ends = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot()
            .DescendantTokens()
            .Where(t => t.Span.Length > 0)
            .Select(t => t.Span.End)
            .Distinct()
            .ToList();

        var failures = new List<string>();
        var withNasDiagnostics = 0;
        var withGeneratedSources = 0;
        foreach (var end in ends)
        {
            var run = GeneratorHarness.Run(source[..end]);
            failures.AddRange(RobustnessChecks.Problems(run, $"prefix ending at {end} (`{Tail(source, end)}`)"));
            if (!run.GeneratorDiagnostics.IsEmpty) withNasDiagnostics++;
            if (!run.GeneratedSources.IsEmpty) withGeneratedSources++;
        }

        output.WriteLine($"{ends.Count} prefixes run; {withNasDiagnostics} with NAS diagnostics; {withGeneratedSources} with generated sources");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
        Assert.True(ends.Count > 1000, $"only {ends.Count} prefixes");
    }

    private static string Tail(string source, int end) =>
        source[Math.Max(0, end - 30)..end].ReplaceLineEndings(" ").Trim();
}

/// <summary>What every run on broken code must satisfy.</summary>
internal static class RobustnessChecks
{
    public static IEnumerable<string> Problems(GeneratorRun run, string label)
    {
        if (run.Generator.Exception is { } exception)
            yield return $"{label}: generator threw {exception.GetType().Name}: {exception.Message}";
        foreach (var diagnostic in run.GeneratorDiagnostics.Where(d => !d.Id.StartsWith("NAS", StringComparison.Ordinal)))
            yield return $"{label}: reported {diagnostic}";
    }
}
