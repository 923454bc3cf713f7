using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NasDsl.Tests.Sample;

/// <summary>Runs the ActivationSearch sample as a real process (exit codes and signals are part of its contract).</summary>
internal sealed class SampleProcess : IDisposable
{
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
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ActivationSearch.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stderr.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static SampleProcess Start(string workingDirectory, params string[] arguments) => new(arguments, workingDirectory);

    /// <summary>Runs to completion under extra environment variables and returns (exit code, stdout, stderr).</summary>
    public static (int ExitCode, string Output, string Error) RunWith(IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] arguments)
    {
        using var process = new SampleProcess(arguments, workingDirectory, environment);
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

    public string Output { get { lock (_gate) return _stdout.ToString(); } }

    public string Error { get { lock (_gate) return _stderr.ToString(); } }

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            if (_process.HasExited) return Output.Contains(text, StringComparison.Ordinal);
            Thread.Sleep(20);
        }
        return false;
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
            throw new TimeoutException($"The sample did not finish within {timeout}.\nstdout:\n{Output}\nstderr:\n{Error}");
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
