using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NasDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace NasDsl.Generators.Tests.Incrementality;

/// <summary>
/// Runs the driver twice with step tracking and checks the reason every tracked step gives for its outputs: edits that
/// do not change a model must leave every step Cached or Unchanged; a change of wiring must show up as Modified.
/// </summary>
public sealed class IncrementalityTests
{
    /// <summary>Every step named in <see cref="TrackingNames"/>, read by reflection so a new step is covered too.</summary>
    public static readonly string[] StepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private const string Unrelated = """
        namespace Elsewhere;

        internal static class Helper
        {
            public static int Twice(int x) => x * 2;
        }
        """;

    /// <summary>The Rnn space, the features source (which has primitive classes, for the ParsePrimitive step) and an
    /// unrelated file, run once with step tracking.</summary>
    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun() => FirstRun(NotebookSources.Rnn);

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(string space)
    {
        var compilation = GeneratorHarness.CreateCompilation(space, NotebookSources.Features, Unrelated);
        var run = GeneratorHarness.Run(compilation, GeneratorHarness.CreateDriver(trackSteps: true));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputDiagnostics);
        foreach (var name in StepNames)
            Assert.True(run.Generator.TrackedSteps.ContainsKey(name), $"step {name} did not run on the first pass");
        return (run.Driver, compilation);
    }

    private static GeneratorRunResult RunAgain(GeneratorDriver driver, Compilation compilation) =>
        driver.RunGenerators(compilation).GetRunResult().Results.Single();

    private static SyntaxTree TreeAt(Compilation compilation, int index) =>
        compilation.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.PathOf(index));

    private static SyntaxTree Edit(Compilation compilation, int index, string from, string to)
    {
        var tree = TreeAt(compilation, index);
        var text = tree.GetText().ToString();
        Assert.Contains(from, text);
        return tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(from, to)));
    }

    private static void AssertAllStepsCachedOrUnchanged(GeneratorRunResult result)
    {
        foreach (var name in StepNames)
        {
            Assert.True(result.TrackedSteps.TryGetValue(name, out var steps), $"step {name} was not tracked");
            var outputs = steps.SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            var changed = outputs.Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).ToList();
            Assert.True(changed.Count == 0,
                $"step {name}: {string.Join(", ", changed.Select(o => $"{o.Reason} {o.Value}"))}");
        }
    }

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_step_cached_or_unchanged()
    {
        var (driver, compilation) = FirstRun();

        var result = RunAgain(driver, compilation.AddSyntaxTrees(GeneratorHarness.Parse("internal sealed class Added { }", 7)));

        AssertAllStepsCachedOrUnchanged(result);
    }

    [Fact]
    public void Editing_an_unrelated_file_leaves_every_step_cached_or_unchanged()
    {
        var (driver, compilation) = FirstRun();

        var edited = Edit(compilation, 2, "x * 2", "x + x");
        var result = RunAgain(driver, compilation.ReplaceSyntaxTree(TreeAt(compilation, 2), edited));

        AssertAllStepsCachedOrUnchanged(result);
    }

    /// <summary>The transforms of the edited file run again, and return models equal to the last ones.</summary>
    [Fact]
    public void Editing_a_comment_in_the_cells_own_file_leaves_every_step_cached_or_unchanged()
    {
        var (driver, compilation) = FirstRun();

        var edited = Edit(compilation, 0, "namespace Notebook.Rnn;", "namespace Notebook.Rnn;\n// The notebook's RNNSearchSpace.\n");
        var result = RunAgain(driver, compilation.ReplaceSyntaxTree(TreeAt(compilation, 0), edited));

        AssertAllStepsCachedOrUnchanged(result);
    }

    /// <summary>Typing inside a method of a [Cell] class re-runs that file's transforms; they return equal models and
    /// no diagnostics, so every step is cached or unchanged and the generated files are the same text.</summary>
    [Fact]
    public void Editing_a_method_body_in_a_cell_leaves_every_step_cached_or_unchanged()
    {
        const string cellHeader = "public partial class ActivationCell\n{\n";
        var withMethod = NotebookSources.Rnn.Replace(cellHeader, cellHeader + "    internal static int Width(int channels)\n    {\n        return channels * 2;\n    }\n\n");
        Assert.NotEqual(NotebookSources.Rnn, withMethod);
        var (driver, compilation) = FirstRun(withMethod);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();

        var edited = Edit(compilation, 0, "return channels * 2;", "var doubled = channels + channels;\n        return doubled;");
        var result = RunAgain(driver, compilation.ReplaceSyntaxTree(TreeAt(compilation, 0), edited));

        AssertAllStepsCachedOrUnchanged(result);
        Assert.Equal(before, result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList());
    }

    [Fact]
    public void Changing_the_wiring_of_a_cell_modifies_its_model()
    {
        var (driver, compilation) = FirstRun();

        var edited = Edit(compilation, 0, "[Edge(nameof(B1))] public partial UnaryCell U4", "[Edge(nameof(U1))] public partial UnaryCell U4");
        var result = RunAgain(driver, compilation.ReplaceSyntaxTree(TreeAt(compilation, 0), edited));

        foreach (var name in new[] { TrackingNames.ParseCell, TrackingNames.CellModels })
        {
            var outputs = result.TrackedSteps[name].SelectMany(s => s.Outputs).ToList();
            Assert.Single(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
        }
        foreach (var name in new[] { TrackingNames.ParseOpSet, TrackingNames.OpSetModels, TrackingNames.ParsePrimitive })
            Assert.All(result.TrackedSteps[name].SelectMany(s => s.Outputs),
                o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {o.Reason}"));
        Assert.Contains("var u4 = _u4.forward(u1);", result.GeneratedSources.Single(s => s.HintName == "Notebook.Rnn.ActivationCell.g.cs").SourceText.ToString());
    }

    /// <summary>The runtime split (models to emit, diagnostics to report): when only a warning's span moves, the parse
    /// step changes but the emitted models do not, and the warning follows the code.</summary>
    [Fact]
    public void Moving_a_warning_does_not_re_emit_code()
    {
        var source = Diagnostics.TestSources.With("""
            [Cell]
            public partial class Stage
            {
                [Input] public partial Node X { get; }
                [Edge(nameof(X), Ops = typeof(U))] public partial Node Dead { get; }
                [Output, Edge(nameof(X), Ops = typeof(U))] public partial Node Y { get; }
            }
            """);
        var compilation = GeneratorHarness.CreateCompilation(source);
        var first = GeneratorHarness.Run(compilation, GeneratorHarness.CreateDriver(trackSteps: true));
        Assert.Equal("NAS008", Assert.Single(first.GeneratorDiagnostics).Id);

        var edited = Edit(compilation, 0, "#pragma warning disable CS1591", "// moved down one line\n#pragma warning disable CS1591");
        var second = GeneratorHarness.Run(compilation.ReplaceSyntaxTree(TreeAt(compilation, 0), edited), first.Driver);

        Assert.Contains(second.Generator.TrackedSteps[TrackingNames.ParseCell].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(second.Generator.TrackedSteps[TrackingNames.CellModels].SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        var moved = Assert.Single(second.GeneratorDiagnostics);
        Assert.Equal(first.GeneratorDiagnostics[0].Location.GetLineSpan().StartLinePosition.Line + 1, moved.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Same(edited, moved.Location.SourceTree);
    }

    /// <summary>Two independent compilations of the same text give equal models with equal hash codes.</summary>
    [Fact]
    public void Same_source_gives_equal_models()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(NotebookSources.Rnn, NotebookSources.Features), GeneratorHarness.CreateDriver(trackSteps: true));
        var second = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(NotebookSources.Rnn, NotebookSources.Features), GeneratorHarness.CreateDriver(trackSteps: true));

        foreach (var name in StepNames)
        {
            var a = first.Generator.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
            var b = second.Generator.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
            Assert.NotEmpty(a);
            Assert.Equal(a, b);
            Assert.Equal(a.Select(v => v.GetHashCode()), b.Select(v => v.GetHashCode()));
        }
    }
}
