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
            "--space", space, "--epochs", "2", "--limit-steps", "4", "--train-epochs", "1", "--retrain-seeds", "1", "--train-samples", "1000", "--threads", "1", "--out", run);
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

        // The host says what the space holds before the search starts.
        var statistics = SearchSpaceRegistry.Of(typeof(RnnSpace).Assembly).Single(s => s.Name == space).Statistics;
        Assert.Contains($"{space}Space: {statistics}; run folder", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("one-shot test accuracy", output);
        Assert.Contains("relu test accuracy", output);
        Assert.Contains("found vs relu", output);
        Assert.True(File.Exists(Path.Combine(run, "results.json")), "results.json missing from the run folder");
        Assert.Contains("loss.png", File.ReadAllText(Path.Combine(run, "summary.md")));
        // The default method shrinks every edge to one operation by the last epoch: the run decides.
        Assert.Contains("**Found** `", File.ReadAllText(Path.Combine(run, "summary.md")));
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "results.json")))!;
        Assert.True(results["decided"]!.GetValue<bool>());
        Assert.Single(results["found"]!["accuracies"]!.AsArray());
        Assert.Single(results["baselines"]!["relu"]!["accuracies"]!.AsArray());
        Assert.Equal(scopes, results["edges"]!.AsArray().Count);
    }

    [Fact]
    public void ASearchThatDoesNotDecideSaysSoAndPresentsNoFinding()
    {
        // DARTS at its paper settings moves each alpha ~3e-4 per step: 8 steps leave every weight near uniform.
        using var folder = new TemporaryFolder();
        var run = Path.Combine(folder.Path, "run");
        var (exitCode, output, error) = SampleProcess.Run(folder.Path,
            "--space", "simple", "--method", "darts", "--epochs", "2", "--limit-steps", "4", "--train-epochs", "1", "--retrain-seeds", "2",
            "--baselines", "relu", "--train-samples", "400", "--threads", "1", "--out", run);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");

        Assert.Contains("warning: the search did not decide: Stage1.A (top 0.25", output);
        Assert.Contains("undecided (argmax shown)", output);
        var summary = File.ReadAllText(Path.Combine(run, "summary.md"));
        Assert.Contains("**Undecided.** ", summary);
        Assert.DoesNotContain("**Found**", summary);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "results.json")))!;
        Assert.False(results["decided"]!.GetValue<bool>());
        Assert.All(results["edges"]!.AsArray(), edge => Assert.False(edge!["decided"]!.GetValue<bool>()));
        Assert.Equal(2, results["found"]!["accuracies"]!.AsArray().Count);
        Assert.NotNull(results["baselines"]!["relu"]!["p"]);
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
        using var network = RnnSpace.Definition.CreateDiscrete(genotype, new SpaceOptions([1, 28, 28], 10));
        Assert.Equal([2L, 10L], network.forward(TorchSharp.torch.zeros(2, 1, 28, 28)).shape);

        // The default data's folder is recorded, so a resumed run reads the same data.
        Assert.False(string.IsNullOrEmpty(JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!["data"]?.GetValue<string>()));
        var (resumeExit, _, resumeError) = SampleProcess.Run(folder.Path, "--resume", run);
        Assert.Equal(2, resumeExit);
        Assert.Contains($"--resume {run}: the run has already finished", resumeError);
    }
}
