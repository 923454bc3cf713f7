using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NasDsl.Tests.Sample;

/// <summary>Runs SearchHostApp (the notebook's spaces under the search host) as a real process: exit codes and signals
/// are part of the host's contract.</summary>
internal sealed class SampleProcess : IDisposable
{
    /// <summary>The application's build output beside this one (tests/SearchHostApp/bin/&lt;configuration&gt;/&lt;tfm&gt;/).</summary>
    private static readonly string AppPath = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..",
        "SearchHostApp", "bin", new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "..")).Name, new DirectoryInfo(AppContext.BaseDirectory).Name, "SearchHostApp.dll"));

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();

    private SampleProcess(IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A null value removes the variable (a test run inside a Slurm job must not leak its array index).
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) start.Environment[name] = value;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stderr.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static SampleProcess Start(string workingDirectory, params string[] arguments) => new([AppPath, .. arguments], workingDirectory);

    /// <summary>Runs to completion under extra environment variables and returns (exit code, stdout, stderr).</summary>
    public static (int ExitCode, string Output, string Error) RunWith(IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] arguments)
    {
        using var process = new SampleProcess([AppPath, .. arguments], workingDirectory, environment);
        process.WaitForExit(TimeSpan.FromMinutes(5));
        return (process.ExitCode, process.Output, process.Error);
    }

    /// <summary>Runs to completion and returns (exit code, stdout, stderr).</summary>
    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, params string[] arguments)
    {
        using var process = Start(workingDirectory, arguments);
        process.WaitForExit(TimeSpan.FromMinutes(5));
        return (process.ExitCode, process.Output, process.Error);
    }

    /// <summary>Runs <c>dotnet</c> itself (pack, build, a built consumer) to completion within <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output, string Error) Dotnet(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        // Not the test run's MSBuild node or its settings: the child builds as a user's shell would.
        using var process = new SampleProcess(arguments, workingDirectory, new Dictionary<string, string?> { ["MSBuildExtensionsPath"] = null, ["MSBUILD_EXE_PATH"] = null, ["MSBuildSDKsPath"] = null });
        process.WaitForExit(timeout);
        return (process.ExitCode, process.Output, process.Error);
    }

    public string Output { get { lock (_gate) return _stdout.ToString(); } }

    public string Error { get { lock (_gate) return _stderr.ToString(); } }

    public int ExitCode => _process.ExitCode;

    /// <summary>For failure messages: whether and how the process ended, and all it wrote.</summary>
    public string Describe() =>
        $"{(_process.HasExited ? $"exited with code {_process.ExitCode}" : "still running")}\nstdout:\n{Output}\nstderr:\n{Error}";

    public int Id => _process.Id;

    /// <summary>Waits until <paramref name="text"/> has been written, after the first <paramref name="after"/> when one is
    /// given (a step line of the second epoch, not the same line of the first).</summary>
    public bool WaitForOutput(string text, TimeSpan timeout, string? after = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Written(text, after)) return true;
            if (_process.HasExited)
            {
                // Drain the asynchronous readers: HasExited turns true before the last lines have been read.
                _process.WaitForExit();
                return Written(text, after);
            }
            Thread.Sleep(20);
        }
        return false;
    }

    private bool Written(string text, string? after)
    {
        var output = Output;
        var from = after is null ? 0 : output.IndexOf(after, StringComparison.Ordinal);
        return from >= 0 && output.IndexOf(text, from, StringComparison.Ordinal) >= 0;
    }

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
    }

    public void WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', _process.StartInfo.ArgumentList)} did not finish within {timeout}.\nstdout:\n{Output}\nstderr:\n{Error}");
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    public const int SigKill = 9;
    public const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}

/// <summary>A temporary working folder, deleted afterwards.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nasdsl-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
