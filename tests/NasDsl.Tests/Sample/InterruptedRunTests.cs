using System.Text.Json.Nodes;

namespace NasDsl.Tests.Sample;

/// <summary>A run killed mid-epoch and resumed ends with exactly the alphas of an uninterrupted run.</summary>
public sealed class InterruptedRunTests
{
    private static readonly string[] Arguments =
        ["--space", "simple", "--epochs", "2", "--limit-steps", "30", "--train-epochs", "0", "--train-samples", "4000", "--threads", "1", "--seed", "5"];

    [Fact]
    public void SigtermMidEpochCheckpointsAndResumeMatchesAnUninterruptedRun()
    {
        using var folder = new TemporaryFolder();
        var reference = Path.Combine(folder.Path, "reference");
        var (exitCode, output, error) = SampleProcess.Run(folder.Path, [.. Arguments, "--out", reference]);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");

        var interrupted = Path.Combine(folder.Path, "interrupted");
        using (var process = SampleProcess.Start(folder.Path, [.. Arguments, "--out", interrupted]))
        {
            Assert.True(process.WaitForOutput("step 9/30", TimeSpan.FromMinutes(2)), process.Output + process.Error);
            process.Signal(SampleProcess.SigTerm);
            process.WaitForExit(TimeSpan.FromMinutes(2));
            Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{process.Output}\n{process.Error}");
        }
        Assert.Equal("interrupted", Status(interrupted));
        Assert.False(File.Exists(Path.Combine(interrupted, "summary.md")));

        var (resumedExit, resumedOutput, resumedError) = SampleProcess.Run(folder.Path, "--resume", interrupted);
        Assert.True(resumedExit == 0, $"exit {resumedExit}\n{resumedOutput}\n{resumedError}");
        Assert.Equal("finished", Status(interrupted));
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "alphas.csv")), File.ReadAllText(Path.Combine(interrupted, "alphas.csv")));
    }

    [Fact]
    public void SigkillAfterAnEpochResumesFromTheEpochCheckpoint()
    {
        using var folder = new TemporaryFolder();
        var reference = Path.Combine(folder.Path, "reference");
        var (exitCode, output, error) = SampleProcess.Run(folder.Path, [.. Arguments, "--out", reference]);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");

        var killed = Path.Combine(folder.Path, "killed");
        using (var process = SampleProcess.Start(folder.Path, [.. Arguments, "--out", killed]))
        {
            Assert.True(process.WaitForOutput("epoch 2/2", TimeSpan.FromMinutes(2)), process.Output + process.Error);
            Assert.True(process.WaitForOutput("step 6/30", TimeSpan.FromMinutes(2)), process.Output + process.Error);
            process.Signal(SampleProcess.SigKill);
            process.WaitForExit(TimeSpan.FromMinutes(1));
        }
        Assert.Equal("running", Status(killed));

        var (resumedExit, resumedOutput, resumedError) = SampleProcess.Run(folder.Path, "--resume", killed);
        Assert.True(resumedExit == 0, $"exit {resumedExit}\n{resumedOutput}\n{resumedError}");
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "alphas.csv")), File.ReadAllText(Path.Combine(killed, "alphas.csv")));
    }

    private static string? Status(string run) => ActivationSearch.Records.RunFolder.ReadStatus(run);
}
