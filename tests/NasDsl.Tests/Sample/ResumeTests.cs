using System.Text.Json.Nodes;
using NasDsl.Cli.Records;
using NasDsl.Search;

namespace NasDsl.Tests.Sample;

/// <summary>
/// What --resume does with options given beside it (only more epochs and the retraining settings may change), and
/// with a folder it cannot or must not continue: one line, and the folder as it was.
/// </summary>
public sealed class ResumeTests(FinishedRun finished) : IClassFixture<FinishedRun>
{
    [Theory]
    [InlineData("--seed|2", "--seed 2 differs from the run's 1")]
    [InlineData("--batch-size|32", "--batch-size 32 differs from the run's 64")]
    [InlineData("--space|rnn", "--space rnn differs from the run's simple")]
    [InlineData("--second-order", "--second-order on differs from the run's off")]
    [InlineData("--limit-steps|3", "--limit-steps 3 differs from the run's 2")]
    [InlineData("--train-samples|100", "--train-samples 100 differs from the run's 200")]
    [InlineData("--keep-zero", "--keep-zero on differs from the run's off")]
    [InlineData("--device|cuda", "--device cuda differs from the run's cpu")]
    [InlineData("--data|OTHER", "--data OTHER differs from the run's DATA")]
    [InlineData("--out|OTHER", "--out OTHER differs from the run's RUN")]
    [InlineData("--epochs|1", "--epochs 1 is fewer than the run's 2 (a search may be extended, not shortened)")]
    [InlineData("--seed|2|--batch-size|32|--epochs|9", "--batch-size 32 differs from the run's 64; --seed 2 differs from the run's 1")]
    public void AnOptionThatWouldChangeTheRunIsRefusedNamingBothValuesAndTheFolderIsUntouched(string arguments, string expected)
    {
        using var folder = new TemporaryFolder();
        var run = finished.CopyTo(folder.Path, status: "interrupted");
        var other = Directory.CreateDirectory(Path.Combine(folder.Path, "other")).FullName;
        var data = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!["data"]!.GetValue<string>();
        var before = RunFolders.Snapshot(run);

        var (exitCode, output, error) = SampleProcess.Run(folder.Path, ["--resume", run, .. arguments.Replace("OTHER", other).Split('|')]);

        Assert.True(exitCode == 2, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal($"error: --resume {run}: {expected.Replace("OTHER", other).Replace("DATA", data).Replace("RUN", run)}.", error.TrimEnd());
        Assert.Equal(before, RunFolders.Snapshot(run));
    }

    [Fact]
    public void MoreEpochsExtendAFinishedRunAndTheRetrainingSettingsMayChange()
    {
        using var folder = new TemporaryFolder();
        var run = finished.CopyTo(folder.Path);

        var (exitCode, output, error) = SampleProcess.Run(folder.Path, "--resume", run, "--epochs", "3", "--baseline", "swish", "--threads", "1");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Contains($"Resuming from {Path.Combine(run, "checkpoint.bin")} at epoch 3, step 1.", output);
        Assert.Equal("finished", RunFolder.ReadStatus(run));
        Assert.True(File.Exists(Path.Combine(run, "summary.md")));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        Assert.Equal((3, "swish"), (config["epochs"]!.GetValue<int>(), string.Join(",", config["baselines"]!.AsArray().Select(b => b!.GetValue<string>()))));
        var rates = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonNode.Parse(l)!["learningRate"]!.GetValue<double>()).ToArray();
        // Epochs 1–2 ran under the two-epoch cosine; epoch 3 follows the cosine over the new total of three, so the
        // extended run is not the one a three-epoch plan would have made (its epoch 2 would have had 0.019).
        Assert.Equal(3, rates.Length);
        Assert.Equal(0.001 + 0.024 * (1 + Math.Cos(Math.PI / 2)) / 2, rates[1], 12);
        Assert.Equal(0.001 + 0.024 * (1 + Math.Cos(2 * Math.PI / 3)) / 2, rates[2], 12);
    }

