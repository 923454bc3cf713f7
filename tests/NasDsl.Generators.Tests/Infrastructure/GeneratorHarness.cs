using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NasDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="SearchSpaceGenerator"/> with a <see cref="CSharpGeneratorDriver"/> over sources compiled against the
/// running runtime, TorchSharp and NasDsl — the same assemblies a user project sees, without a NuGet restore.
/// </summary>
public static class GeneratorHarness
{
    /// <summary>Partial properties (<c>[Input] public partial Node X { get; }</c>) need C# 13 or later. XML comments are
    /// diagnosed (CS1591) as in a project that generates documentation: generated public members must carry docs.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview, DocumentationMode.Diagnose);

    /// <summary>Nullable enabled like the repository's projects; CS1701/CS1702 (version unification) off like the SDK does.</summary>
    public static CSharpCompilationOptions CompilationOptions { get; } = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        });

    /// <summary>The runtime's own assemblies (from the trusted platform list), TorchSharp and NasDsl. Built once: reading
    /// metadata is most of the cost of a small compilation.</summary>
    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => Path.GetDirectoryName(path) == runtimeDirectory);
        return platform
            .Append(typeof(TorchSharp.torch).Assembly.Location)
            .Append(typeof(NasDsl.Node).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    /// <summary>Source <c>i</c> gets the path <c>/src/Source{i}.cs</c>; diagnostics find their tree by path.</summary>
    public static string PathOf(int index) => $"/src/Source{index}.cs";

    public static SyntaxTree Parse(string source, int index = 0) =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, PathOf(index));

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create("UserCode", sources.Select((source, i) => Parse(source, i)), References, CompilationOptions);

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new SearchSpaceGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

    /// <summary>Runs <paramref name="driver"/> (a fresh one when null) on <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(Compilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(driver, driver.GetRunResult(), compilation, output);
    }
}

/// <summary>One generator run: what it generated and reported, and the compilation with its output added.</summary>
public sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation InputCompilation, Compilation OutputCompilation)
{
    public GeneratorRunResult Generator => Result.Results.Single();

    /// <summary>What the generator reported (after #pragma and severity options, as the compiler would show them).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>Warnings and errors of the user's code plus the generated code.</summary>
    public ImmutableArray<Diagnostic> OutputDiagnostics =>
        OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    public ImmutableArray<GeneratedSourceResult> GeneratedSources => Generator.GeneratedSources;

    public string Source(string hintName) =>
        GeneratedSources.SingleOrDefault(s => s.HintName == hintName).SourceText?.ToString()
        ?? throw new Xunit.Sdk.XunitException($"no generated source '{hintName}'; generated: {string.Join(", ", GeneratedSources.Select(s => s.HintName))}");

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}
