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
}