    [Theory]
    [InlineData("drnas", "shrinking")]
    [InlineData("gdas", "temperature")]
    public void ARunWhoseScheduleSpansItsEpochsCannotBeExtended(string method, string schedule)
    {
        using var folder = new TemporaryFolder();
        var run = Path.Combine(folder.Path, "run");
        string[] arguments = ["--space", "simple", "--method", method, "--shrink", method == "drnas" ? "on" : "off", "--epochs", "2",
            "--limit-steps", "2", "--train-epochs", "0", "--train-samples", "200", "--threads", "1", "--out", run];
        var (firstExit, firstOutput, firstError) = SampleProcess.Run(folder.Path, arguments);
        Assert.True(firstExit == 0, $"exit {firstExit}\n{firstOutput}\n{firstError}");
        var before = RunFolders.Snapshot(run);

        var (exitCode, output, error) = SampleProcess.Run(folder.Path, "--resume", run, "--epochs", "3");

        Assert.True(exitCode == 2, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal($"error: --resume {run}: --epochs 3 differs from the run's 2 (its {schedule} is scheduled over the planned epochs).", error.TrimEnd());
        Assert.Equal(before, RunFolders.Snapshot(run));
    }

    [Fact]
    public void AFinishedRunResumedWithoutMoreEpochsIsRefused()
    {
        using var folder = new TemporaryFolder();
        var run = finished.CopyTo(folder.Path);
        var before = RunFolders.Snapshot(run);

        var (exitCode, _, error) = SampleProcess.Run(folder.Path, "--resume", run, "--epochs", "2");

        Assert.Equal(2, exitCode);
        Assert.Equal($"error: --resume {run}: the run has already finished; its results are in {Path.Combine(run, "summary.md")} (give --epochs above 2 to extend its search).", error.TrimEnd());
        Assert.Equal(before, RunFolders.Snapshot(run));
    }

    [Fact]
    public void APlotThatCannotBeWrittenStopsTheRunKeepingTheCheckpointOfItsEpoch()
    {
        using var folder = new TemporaryFolder();
        var run = finished.CopyTo(folder.Path);
        // A folder where the loss plot goes: the epoch completes, its plot cannot replace it.
        File.Delete(Path.Combine(run, "loss.png"));
        Directory.CreateDirectory(Path.Combine(run, "loss.png"));

        var (exitCode, output, error) = SampleProcess.Run(folder.Path, "--resume", run, "--epochs", "3");

        Assert.True(exitCode == 1, $"exit {exitCode}\n{output}\n{error}");
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: Cannot write '{Path.Combine(run, "loss.png")}': ", line);
        Assert.EndsWith($"the last good checkpoint is kept: once the folder can be written, continue with --resume {run}", line);
        Assert.Equal("failed", RunFolder.ReadStatus(run));
        Assert.Equal(3, Checkpoint.ReadMetadata(Path.Combine(run, "checkpoint.bin")).Progress.Epoch);
        Assert.Empty(Directory.GetFiles(run, "*.tmp*"));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Length);
    }

    [Fact]
    public void BothCheckpointsCorruptExitWith1NamingBothAndLeaveTheFolderUntouched()
    {
        using var folder = new TemporaryFolder();
        var run = finished.CopyTo(folder.Path, status: "interrupted");
        var checkpoint = Path.Combine(run, "checkpoint.bin");
        var previous = Path.Combine(run, "checkpoint.prev.bin");
        var bytes = File.ReadAllBytes(checkpoint);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(checkpoint, bytes);
        File.WriteAllText(previous, "not a checkpoint");
        var before = RunFolders.Snapshot(run);

        var (exitCode, output, error) = SampleProcess.Run(folder.Path, "--resume", run);

        Assert.True(exitCode == 1, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal(
            $"error: --resume {run}: No usable checkpoint: '{checkpoint}': its SHA-256 checksum does not match its contents; '{previous}': it is not a NasDsl checkpoint (bad header).",
            error.TrimEnd());
        Assert.Equal(before, RunFolders.Snapshot(run));
    }

    [Fact]
    public void ACorruptLatestCheckpointFallsBackToThePreviousOne()
    {
        using var folder = new TemporaryFolder();
        var run = finished.CopyTo(folder.Path, status: "interrupted");
        File.WriteAllText(Path.Combine(run, "checkpoint.bin"), "not a checkpoint");

        var (exitCode, output, error) = SampleProcess.Run(folder.Path, "--resume", run);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Contains($"Resuming from {Path.Combine(run, "checkpoint.prev.bin")} at epoch 2, step 1.", output);
        Assert.Equal("finished", RunFolder.ReadStatus(run));
    }

    [Fact]
    public void AFolderLockedByALiveProcessIsRefusedAndLeftUntouched()
    {
        using var folder = new TemporaryFolder();
        var run = finished.CopyTo(folder.Path, status: "interrupted");
        File.WriteAllText(Path.Combine(run, RunLock.FileName), $"{Environment.ProcessId}\n");
        var before = RunFolders.Snapshot(run);

        var (exitCode, output, error) = SampleProcess.Run(folder.Path, "--resume", run);

        Assert.True(exitCode == 2, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal($"error: --resume {run}: the run folder is in use by pid {Environment.ProcessId}", error.TrimEnd());
        Assert.Equal(before, RunFolders.Snapshot(run));
    }

    [Fact]
    public void ALockLeftByAProcessThatIsGoneIsTakenOver()
    {
        using var folder = new TemporaryFolder();
        var run = finished.CopyTo(folder.Path, status: "interrupted");
        File.WriteAllText(Path.Combine(run, RunLock.FileName), $"{RunFolders.DeadProcessId()}\n");

        var (exitCode, output, error) = SampleProcess.Run(folder.Path, "--resume", run);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal("finished", RunFolder.ReadStatus(run));
        Assert.False(File.Exists(Path.Combine(run, RunLock.FileName)));
    }

    [Fact]
    public void ARunThatIsStillRunningCannotBeResumedByASecondProcess()
    {
        using var folder = new TemporaryFolder();
        var run = Path.Combine(folder.Path, "run");
        using var first = SampleProcess.Start(folder.Path,
            "--space", "simple", "--epochs", "1000", "--limit-steps", "3", "--train-epochs", "0", "--train-samples", "200", "--threads", "1", "--out", run);
        // From epoch 2 on the run has a checkpoint, so only the lock stands in the way.
        Assert.True(first.WaitForOutput("epoch 2/1000", TimeSpan.FromMinutes(2)), first.Output + first.Error);
        Assert.Equal($"{first.Id}", File.ReadAllText(Path.Combine(run, RunLock.FileName)).Trim());

        var (exitCode, output, error) = SampleProcess.Run(folder.Path, "--resume", run);

        Assert.True(exitCode == 2, $"exit {exitCode}\n{output}\n{error}");
        Assert.Equal($"error: --resume {run}: the run folder is in use by pid {first.Id}", error.TrimEnd());
    }
}
