using ActivationSearch;
using NasDsl.Cli;
using NasDsl.Operations;
using NasDsl.Tests.Sample;
using static TorchSharp.torch;

namespace NasDsl.Tests.Export;

/// <summary>
/// <c>export</c> on run folders whose genotype the test chooses: the exported TorchSharp and PyTorch modules compute
/// what the discrete network's cell computes (guard clamps included), LaTeX prints the formula, and bad input gets
/// the exit code and message the README promises.
/// </summary>
[Collection(HostSpacesCollection.Name)]
public sealed class ExportCommandTests
{
    /// <summary>Rnn genotypes (U1, U2, U3, B1, U4, B2) that between them use every Unary and Binary operation. Each
    /// guarded operation reaches the output through operations that do not saturate, so a missing clamp shows on
    /// inputs beyond its bound; Div divides by a zero edge.</summary>
    private static readonly string[][] RnnOperations =
    [
        ["Exp", "Square", "Cube", "Add", "Identity", "Sub"],
        ["Sinh", "Cosh", "Negate", "Sub", "Abs", "Add"],
        ["Identity", "Cube", "Asinh", "Mul", "Atan", "Div"],
        ["Identity", "Zero", "Sinc", "Div", "Identity", "Add"],
        ["Cos", "Tanh", "Sigmoid", "SigMul", "Max0", "Min"],
        ["Softplus", "Gaussian", "Erf", "Max", "Min0", "Sub"],
        ["Sin", "Exp", "Zero", "Mul", "Identity", "Add"],
    ];

    public static TheoryData<string[]> RnnGenotypes => new(RnnOperations);

    private static readonly string[] RnnScopes = ["Act.U1", "Act.U2", "Act.U3", "Act.B1", "Act.U4", "Act.B2"];

    private static RnnSpace.Genotype WriteRnnGenotype(string folder, string[] operations) =>
        ExportedCode.WriteGenotype(RnnSpace.Definition, folder, RnnScopes.Zip(operations).ToArray());

    [Theory]
    [MemberData(nameof(RnnGenotypes))]
    public void TheTorchSharpModuleComputesWhatTheNetworksCellComputes(string[] operations)
    {
        using var folder = new TemporaryFolder();
        var genotype = WriteRnnGenotype(folder.Path, operations);
        var source = ExportedCode.ExportOrFail(folder.Path, "csharp");

        using var guard = OperationGuard.Override(true);
        using var network = RnnSpace.Definition.CreateDiscrete(genotype, new SpaceOptions([1, 28, 28], 10));
        using var exported = ExportedCode.CompileModule(source, "Act");
        using var x = ExportedCode.SampleInputs(100);
        using var _ = no_grad();
        ExportedCode.AssertClose(ExportedCode.Cell(network, "Act").forward(x), exported.forward(x), string.Join(", ", operations));
    }

    [PyTorchFact]
    public void ThePyTorchModuleComputesWhatTheNetworksCellComputes()
    {
        Assert.True(ExportedCode.PythonTorchMissing() is null, $"CI=true but exported PyTorch cannot run: {ExportedCode.PythonTorchMissing()}; .ci/run installs python3-torch as root");
        using var guard = OperationGuard.Override(true);
        using var x = ExportedCode.SampleInputs(100);
        foreach (var operations in RnnOperations)
        {
            using var folder = new TemporaryFolder();
            var genotype = WriteRnnGenotype(folder.Path, operations);
            var source = ExportedCode.ExportOrFail(folder.Path, "pytorch");
            using var network = RnnSpace.Definition.CreateDiscrete(genotype, new SpaceOptions([1, 28, 28], 10));
            Tensor expected;
            using (no_grad()) expected = ExportedCode.Cell(network, "Act").forward(x);
            ExportedCode.AssertClose(expected, ExportedCode.RunPyTorchModule(folder.Path, source, "Act", x), string.Join(", ", operations));
        }
    }

