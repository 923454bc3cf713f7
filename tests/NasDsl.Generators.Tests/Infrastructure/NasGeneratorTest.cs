using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace NasDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Microsoft.CodeAnalysis.Testing's generator verifier, set up for NasDsl: reference assemblies restored through NuGet,
/// TorchSharp and NasDsl as extra references, C# preview (partial properties), nullable enabled, and every compiler
/// warning of the output compilation checked. Generated code itself is checked by the snapshot tests.
/// </summary>
public sealed class NasGeneratorTest : CSharpSourceGeneratorTest<SearchSpaceGenerator, DefaultVerifier>
{
    public NasGeneratorTest()
    {
        ReferenceAssemblies = Net100;
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location));
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(NasDsl.Node).Assembly.Location));
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
    }

    /// <summary>NasDsl targets net10.0, so Net80's System.Runtime 8.0 fails every use of it with CS1705; and the
    /// package source here lacks the 10.0.1 pack that <c>ReferenceAssemblies.Net.Net100</c> names, so pin a served one.</summary>
    private static readonly ReferenceAssemblies Net100 = new(
        "net10.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"), Path.Combine("ref", "net10.0"));

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(GeneratorHarness.ParseOptions.LanguageVersion)
            .WithDocumentationMode(GeneratorHarness.ParseOptions.DocumentationMode);

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions())
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(GeneratorHarness.CompilationOptions.SpecificDiagnosticOptions);

    /// <summary>Runs the generator on <paramref name="source"/> (with <c>{|#n:…|}</c> markup) and checks that exactly
    /// <paramref name="expected"/> are reported — NAS diagnostics and compiler diagnostics alike.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new NasGeneratorTest { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>A NAS diagnostic at markup location <paramref name="location"/> with these message arguments.</summary>
    public static DiagnosticResult Nas(DiagnosticDescriptor descriptor, int location, params object[] arguments) =>
        new DiagnosticResult(descriptor).WithLocation(location).WithArguments(arguments);
}
