using System.Text.Json.Nodes;
using ActivationSearch;
using NasDsl.Data;
using NasDsl.Search;
using NasDsl.Tests.Export;

namespace NasDsl.Tests.Sample;

/// <summary>A host run keeps the retrained found network of every seed in its run folder, and export reads it.</summary>
[Collection(HostSpacesCollection.Name)]
public sealed class RetrainedWeightsTests
{
    private static readonly string Data = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "data", "fashion-mnist-subset"));

    [Fact]
    public void ARunSavesEachSeedsFoundNetworkWhichLoadsBackWithItsTestAccuracy()
    {
        using var folder = new TemporaryFolder();
        var run = Path.Combine(folder.Path, "run");
        var (exitCode, output, error) = SampleProcess.Run(folder.Path,
            "--space", "rnn", "--data", Data, "--epochs", "1", "--limit-steps", "3", "--train-epochs", "1", "--retrain-seeds", "2",
            "--train-samples", "500", "--test-samples", "200", "--baselines", "relu", "--threads", "1", "--out", run);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");

        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "results.json")))!["found"]!;
        Assert.Equal(["found-seed1.bin", "found-seed2.bin"], results["weights"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.Equal([1L, 28, 28], results["inputShape"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.Contains("| retrained weights | found-seed1.bin, found-seed2.bin |", File.ReadAllText(Path.Combine(run, "summary.md")));

        var genotype = GenotypeFile.Load(RnnSpace.Definition, Path.Combine(run, "genotype.json"));
        using var data = Datasets.LoadFolder(Data, 500, 200);
        var accuracies = results["accuracies"]!.AsArray().Select(a => a!.GetValue<double>()).ToArray();
        for (var seed = 1; seed <= 2; seed++)
        {
            using var network = RnnSpace.Definition.CreateDiscrete(genotype, new SpaceOptions([1, 28, 28], 10));
            network.load(Path.Combine(run, $"found-seed{seed}.bin"));
            Assert.Equal(accuracies[seed - 1], Evaluator.Evaluate(network, data.Test).Accuracy);
        }

        // The run's own genotype exports; its code computes what the retrained network's cell does.
        var source = ExportedCode.ExportOrFail(run, "csharp");
        using var retrained = RnnSpace.Definition.CreateDiscrete(genotype, new SpaceOptions([1, 28, 28], 10));
        using var exported = ExportedCode.CompileModule(source, "Act");
        using var x = ExportedCode.SampleInputs(100);
        using var _ = TorchSharp.torch.no_grad();
        ExportedCode.AssertClose(ExportedCode.Cell(retrained, "Act").forward(x), exported.forward(x), "the run's genotype");
    }
}
