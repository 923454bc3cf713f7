using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NasDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace NasDsl.Generators.Tests.Readme;

/// <summary>
/// Every C# snippet of README.md compiles as written, with the generator, against NasDsl, NasDsl.Operations and the host:
/// the DSL tour's first snippet (which declares <c>RnnSpace</c>) is the project every other snippet is written in, and a
/// snippet of statements is a program of its own. A snippet that opens with <c>// excerpt of PATH</c> shows part of a file
/// of this repository instead; each of its lines must be a line of that file.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    private static readonly string Root = RepositoryRoot();

    public static TheoryData<int> Snippets => new(ReadSnippets().Select(s => s.Line));

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_compiles_or_matches_the_file_it_is_an_excerpt_of(int line)
    {
        var snippets = ReadSnippets();
        var snippet = snippets.Single(s => s.Line == line);
        if (ExcerptOf(snippet.Code) is { } path)
        {
            var file = File.ReadAllLines(Path.Combine(Root, path)).Select(Normalise).ToHashSet();
            var missing = snippet.Code.Split('\n').Skip(1).Select(Normalise).Where(l => l.Length > 0 && !file.Contains(l)).ToList();
            Assert.True(missing.Count == 0, $"README.md:{line}: lines not in {path}:\n{string.Join("\n", missing)}");
            return;
        }

        var project = snippets[0];
        Snippet[] sources = snippet == project ? [snippet] : [project, snippet];
        var statements = IsProgram(snippet.Code);
        var compilation = CSharpCompilation.Create(
            "ReadmeSnippet",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Code, GeneratorHarness.ParseOptions, $"README.md:{s.Line}"))
                .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, GeneratorHarness.ParseOptions, "ImplicitUsings.cs")),
            References,
            new CSharpCompilationOptions(statements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var run = GeneratorHarness.Run(compilation);

        var errors = run.OutputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"README.md:{line} does not compile:\n{GeneratorRun.Describe(errors)}");
    }

    [Fact]
    public void The_readme_has_the_snippets_this_test_reads()
    {
        var snippets = ReadSnippets();
        Assert.True(snippets.Count >= 6, $"found {snippets.Count} C# snippets");
        Assert.Contains("public partial class RnnSpace", snippets[0].Code);
    }

    private sealed record Snippet(int Line, string Code);

    /// <summary>The ```csharp blocks of README.md with the line each starts on, indentation (inside list items) removed.</summary>
    private static List<Snippet> ReadSnippets()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md"));
        var snippets = new List<Snippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].TrimStart();
            if (fence != "```csharp") continue;
            var indent = lines[i].Length - fence.Length;
            var start = i + 1;
            var end = start;
            while (lines[end].Trim() != "```") end++;
            var code = string.Join("\n", lines[start..end].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
            snippets.Add(new Snippet(start, code));
            i = end;
        }
        return snippets;
    }

    private static string? ExcerptOf(string code) => ExcerptComment().Match(code) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>A snippet with statements outside any type is a program (top-level statements).</summary>
    private static bool IsProgram(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code, GeneratorHarness.ParseOptions).GetCompilationUnitRoot();
        return root.Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any();
    }

    /// <summary>A line as code: without a trailing <c>// comment</c> (the README explains where the file does not) and with
    /// whitespace collapsed.</summary>
    private static string Normalise(string line)
    {
        var comment = line.IndexOf("//", StringComparison.Ordinal);
        var code = comment >= 0 && !line[..comment].Contains('"') ? line[..comment] : line;
        return Whitespace().Replace(code, " ").Trim();
    }

    /// <summary>What an SDK project with <c>ImplicitUsings</c> (the <c>dotnet new</c> default) adds to every file.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static ImmutableArray<MetadataReference> References { get; } =
    [
        .. GeneratorHarness.References,
        MetadataReference.CreateFromFile(typeof(NasDsl.Operations.Unary).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(NasDsl.Cli.SearchHost).Assembly.Location),
    ];

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    [GeneratedRegex(@"^// excerpt of (\S+)")]
    private static partial Regex ExcerptComment();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
