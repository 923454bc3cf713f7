using System.Runtime.InteropServices;
using ActivationSearch;
using ActivationSearch.Cli;
using ActivationSearch.Reporting;
using ActivationSearch.Sweeps;
using NasDsl.Devices;

// libgomp reads its wait policy once, when libtorch loads: spinning threads starve each other on small machines.
OpenMp.PreferPassiveWaiting();

// Ctrl+C and SIGTERM stop the search after the current step; it checkpoints, so --resume continues exactly.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

// `sweep plan|run|emit|report`: a sweep of runs; everything else is one run.
if (args.Length > 0 && args[0] == "sweep") return SweepCommand.Run(args, cancellation.Token);

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

return Runs.Start(invocation, Reporter.Create(), cancellation.Token);
