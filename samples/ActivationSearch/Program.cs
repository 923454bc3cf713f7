using System.Runtime.InteropServices;
using ActivationSearch;
using ActivationSearch.Cli;
using ActivationSearch.Reporting;
using NasDsl.Devices;

// libgomp reads its wait policy once, when libtorch loads: spinning threads starve each other on small machines.
OpenMp.PreferPassiveWaiting();

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

try
{
    var reporter = Reporter.Create();
    return invocation.Settings.Space switch
    {
        "simple" => new SearchRunner<SimpleSpace.Genotype>(SimpleSpace.Definition).Run(invocation, reporter, cancellation.Token),
        "complex" => new SearchRunner<ComplexSpace.Genotype>(ComplexSpace.Definition).Run(invocation, reporter, cancellation.Token),
        _ => new SearchRunner<RnnSpace.Genotype>(RnnSpace.Definition).Run(invocation, reporter, cancellation.Token),
    };
}
catch (Exception e)
{
    // Nothing ends in an unhandled exception. The runner marks its folder failed itself; this catches what fails
    // before there is one (building the supernet, say). Native errors append a backtrace: keep the first line.
    Console.Error.WriteLine($"error: {e.Message.Split('\n', 2)[0].TrimEnd()}");
    return ExitCodes.Failure;
}
