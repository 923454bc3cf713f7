using ActivationSearch.Cli;
using ActivationSearch.Reporting;

namespace ActivationSearch;

/// <summary>Starts the runner of an invocation's space: the one path a single run and a sweep's entries share.</summary>
public static class Runs
{
    private static readonly BaselineNetwork<BaselineSpace.Genotype> LeNet = BaselineNetwork<BaselineSpace.Genotype>.LeNet;

    public static int Start(Invocation invocation, Reporter reporter, CancellationToken cancellation)
    {
        try
        {
            return invocation.Settings.Space switch
            {
                "simple" => new SearchRunner<SimpleSpace.Genotype, BaselineSpace.Genotype>(SimpleSpace.Definition, LeNet).Run(invocation, reporter, cancellation),
                "complex" => new SearchRunner<ComplexSpace.Genotype, BaselineSpace.Genotype>(ComplexSpace.Definition, LeNet).Run(invocation, reporter, cancellation),
                // ResNet-20's baselines are the same ResNet-20 with its one activation cell fixed.
                "resnet20" => new SearchRunner<ResNet20Space.Genotype, ResNet20Space.Genotype>(
                    ResNet20Space.Definition, new(ResNet20Space.Definition, ResNet20Baselines.GenotypeOf)).Run(invocation, reporter, cancellation),
                _ => new SearchRunner<RnnSpace.Genotype, BaselineSpace.Genotype>(RnnSpace.Definition, LeNet).Run(invocation, reporter, cancellation),
            };
        }
        catch (Exception e)
        {
            // Nothing ends in an unhandled exception. The runner marks its folder failed itself; this catches what fails
            // before there is one (building the supernet, say). Native errors append a backtrace: keep the first line.
            Console.Error.WriteLine($"error: {e.Message.Split('\n', 2)[0].TrimEnd()}");
            return ExitCodes.Failure;
        }
    }
}
