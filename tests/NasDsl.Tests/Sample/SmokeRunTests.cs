using System.Text.Json.Nodes;
using ActivationSearch;

namespace NasDsl.Tests.Sample;

/// <summary>Short real searches of the three notebook spaces through the sample, end to end.</summary>
public sealed class SmokeRunTests
{
    [Theory]
    [InlineData("simple", 2)]
    [InlineData("complex", 3)]
    [InlineData("rnn", 6)]
    public void ShortSearchWritesACompleteRunFolder(string space, int scopes)
    {
        using var folder = new TemporaryFolder();
        var run = Path.Combine(folder.Path, "run");
        var (exitCode, output, error) = SampleProcess.Run(folder.Path,
            "--space", space, "--epochs", "2", "--limit-steps", "4", "--train-epochs", "1", "--train-samples", "1000", "--threads", "1", "--out", run);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");

        foreach (var file in new[] { "config.json", "run.json", "metrics.jsonl", "alphas.csv", "genotype.json", "checkpoint.bin", "summary.md", "loss.png", "accuracy.png" })
            Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing from the run folder");
        Assert.Equal("finished", JsonNode.Parse(File.ReadAllText(Path.Combine(run, "run.json")))!["status"]!.GetValue<string>());

        var metrics = File.ReadAllLines(Path.Combine(run, "metrics.jsonl"));
        Assert.Equal(2, metrics.Length);
        Assert.Equal(2, JsonNode.Parse(metrics[1])!["epoch"]!.GetValue<int>());

        var plots = Directory.GetFiles(run, "weights-*.png");
        Assert.Equal(scopes, plots.Length);
        foreach (var png in plots.Append(Path.Combine(run, "loss.png")))
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png).Take(4));

        var alphaRows = File.ReadAllLines(Path.Combine(run, "alphas.csv")).Skip(1).Where(l => l.StartsWith("2,", StringComparison.Ordinal)).ToList();
        Assert.Equal(scopes, alphaRows.Count(r => r.EndsWith(",1", StringComparison.Ordinal)));

        Assert.Contains("one-shot test accuracy", output);
        Assert.Contains("relu test accuracy", output);
        Assert.Contains("found vs relu", output);
        Assert.True(File.Exists(Path.Combine(run, "results.json")), "results.json missing from the run folder");
        Assert.Contains("loss.png", File.ReadAllText(Path.Combine(run, "summary.md")));
    }

    [Fact]
    public void SavedGenotypeReloadsAsTheTypedGenotype()
    {
        using var folder = new TemporaryFolder();
        var run = Path.Combine(folder.Path, "run");
        var (exitCode, output, error) = SampleProcess.Run(folder.Path,
            "--space", "rnn", "--epochs", "1", "--limit-steps", "3", "--train-epochs", "0", "--train-samples", "640", "--threads", "1", "--out", run);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");

        var genotype = GenotypeFile.Load(RnnSpace.Definition, Path.Combine(run, "genotype.json"));
        var saved = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "genotype.json")))!["operations"]!.AsObject();
        Assert.Equal(saved["Act.U1"]!.GetValue<string>(), genotype.Act.U1.ToString());
        Assert.Equal(saved["Act.B2"]!.GetValue<string>(), genotype.Act.B2.ToString());
        using var network = RnnSpace.CreateDiscrete(genotype, new SpaceOptions([1, 28, 28], 10));
        Assert.Equal([2L, 10L], network.forward(TorchSharp.torch.zeros(2, 1, 28, 28)).shape);

        // The default data's folder is recorded, so a resumed run reads the same data.
        Assert.False(string.IsNullOrEmpty(JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!["data"]?.GetValue<string>()));
        var (resumeExit, _, resumeError) = SampleProcess.Run(folder.Path, "--resume", run);
        Assert.Equal(2, resumeExit);
        Assert.Contains($"--resume {run}: the run has already finished", resumeError);
    }
}
