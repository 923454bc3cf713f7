using NasDsl.Cli.Reporting;

namespace NasDsl.Cli;

/// <summary>Starts the runner of an invocation's space: the one path a single run and a sweep's entries share.</summary>
internal static class Runs
{
    public static int Start(Invocation invocation, Reporter reporter, CancellationToken cancellation)
    {
        try
        {
            var space = HostSpaces.Find(invocation.Settings.Space);
            return space.Accept(new RunVisitor(invocation, reporter, space.Statistics, cancellation));
        }
        catch (Exception e)
        {
            // Nothing ends in an unhandled exception. The runner marks its folder failed itself; this catches what fails
            // before there is one (building the supernet, say). Native errors append a backtrace: keep the first line.
            Console.Error.WriteLine($"error: {e.Message.Split('\n', 2)[0].TrimEnd()}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Builds the runner for the chosen space's genotype type.</summary>
    private sealed class RunVisitor(Invocation invocation, Reporter reporter, SpaceStatistics statistics, CancellationToken cancellation) : ISearchSpaceVisitor<int>
    {
        public int Visit<TGenotype>(SearchSpaceDefinition<TGenotype> space) where TGenotype : class =>
            new SearchRunner<TGenotype>(space, statistics).Run(invocation, reporter, cancellation);
    }
}
