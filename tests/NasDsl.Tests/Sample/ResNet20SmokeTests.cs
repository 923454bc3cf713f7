using System.Text.Json.Nodes;
using NasDsl.Tests.Data;

namespace NasDsl.Tests.Sample;

/// <summary>A short real search of the ResNet-20 activation space through the host, on CIFAR-10-format files the test
/// writes (3×32×32) and on the shipped Fashion-MNIST subset (1×28×28), compared with the space's own baselines.</summary>
public sealed class ResNet20SmokeTests
{
    private static readonly SpaceStatistics Statistics = ActivationSearch.ResNet20Space.Statistics;

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
        Assert.Contains($"ResNet20Space: {Statistics}; run folder", output);
        Assert.Equal(6, Directory.GetFiles(run, "weights-ResNetActivation.*.png").Length);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "results.json")))!;
        Assert.Equal(6, results["edges"]!.AsArray().Count);
        Assert.Single(results["baselines"]!["relu"]!["accuracies"]!.AsArray());
        // The baseline is ResNet-20 itself with its cell fixed to relu, not the host's LeNet.
        Assert.Contains("| baseline network | ResNet20Space with its cell fixed (the space's own baselines) |", File.ReadAllText(Path.Combine(run, "summary.md")));
    }

    [Fact]
    public void Baselines_the_space_does_not_declare_are_refused()
    {
        using var folder = new TemporaryFolder();
        var (exitCode, _, error) = SampleProcess.Run(folder.Path, "--space", "resnet20", "--baselines", "relu,gelu", "--out", Path.Combine(folder.Path, "run"));

        Assert.Equal(2, exitCode);
        Assert.Contains("--baselines relu,gelu: resnet20 has no baseline 'gelu'; choose from relu, identity, tanh, sigmoid, swish.", error);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "run")), "a refused run must write nothing");
    }

    [Fact]
    public void The_spaces_listing_says_which_network_each_space_is_compared_with()
    {
        using var folder = new TemporaryFolder();
        var (exitCode, output, error) = SampleProcess.Run(folder.Path, "spaces");

        Assert.True(exitCode == 0, error);
        Assert.Contains($"resnet20: ActivationSearch.ResNet20Space\n  {Statistics}\n"
            + "  baselines: its own network with the cell fixed to relu, identity, tanh, sigmoid, swish\n", output.ReplaceLineEndings("\n"));
        Assert.Contains("rnn (default): ActivationSearch.RnnSpace\n", output.ReplaceLineEndings("\n"));
        Assert.Contains("  baselines: the host's LeNet with relu, swish, hardswish, leakyrelu, gelu, tanh, sigmoid, identity\n", output.ReplaceLineEndings("\n"));
    }
}