    [Fact]
    public void LatexPrintsOneLinePerCellFromTheSimplifiedFormula()
    {
        using var folder = new TemporaryFolder();
        // U2 = 0 drops out of the product, U4 = identity passes B1 on; x·0 leaves sinh(x) - (...)
        WriteRnnGenotype(folder.Path, ["Tanh", "Zero", "Sinh", "Add", "Identity", "Div"]);
        Assert.Equal("\\mathrm{Act}(x) = \\sinh\\left(x\\right) / \\tanh\\left(x\\right)\n", ExportedCode.ExportOrFail(folder.Path, "latex"));

        WriteRnnGenotype(folder.Path, ["Square", "Exp", "Gaussian", "Sub", "Abs", "Mul"]);
        Assert.Equal("\\mathrm{Act}(x) = e^{-x^{2}} \\cdot \\left|x^{2} - \\exp\\left(x\\right)\\right|\n", ExportedCode.ExportOrFail(folder.Path, "latex"));

        WriteRnnGenotype(folder.Path, ["Negate", "Sin", "Erf", "SigMul", "Cube", "Max"]);
        Assert.Equal("\\mathrm{Act}(x) = \\max\\left(\\operatorname{erf}\\left(x\\right), \\left(\\sigma\\left(-x\\right) \\cdot \\sin\\left(x\\right)\\right)^{3}\\right)\n",
            ExportedCode.ExportOrFail(folder.Path, "latex"));
    }

    [Fact]
    public void LatexOfASpaceWithTwoCellsHasALineForEach()
    {
        using var folder = new TemporaryFolder();
        ExportedCode.WriteGenotype(SimpleSpace.Definition, folder.Path, ("Stage1.A", "Hardswish"), ("Stage2.A", "LeakyRelu"));
        Assert.Equal("\\mathrm{Stage1}(x) = \\operatorname{hardswish}\\left(x\\right)\n\\mathrm{Stage2}(x) = \\operatorname{leaky\\_relu}\\left(x\\right)\n",
            ExportedCode.ExportOrFail(folder.Path, "latex"));
    }

    [Theory]
    [InlineData("Relu", "Hardswish")]
    [InlineData("LeakyRelu", "Identity")]
    public void EveryCellOfASpaceBecomesAModuleNamedAfterIt(string first, string second)
    {
        using var folder = new TemporaryFolder();
        var genotype = ExportedCode.WriteGenotype(SimpleSpace.Definition, folder.Path, ("Stage1.A", first), ("Stage2.A", second));
        var source = ExportedCode.ExportOrFail(folder.Path, "csharp");
        using var network = SimpleSpace.Definition.CreateDiscrete(genotype, new SpaceOptions([1, 28, 28], 10));
        using var x = ExportedCode.SampleInputs(50);
        using var _ = no_grad();
        foreach (var cell in new[] { "Stage1", "Stage2" })
        {
            using var exported = ExportedCode.CompileModule(source, cell);
            ExportedCode.AssertClose(ExportedCode.Cell(network, cell).forward(x), exported.forward(x), cell);
        }
    }

    [Fact]
    public void OutWritesTheExportToAFile()
    {
        using var folder = new TemporaryFolder();
        WriteRnnGenotype(folder.Path, ["Tanh", "Zero", "Sinh", "Add", "Identity", "Div"]);
        var file = Path.Combine(folder.Path, "act.tex");
        var (exitCode, output, error) = ExportedCode.Export("--run", folder.Path, "--to", "latex", "--out", file);
        Assert.Equal((0, "", ""), (exitCode, output, error));
        Assert.Equal("\\mathrm{Act}(x) = \\sinh\\left(x\\right) / \\tanh\\left(x\\right)\n", File.ReadAllText(file));
    }

    [Fact]
    public void HelpShowsTheUsage()
    {
        var (exitCode, output, error) = ExportedCode.Export("--help");
        Assert.Equal((0, ""), (exitCode, error));
        Assert.StartsWith($"Usage: {HostSpaces.ApplicationName} export --run DIR --to csharp|pytorch|latex [--out FILE] [--seed N]\n", output.Replace("\r\n", "\n"));
    }

