using System.Text.Json.Nodes;
using NasDsl.Tests.Data;

namespace NasDsl.Tests.Sample;

/// <summary>A short real search of the ResNet-20 activation space through the sample, on CIFAR-10-format files the test
/// writes (3×32×32) and on the shipped Fashion-MNIST subset (1×28×28).</summary>
public sealed class ResNet20SmokeTests
{
    [Theory]
    [InlineData("cifar")]
    [InlineData("subset")]
    public void ShortSearchOfResNet20Finishes(string data)
    {
        using var folder = new TemporaryFolder();
        var dataFolder = data == "cifar"
            ? Directory.CreateDirectory(Path.Combine(folder.Path, "cifar")).FullName
            : Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-subset");
        if (data == "cifar") DataFiles.WriteCifarFolder(dataFolder, perBatch: 8);
        var run = Path.Combine(folder.Path, "run");

        var (exitCode, output, error) = SampleProcess.Run(folder.Path,
            "--space", "resnet20", "--data", dataFolder, "--epochs", "1", "--limit-steps", "2", "--batch-size", "8",
            "--train-epochs", "1", "--retrain-seeds", "1", "--baselines", "relu", "--train-samples", "64", "--test-samples", "16",
            "--threads", "1", "--out", run);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal("finished", JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run.json")))!["status"]!.GetValue<string>());
        Assert.Contains($"ResNet20Space: 6 architecture-weight scopes", output);
        Assert.Equal(6, Directory.GetFiles(run, "weights-ResNetActivation.*.png").Length);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "results.json")))!;
        Assert.Equal(6, results["edges"]!.AsArray().Count);
        Assert.Single(results["baselines"]!["relu"]!["accuracies"]!.AsArray());
    }

    [Fact]
    public void Baselines_the_activation_cell_cannot_express_are_refused()
    {
        using var folder = new TemporaryFolder();
        var (exitCode, _, error) = SampleProcess.Run(folder.Path, "--space", "resnet20", "--baselines", "gelu", "--out", Path.Combine(folder.Path, "run"));

        Assert.Equal(2, exitCode);
        Assert.Contains("--baselines gelu: resnet20 cannot express 'gelu' in its activation cell; choose from relu, identity, tanh, sigmoid, swish.", error);
    }
}
