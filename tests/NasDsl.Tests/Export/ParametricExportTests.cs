using NasDsl.Operations;
using NasDsl.Tests.Sample;
using static TorchSharp.torch;

namespace NasDsl.Tests.Export;

/// <summary>Exports of operations that learn β per channel: the code carries the values the retrained network of
/// <c>--seed</c> learned, and code cannot be exported without them.</summary>
[Collection(HostSpacesCollection.Name)]
public sealed class ParametricExportTests
{
    private static readonly SpaceOptions Options = new([1, 28, 28], 10);

    private static readonly (string, string)[] Learned =
        [("Act.U1", "BetaMul"), ("Act.U2", "BetaAdd"), ("Act.B1", "ExpBetaSquaredDistance"), ("Act.B2", "BetaMix")];

    private static readonly (string, string)[] LearnedAndFixed =
        [("Act.U1", "Beta"), ("Act.U2", "Acosh"), ("Act.B1", "ExpBetaAbsDistance"), ("Act.B2", "BetaMix")];

    /// <summary>A run folder as the host leaves it after retraining seeds 1 and 2: each seed's network has its own
    /// random β (the ones a network starts with are all 1, which would hide a mix-up).</summary>
    private static ParametricSpace.Genotype WriteRetrainedRun(string folder, (string, string)[] operations)
    {
        var genotype = ExportedCode.WriteGenotype(ParametricSpace.Definition, folder, operations);
        foreach (var seed in new[] { 1, 2 })
        {
            manual_seed(seed);
            using var network = ParametricSpace.Definition.CreateDiscrete(genotype, Options);
            using (no_grad())
            {
                foreach (var (name, parameter) in network.named_parameters())
                    if (name.EndsWith("beta", StringComparison.Ordinal)) parameter.uniform_(-2, 2);
            }
            network.save(Path.Combine(folder, $"found-seed{seed}.bin"));
        }
        File.WriteAllText(Path.Combine(folder, "results.json"), """{"found":{"weights":["found-seed1.bin","found-seed2.bin"],"inputShape":[1,28,28],"classes":10}}""");
        return genotype;
    }

    private static (nn.Module<Tensor, Tensor> Network, Tensor Inputs) Retrained(ParametricSpace.Genotype genotype, string folder, int seed)
    {
        var network = ParametricSpace.Definition.CreateDiscrete(genotype, Options);
        network.load(Path.Combine(folder, $"found-seed{seed}.bin"));
        network.eval();
        // The cell sees the stem's features: one β per feature.
        using var probe = zeros(1, 1, 28, 28);
        using var features = ExportedCode.Cell(network, "Features").forward(probe);
        return (network, ExportedCode.SampleInputs(features.shape[1]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheTorchSharpModuleCarriesTheBetaOfTheSeedsRetrainedNetwork(int seed)
    {
        using var folder = new TemporaryFolder();
        foreach (var operations in new[] { Learned, LearnedAndFixed })
        {
            var genotype = WriteRetrainedRun(folder.Path, operations);
            var (exitCode, source, error) = ExportedCode.Export("--run", folder.Path, "--to", "csharp", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(exitCode == 0, error);
            Assert.Contains("// β learned at Act.U1, one value per channel.", source);

            using var guard = OperationGuard.Override(true);
            var (network, x) = Retrained(genotype, folder.Path, seed);
            using (network)
            using (x)
            using (var exported = ExportedCode.CompileModule(source, "Act"))
            using (no_grad())
                ExportedCode.AssertClose(ExportedCode.Cell(network, "Act").forward(x), exported.forward(x), $"seed {seed}, {operations[0].Item2}");
        }
    }

    [PyTorchFact]
    public void ThePyTorchModuleCarriesTheBetaOfTheRetrainedNetwork()
    {
        Assert.True(ExportedCode.PythonTorchMissing() is null, $"CI=true but exported PyTorch cannot run: {ExportedCode.PythonTorchMissing()}; .ci/run installs python3-torch as root");
        using var folder = new TemporaryFolder();
        foreach (var operations in new[] { Learned, LearnedAndFixed })
        {
            var genotype = WriteRetrainedRun(folder.Path, operations);
            var source = ExportedCode.ExportOrFail(folder.Path, "pytorch");

            using var guard = OperationGuard.Override(true);
            var (network, x) = Retrained(genotype, folder.Path, seed: 1);
            using (network)
            using (x)
            {
                Tensor expected;
                using (no_grad()) expected = ExportedCode.Cell(network, "Act").forward(x);
                ExportedCode.AssertClose(expected, ExportedCode.RunPyTorchModule(folder.Path, source, "Act", x), operations[0].Item2);
            }
        }
    }

    [Fact]
    public void CodeNeedsTheRetrainedWeightsAndLatexDoesNot()
    {
        using var folder = new TemporaryFolder();
        ExportedCode.WriteGenotype(ParametricSpace.Definition, folder.Path, Learned);
        foreach (var format in new[] { "csharp", "pytorch" })
        {
            var (exitCode, output, error) = ExportedCode.Export("--run", folder.Path, "--to", format);
            Assert.Equal((1, ""), (exitCode, output));
            Assert.Equal($"error: --run {folder.Path}: the genotype uses Extended.BetaMul, which learns β per channel, and the run has no retrained weights found-seed1.bin; "
                + "retrain it (--train-epochs 1 or more) or pick a --seed it has.\n", error);
        }
        Assert.Equal(@"\mathrm{Act}(x) = \beta e^{-\beta \left(x \cdot \beta - \left(x + \beta\right)\right)^{2}} + \left(1 - \beta\right) x" + "\n",
            ExportedCode.ExportOrFail(folder.Path, "latex"));
    }

    [Fact]
    public void ASeedTheRunDidNotRetrainIsNamed()
    {
        using var folder = new TemporaryFolder();
        WriteRetrainedRun(folder.Path, Learned);
        var (exitCode, _, error) = ExportedCode.Export("--run", folder.Path, "--to", "csharp", "--seed", "3");
        Assert.Equal(1, exitCode);
        Assert.Contains("the run has no retrained weights found-seed3.bin", error);
    }
}
