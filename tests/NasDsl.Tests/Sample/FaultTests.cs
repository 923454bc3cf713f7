using NasDsl.Cli.Records;
using NasDsl.Search;

namespace NasDsl.Tests.Sample;

/// <summary>Faults during a run end in one line, a non-zero exit and a folder that says what happened; none loses the
/// last good checkpoint.</summary>
public sealed class FaultTests
{
    [TmpfsFact]
    public void AFullDiskStopsTheRunWithItsCheckpointKeptAndTheFolderMarkedFailed()
    {
        using var folder = new TemporaryFolder();
        var disk = Directory.CreateDirectory(Path.Combine(folder.Path, "disk")).FullName;
        using var tmpfs = new Tmpfs(disk, "300k");
        var run = Path.Combine(disk, "run");

        var (exitCode, output, error) = SampleProcess.Run(folder.Path,
            "--epochs", "2", "--limit-steps", "3", "--train-epochs", "0", "--train-samples", "640", "--threads", "1", "--out", run);

        Assert.True(exitCode == 1, $"exit {exitCode}\n{output}\n{error}");
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: Cannot write '{run}/", line);
        Assert.Contains("No space left on device", line);
        Assert.DoesNotContain(".tmp", line);
        Assert.EndsWith($"the last good checkpoint is kept: once the folder can be written, continue with --resume {run}", line);
        Assert.DoesNotContain("Exception", output + error);
        Assert.Empty(Directory.GetFiles(run, "*.tmp*"));
        Assert.False(File.Exists(Path.Combine(run, RunLock.FileName)));
        Assert.Equal("failed", RunFolder.ReadStatus(run));
        Assert.True(Checkpoint.IsValid(Path.Combine(run, "checkpoint.bin")));
    }
}
