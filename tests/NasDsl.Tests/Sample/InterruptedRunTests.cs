using System.Text.Json.Nodes;

namespace NasDsl.Tests.Sample;

/// <summary>
/// A run killed mid-epoch and resumed ends with exactly the alphas of an uninterrupted run, for every method:
/// DrNAS' Dirichlet and GDAS' Gumbel samples come from torch's generator, whose state the checkpoint holds, and
/// shrinking's drops are part of the checkpointed progress. No warm start, so the interruption falls while the
/// architecture is searched and operations are being dropped.
/// </summary>
public sealed class InterruptedRunTests
{
    // 125 steps of 32 images per epoch, three epochs: a signal sent on a step line still finds the run going on a loaded
    // CI machine. With 30 steps and two epochs a SIGKILL sent in the second epoch once arrived after the run had finished.
    private static string[] Arguments(string method) =>
        ["--space", "simple", "--method", method, "--warmup-epochs", "0", "--epochs", "3", "--batch-size", "32", "--train-epochs", "0",
         "--train-samples", "8000", "--threads", "1", "--seed", "5"];

    [Theory]
    [InlineData("darts")]
    [InlineData("drnas")]
    [InlineData("gdas")]
    public void SigtermMidEpochCheckpointsAndResumeMatchesAnUninterruptedRun(string method)
    {
        using var folder = new TemporaryFolder();
        var reference = Path.Combine(folder.Path, "reference");
        var (exitCode, output, error) = SampleProcess.Run(folder.Path, [.. Arguments(method), "--out", reference]);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");

        var interrupted = Path.Combine(folder.Path, "interrupted");
        using (var process = SampleProcess.Start(folder.Path, [.. Arguments(method), "--out", interrupted]))
        {
            Assert.True(process.WaitForOutput("step 24/125", TimeSpan.FromMinutes(2)), process.Describe());
            process.Signal(SampleProcess.SigTerm);
            process.WaitForExit(TimeSpan.FromMinutes(2));
            Assert.True(process.ExitCode == 130, process.Describe());
        }
        Assert.Equal("interrupted", Status(interrupted));
        Assert.False(File.Exists(Path.Combine(interrupted, "summary.md")));

        var (resumedExit, resumedOutput, resumedError) = SampleProcess.Run(folder.Path, "--resume", interrupted);
        Assert.True(resumedExit == 0, $"exit {resumedExit}\n{resumedOutput}\n{resumedError}");
        Assert.Equal("finished", Status(interrupted));
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "alphas.csv")), File.ReadAllText(Path.Combine(interrupted, "alphas.csv")));
        Assert.Equal(Dropped(reference), Dropped(interrupted));
    }

    [Theory]
    [InlineData("darts")]
    [InlineData("drnas")]
    [InlineData("gdas")]
    public void SigkillAfterAnEpochResumesFromTheEpochCheckpoint(string method)
    {
        using var folder = new TemporaryFolder();
        var reference = Path.Combine(folder.Path, "reference");
        var (exitCode, output, error) = SampleProcess.Run(folder.Path, [.. Arguments(method), "--out", reference]);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");

        var killed = Path.Combine(folder.Path, "killed");
        using (var process = SampleProcess.Start(folder.Path, [.. Arguments(method), "--out", killed]))
        {
            Assert.True(process.WaitForOutput("step 12/125", TimeSpan.FromMinutes(2), after: "epoch 2/3"), process.Describe());
            process.Signal(SampleProcess.SigKill);
            process.WaitForExit(TimeSpan.FromMinutes(1));
        }
        Assert.Equal("running", Status(killed));

        var (resumedExit, resumedOutput, resumedError) = SampleProcess.Run(folder.Path, "--resume", killed);
        Assert.True(resumedExit == 0, $"exit {resumedExit}\n{resumedOutput}\n{resumedError}");
        Assert.Contains("at epoch 2, step 1.", resumedOutput);
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "alphas.csv")), File.ReadAllText(Path.Combine(killed, "alphas.csv")));
    }

    /// <summary>SIGTERM while the found network is retrained (a pre-empted sweep task, say) stops the run as interrupted
    /// instead of recording a half-trained network's accuracy as its result; resumed, it retrains from scratch and ends
    /// with exactly the results of an uninterrupted run.</summary>
    [Fact]
    public void SigtermWhileRetrainingInterruptsAndResumeRetrainsToTheSameResults()
    {
        // 60 retraining epochs per network: on the AVX-512 machine 20 took under a second, and a loaded CI run once
        // finished the whole run before the signal that followed its second epoch arrived (exit 143).
        string[] arguments = ["--space", "simple", "--method", "darts", "--epochs", "1", "--limit-steps", "3", "--train-epochs", "60",
            "--train-samples", "2000", "--retrain-seeds", "1", "--baselines", "relu", "--threads", "1"];
        using var folder = new TemporaryFolder();
        var reference = Path.Combine(folder.Path, "reference");
        var (exitCode, output, error) = SampleProcess.Run(folder.Path, [.. arguments, "--out", reference]);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");

        var interrupted = Path.Combine(folder.Path, "interrupted");
        using (var process = SampleProcess.Start(folder.Path, [.. arguments, "--out", interrupted]))
        {
            Assert.True(process.WaitForOutput("retrain found, seed 1: epoch 2 ", TimeSpan.FromMinutes(2)), process.Describe());
            process.Signal(SampleProcess.SigTerm);
            process.WaitForExit(TimeSpan.FromMinutes(2));
            Assert.True(process.ExitCode == 130, process.Describe());
        }
        Assert.Equal("interrupted", Status(interrupted));
        Assert.False(File.Exists(Path.Combine(interrupted, "results.json")));

        var (resumedExit, resumedOutput, resumedError) = SampleProcess.Run(folder.Path, "--resume", interrupted);
        Assert.True(resumedExit == 0, $"exit {resumedExit}\n{resumedOutput}\n{resumedError}");
        Assert.Equal("finished", Status(interrupted));
        Assert.Equal(Accuracies(reference), Accuracies(interrupted));
    }

    private static string Accuracies(string run)
    {
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "results.json")))!;
        return results["found"]!["accuracies"]!.ToJsonString() + results["baselines"]!["relu"]!["accuracies"]!.ToJsonString();
    }

    /// <summary>The drops recorded in metrics.jsonl, epoch by epoch.</summary>
    private static string[] Dropped(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(line => JsonNode.Parse(line)!["dropped"]!.ToJsonString()).ToArray();

    private static string? Status(string run) => NasDsl.Cli.Records.RunFolder.ReadStatus(run);
}