    [Fact]
    public void CommandLineMistakesAreUsageErrors()
    {
        using var folder = new TemporaryFolder();
        var missing = Path.Combine(folder.Path, "missing");
        Assert.Equal((2, "error: export needs --run DIR, the run folder whose genotype.json to export.\n"), Failed("--to", "latex"));
        Assert.Equal((2, "error: export needs --to, one of csharp, pytorch, latex.\n"), Failed("--run", folder.Path));
        Assert.Equal((2, "error: --to onnx: unknown format; choose csharp, pytorch, latex.\n"), Failed("--run", folder.Path, "--to", "onnx"));
        Assert.Equal((2, $"error: --run {missing}: no such run folder.\n"), Failed("--run", missing, "--to", "latex"));
        Assert.Equal((2, "error: export --format: unknown argument; the command takes --run, --to, --out and --seed.\n"), Failed("--format", "latex"));
        Assert.Equal((2, "error: --seed 0: not a retraining seed; give 1 or more.\n"), Failed("--run", folder.Path, "--to", "csharp", "--seed", "0"));
        Assert.Equal((2, "error: export --to: needs a value.\n"), Failed("--run", folder.Path, "--to"));
    }

    [Fact]
    public void ARunWithoutAGenotypeOrOfAnUndeclaredSpaceFails()
    {
        using var folder = new TemporaryFolder();
        Assert.Equal((1, $"error: --run {folder.Path}: has no genotype.json; a run writes it when its search finishes.\n"), Failed("--run", folder.Path, "--to", "latex"));

        var genotype = Path.Combine(folder.Path, "genotype.json");
        File.WriteAllText(genotype, """{"space":"MlpSpace","operations":{"Act.U1":"Cos"}}""");
        var declared = string.Join(", ", SearchSpaceRegistry.Of(typeof(RnnSpace).Assembly).Select(s => s.TypeName));
        Assert.Equal((1, $"error: {genotype}: names the space 'MlpSpace', which {HostSpaces.ApplicationName} does not declare (it declares {declared}).\n"),
            Failed("--run", folder.Path, "--to", "latex"));

        File.WriteAllText(genotype, """{"space":"RnnSpace","operations":{"Act.U1":"Cos"}}""");
        var (exitCode, message) = Failed("--run", folder.Path, "--to", "latex");
        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: {genotype}: ", message);
    }

    [Fact]
    public void AnOperationWithoutTheTemplateNamesTheOpSetOperationAndProperty()
    {
        using var folder = new TemporaryFolder();
        // The Complex space's op sets are the sample's own and declare no templates.
        ExportedCode.WriteGenotype(ComplexSpace.Definition, folder.Path, ("Act.U1.Value", "Identity"), ("Act.U2.Value", "Zero"), ("Act.B1.Value", "Max"));
        Assert.Equal((1, "error: IdentityOrZero.Identity declares no PyTorch template; add PyTorch = \"...\" to its [UnaryPrimitive]\n"), Failed("--run", folder.Path, "--to", "pytorch"));
        Assert.Equal((1, "error: IdentityOrZero.Identity declares no TorchSharp template; add TorchSharp = \"...\" to its [UnaryPrimitive]\n"), Failed("--run", folder.Path, "--to", "csharp"));
        // LaTeX prints the simplified max(x, 0): identity and zero are gone, Max is left.
        Assert.Equal((1, "error: MinOrMax.Max declares no Latex template; add Latex = \"...\" to its [BinaryPrimitive]\n"), Failed("--run", folder.Path, "--to", "latex"));
    }

    [Fact]
    public void EveryOperationOfTheOpSetsDeclaresEveryTemplate()
    {
        foreach (var table in new[] { Unary.Table, Binary.Table, Activations.Table, Extended.Table, ExtendedBinary.Table })
        foreach (var op in table.Ops)
        {
            Assert.False(string.IsNullOrEmpty(op.TorchSharp), $"{table.Name}.{op.Name} has no TorchSharp template");
            Assert.False(string.IsNullOrEmpty(op.PyTorch), $"{table.Name}.{op.Name} has no PyTorch template");
            Assert.False(string.IsNullOrEmpty(op.Latex), $"{table.Name}.{op.Name} has no Latex template");
            Assert.Equal(table.Name, op.OpSet);
        }
    }

    private static (int ExitCode, string Error) Failed(params string[] args)
    {
        var (exitCode, output, error) = ExportedCode.Export(args);
        Assert.Equal("", output);
        return (exitCode, error.Replace("\r\n", "\n"));
    }
}
