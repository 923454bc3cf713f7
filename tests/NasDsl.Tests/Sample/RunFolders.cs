using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace NasDsl.Tests.Sample;

/// <summary>
/// A short finished run of the simple space (2 epochs of 2 steps, so both checkpoint.bin and checkpoint.prev.bin
/// exist), made once per test class; each test resumes its own copy.
/// </summary>
public sealed class FinishedRun : IDisposable
{
    public static readonly string[] Arguments =
        ["--space", "simple", "--method", "darts", "--epochs", "2", "--limit-steps", "2", "--train-epochs", "0", "--train-samples", "200", "--threads", "1"];

    private readonly TemporaryFolder _folder = new();

    public FinishedRun()
    {
        Path = System.IO.Path.Combine(_folder.Path, "run");
        var (exitCode, output, error) = SampleProcess.Run(_folder.Path, [.. Arguments, "--out", Path]);
        if (exitCode != 0) throw new InvalidOperationException($"the fixture run failed: exit {exitCode}\n{output}\n{error}");
    }

    public string Path { get; }

    /// <summary>A copy of the run in <paramref name="parent"/>, its status set to <paramref name="status"/>.</summary>
    public string CopyTo(string parent, string status = "finished")
    {
        var copy = System.IO.Path.Combine(parent, "run");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Path)) File.Copy(file, System.IO.Path.Combine(copy, System.IO.Path.GetFileName(file)));
        if (status != "finished") RunFolders.SetStatus(copy, status);
        return copy;
    }

    public void Dispose() => _folder.Dispose();
}

internal static class RunFolders
{
    /// <summary>Every file of a folder (hidden ones too) with the SHA-256 of its contents.</summary>
    public static SortedDictionary<string, string> Snapshot(string folder) =>
        new(Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);

    /// <summary>Pretends the run stopped before its end (so --resume accepts it) without running anything.</summary>
    public static void SetStatus(string run, string status) =>
        File.WriteAllText(Path.Combine(run, "run.json"), new JsonObject { ["status"] = status }.ToJsonString());

    /// <summary>The pid of a process that has exited.</summary>
    public static int DeadProcessId()
    {
        using var process = System.Diagnostics.Process.Start("true");
        process.WaitForExit();
        return process.Id;
    }
}
