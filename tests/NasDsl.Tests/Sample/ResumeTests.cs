using ActivationSearch.Records;

namespace NasDsl.Tests.Sample;

/// <summary>What --resume does with a run folder it cannot or must not continue: one line, and the folder as it was.</summary>
public sealed class ResumeTests(FinishedRun finished) : IClassFixture<FinishedRun>
{
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
