using System.Runtime.InteropServices;
using NasDsl.Cli.Reporting;
using NasDsl.Cli.Sweeps;
using NasDsl.Devices;

namespace NasDsl.Cli;

/// <summary>
/// The command line of a NasDsl search, for the spaces an application declares: <c>return SearchHost.Run(args);</c>
/// in Program.cs. It offers every <see cref="SearchSpaceAttribute"/> class of the entry assembly to <c>--space</c> (found
/// through the registry the generator emits), and brings the live display, run folder, plots, summary, resume,
/// Ctrl+C/SIGTERM handling, sweeps and <see cref="ExitCodes"/>. <c>spaces</c> lists the spaces and their statistics;
/// <c>export</c> writes a run's found activations as TorchSharp, PyTorch or LaTeX.
/// </summary>
public static class SearchHost
{
    /// <summary>Runs the command line over the entry assembly's search spaces and returns the exit code.</summary>
    /// <param name="args">The application's arguments.</param>
    /// <param name="defaultSpace">The space <c>--space</c> defaults to; without one, an application with several
    /// spaces asks for <c>--space</c> (with one, it is the default).</param>
    public static int Run(string[] args, string? defaultSpace = null)
    {
        var entry = System.Reflection.Assembly.GetEntryAssembly()
            ?? throw new InvalidOperationException("SearchHost.Run needs an entry assembly; pass the spaces to Run(args, spaces).");
        return Run(args, SearchSpaceRegistry.Of(entry), defaultSpace);
    }

    /// <summary>Runs the command line over <paramref name="spaces"/> (e.g. <c>SearchSpaceRegistry.Of(typeof(MySpace).Assembly)</c>
    /// when the spaces live in a library) and returns the exit code.</summary>
    public static int Run(string[] args, IReadOnlyList<RegisteredSearchSpace> spaces, string? defaultSpace = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(spaces);
        try
        {
            HostSpaces.Use(spaces, defaultSpace);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }

        // libgomp reads its wait policy once, when libtorch loads: spinning threads starve each other on small machines.
        OpenMp.PreferPassiveWaiting();

        // Ctrl+C and SIGTERM stop the search after the current step; it checkpoints, so --resume continues exactly.
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                cancellation.Cancel();
            });
            return Dispatch(args, cancellation.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static int Dispatch(string[] args, CancellationToken cancellation)
    {
        // `spaces`: what the application declares; `sweep plan|run|emit|report`: a sweep of runs; `export`: a run's
        // found activations as code or LaTeX; else one run.
        if (args.Length > 0 && args[0] == "spaces") return SpacesCommand.Run(args[1..]);
        if (args.Length > 0 && args[0] == "sweep") return SweepCommand.Run(args, cancellation);
        if (args.Length > 0 && args[0] == "export") return ExportCommand.Run(args[1..]);

        var root = CommandLine.Build();
        var parsed = root.Parse(args);
        if (args.Any(a => a is "-h" or "--help" or "-?" or "--version"))
            return parsed.Invoke();

        Invocation invocation;
        try
        {
            invocation = CommandLine.Read(parsed);
            DeviceSelector.Resolve(invocation.Settings.Device);
        }
        catch (Exception e) when (e is UsageException or DeviceUnavailableException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            if (e is not UsageException { SuggestHelp: false }) Console.Error.WriteLine("Run with --help to see the options.");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A run folder that cannot be read (permissions, a failing disk).
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }

        return Runs.Start(invocation, Reporter.Create(), cancellation);
    }
}

/// <summary>The exit codes of <see cref="SearchHost.Run(string[], string?)"/>.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The run failed (unreadable data, a run folder that cannot be written); the folder says why.</summary>
    public const int Failure = 1;

    /// <summary>An invalid argument; nothing was written.</summary>
    public const int Usage = 2;

    /// <summary>The search diverged; the last good checkpoint is kept.</summary>
    public const int Diverged = 3;

    /// <summary>Stopped by Ctrl+C or SIGTERM; continue with <c>--resume</c>.</summary>
    public const int Interrupted = 130;
}
