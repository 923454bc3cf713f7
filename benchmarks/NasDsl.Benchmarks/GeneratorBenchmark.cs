using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NasDsl.Generators;

namespace NasDsl.Benchmarks;

/// <summary>What the source generator costs on the sample's spaces, and whether an unrelated edit re-emits anything.</summary>
/// <param name="Repetitions">Timed runs of each kind.</param>
/// <param name="FullRunMs">A fresh driver over a fresh compilation: parse, validate and emit everything.</param>
/// <param name="IncrementalRunMs">The warm driver after an unrelated syntax tree was added.</param>
/// <param name="GeneratedFiles">Files the generator emitted.</param>
/// <param name="GeneratedCharacters">Their total length.</param>
/// <param name="CompilationErrors">Errors in the compilation with the generated files (0 expected).</param>
/// <param name="GeneratorDiagnostics">Diagnostics the generator reported (0 expected on the sample).</param>
/// <param name="UnrelatedEditReemitsNothing">Every source-emitting output step was Cached or Unchanged after the edit.</param>
/// <param name="OutputStepReasons">Per output step, the reasons of its outputs after the edit.</param>
/// <param name="TrackedStepReasons">Per named pipeline step, the reasons of its outputs after the edit.</param>
internal sealed record GeneratorResult(int Repetitions, Summary FullRunMs, Summary IncrementalRunMs, int GeneratedFiles, int GeneratedCharacters,
    int CompilationErrors, int GeneratorDiagnostics, bool UnrelatedEditReemitsNothing,
    SortedDictionary<string, string> OutputStepReasons, SortedDictionary<string, string> TrackedStepReasons);

internal static class GeneratorBenchmark
{
    // What ImplicitUsings gives the sample project.
    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static GeneratorResult Run(int repetitions)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
        var spaces = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "inputs", "Spaces.cs"));
        var compilation = CSharpCompilation.Create("ActivationSearch.Spaces",
            [CSharpSyntaxTree.ParseText(spaces, parseOptions, "Spaces.cs"), CSharpSyntaxTree.ParseText(GlobalUsings, parseOptions, "GlobalUsings.cs")],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        // One untimed run to JIT Roslyn and the generator.
        var warm = NewDriver(parseOptions).RunGeneratorsAndUpdateCompilation(compilation.Clone(), out var withGenerated, out _);
        var run = warm.GetRunResult();
        var errors = withGenerated.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

        var full = new List<double>();
        var clock = new Stopwatch();
        for (var i = 0; i < repetitions; i++)
        {
            // A clone has no bound symbols yet, so every run binds the spaces as a first build would.
            var fresh = compilation.Clone();
            clock.Restart();
            NewDriver(parseOptions).RunGenerators(fresh);
            full.Add(clock.Elapsed.TotalMilliseconds);
        }

        var incremental = new List<double>();
        GeneratorDriverRunResult? edited = null;
        for (var i = 0; i < repetitions; i++)
        {
            var unrelated = CSharpSyntaxTree.ParseText($"namespace Unrelated; public static class Edit{i} {{ public static int Value => {i}; }}", parseOptions, $"Edit{i}.cs");
            var next = compilation.AddSyntaxTrees(unrelated);
            clock.Restart();
            var after = warm.RunGenerators(next);
            incremental.Add(clock.Elapsed.TotalMilliseconds);
            edited ??= after.GetRunResult();
        }

        var result = edited!.Results.Single();
        var outputReasons = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, steps) in result.TrackedOutputSteps)
            outputReasons[name] = Reasons(steps);
        var trackedReasons = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, steps) in result.TrackedSteps)
            trackedReasons[name] = Reasons(steps);
        // Source outputs are the ones that emit files; compare the files themselves too.
        var sameSources = result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString()))
            .SequenceEqual(run.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
        var sourceSteps = result.TrackedOutputSteps.Where(p => p.Key == "SourceOutput").SelectMany(p => p.Value);
        var reemitsNothing = sameSources && sourceSteps.All(step => step.Outputs.All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));

        var generated = run.Results.Single().GeneratedSources;
        return new GeneratorResult(repetitions, Summary.Of(full), Summary.Of(incremental), generated.Length, generated.Sum(s => s.SourceText.Length),
            errors, run.Diagnostics.Length, reemitsNothing, outputReasons, trackedReasons);
    }

    private static GeneratorDriver NewDriver(CSharpParseOptions parseOptions) =>
        CSharpGeneratorDriver.Create([new SearchSpaceGenerator().AsSourceGenerator()], parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static string Reasons(IEnumerable<IncrementalGeneratorRunStep> steps) =>
        string.Join(", ", steps.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));

    /// <summary>The runtime's own framework assemblies plus NasDsl, NasDsl.Operations and TorchSharp.</summary>
    private static List<MetadataReference> References()
    {
        var frameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var paths = trusted.Where(p => string.Equals(Path.GetDirectoryName(p), frameworkFolder, StringComparison.Ordinal))
            .Concat([typeof(Node).Assembly.Location, typeof(Operations.Unary).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location])
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(p => MetadataReference.CreateFromFile(p))];
    }
}
