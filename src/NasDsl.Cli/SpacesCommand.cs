using System.Globalization;

namespace NasDsl.Cli;

/// <summary><c>spaces</c>: every search space the application declares, with what the generator counted.</summary>
internal static class SpacesCommand
{
    public static int Run(string[] args)
    {
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            Console.WriteLine($"Usage: {HostSpaces.ApplicationName} spaces [--verbose]");
            Console.WriteLine("Lists the search spaces --space accepts: architectures, alphas and mixed edges; --verbose adds every scope and edge.");
            return ExitCodes.Success;
        }
        var verbose = false;
        foreach (var arg in args)
        {
            if (arg is "--verbose" or "-v") verbose = true;
            else
            {
                Console.Error.WriteLine($"error: spaces {arg}: unknown argument; the command takes only --verbose.");
                return ExitCodes.Usage;
            }
        }
        foreach (var space in HostSpaces.All)
        {
            var isDefault = space.Name == HostSpaces.Default ? " (default)" : "";
            Console.WriteLine($"{space.Name}{isDefault}: {space.TypeName}");
            Console.WriteLine($"  {space.Statistics}");
            Console.WriteLine(space.BaselineNames.Count > 0
                ? $"  baselines: its own network with the cell fixed to {string.Join(", ", space.BaselineNames)}"
                : $"  baselines: the host's LeNet with {string.Join(", ", BaselineNames.LeNet)}");
            if (!verbose) continue;
            foreach (var scope in space.Statistics.Scopes)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  scope {scope.Path}: {scope.OpSet}, {scope.Alphas} alphas"));
            foreach (var edge in space.Statistics.Edges)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  edge {edge.Path}{(edge.Path == edge.Scope ? "" : $" (scope {edge.Scope})")}: {edge.Candidates} candidates"));
        }
        return ExitCodes.Success;
    }
}
