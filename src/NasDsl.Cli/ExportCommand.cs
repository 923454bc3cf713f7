using System.Globalization;
using System.Text.Json.Nodes;
using NasDsl.Cli.Records;

namespace NasDsl.Cli;

/// <summary><c>export --run DIR --to csharp|pytorch|latex</c>: the searched cells of a run's genotype as a TorchSharp
/// module, a PyTorch module or LaTeX, written from the operations' own templates.</summary>
internal static class ExportCommand
{
    private static readonly string[] Formats = ["csharp", "pytorch", "latex"];

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command, writing the export (without --out) to <paramref name="output"/> and errors to <paramref name="error"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            output.WriteLine($"Usage: {HostSpaces.ApplicationName} export --run DIR --to csharp|pytorch|latex [--out FILE] [--seed N]");
            output.WriteLine("Writes the searched cells of the run's genotype.json as a TorchSharp module (csharp), a PyTorch module (pytorch)");
            output.WriteLine("or one LaTeX line per cell (latex), to stdout or --out FILE. Parametric operations take the values they learned");
            output.WriteLine("in the retrained network of --seed (default 1, the run's found-seedN.bin).");
            return ExitCodes.Success;
        }

        string? run = null, format = null, outFile = null;
        int? seed = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is not ("--run" or "--to" or "--out" or "--seed")) return Usage(error, $"export {name}: unknown argument; the command takes --run, --to, --out and --seed.");
            if (i + 1 >= args.Length) return Usage(error, $"export {name}: needs a value.");
            var value = args[++i];
            switch (name)
            {
                case "--run": run = value; break;
                case "--to": format = value; break;
                case "--out": outFile = value; break;
                default:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                        return Usage(error, $"--seed {value}: not a retraining seed; give 1 or more.");
                    seed = parsed;
                    break;
            }
        }
        if (run is null) return Usage(error, "export needs --run DIR, the run folder whose genotype.json to export.");
        if (format is null) return Usage(error, $"export needs --to, one of {string.Join(", ", Formats)}.");
        if (!Formats.Contains(format)) return Usage(error, $"--to {format}: unknown format; choose {string.Join(", ", Formats)}.");
        if (!Directory.Exists(run)) return Usage(error, $"--run {run}: no such run folder.");

        var folder = new RunFolder(run);
        var genotypePath = folder.File("genotype.json");
        if (!File.Exists(genotypePath)) return Failure(error, $"--run {run}: has no genotype.json; a run writes it when its search finishes.");
        try
        {
            var spaceName = JsonNode.Parse(File.ReadAllText(genotypePath))?["space"]?.GetValue<string>();
            var space = spaceName is null ? null : HostSpaces.TryFind(spaceName);
            if (space is null)
                return Failure(error, $"{genotypePath}: names the space '{spaceName ?? "(none)"}', which {HostSpaces.ApplicationName} does not declare (it declares {string.Join(", ", HostSpaces.All.Select(s => s.TypeName))}).");
            var text = space.Accept(new ExportVisitor(folder, run, format, seed));
            if (outFile is null) output.Write(text);
            else AtomicFile.WriteAllText(outFile, text);
            return ExitCodes.Success;
        }
        catch (Exception e)
        {
            // A genotype of another space, a missing template, unreadable or mismatched weights, an unwritable --out:
            // one line (native errors append a backtrace), never an unhandled exception.
            return Failure(error, e.Message.Split('\n', 2)[0].TrimEnd());
        }
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return ExitCodes.Usage;
    }

    private static int Failure(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return ExitCodes.Failure;
    }

    /// <summary>Loads the genotype (and, for parametric operations, the retrained network) in its space's types.</summary>
    private sealed class ExportVisitor(RunFolder folder, string run, string format, int? seed) : ISearchSpaceVisitor<string>
    {
        public string Visit<TGenotype>(SearchSpaceDefinition<TGenotype> space) where TGenotype : class
        {
            var genotype = GenotypeFile.Load(space, folder.File("genotype.json"));
            var export = ActivationExport.Of(space, genotype);
            // LaTeX prints β as a symbol; only code needs the learned values, so only code needs the weights.
            if (format == "latex") return export.ToLatex();
            if (export.LearnedOperation is { } parametric)
            {
                var weights = RunFolder.FoundWeightsFile(seed ?? 1);
                if (!File.Exists(folder.File(weights)))
                    throw new ExportException($"--run {run}: the genotype uses {parametric}, which learns β per channel, and the run has no retrained weights {weights}; "
                        + "retrain it (--train-epochs 1 or more) or pick a --seed it has.");
                using var network = space.CreateDiscrete(genotype, NetworkOptions(folder));
                network.load(folder.File(weights));
                export = ActivationExport.Of(space, genotype, network);
            }
            return format == "csharp" ? export.ToTorchSharp() : export.ToPyTorch();
        }

        /// <summary>The input shape and classes the retrained network was built with, from results.json.</summary>
        private static SpaceOptions NetworkOptions(RunFolder folder)
        {
            var results = folder.File("results.json");
            var found = File.Exists(results) ? JsonNode.Parse(File.ReadAllText(results))?["found"] : null;
            if (found?["inputShape"] is not JsonArray shape || found["classes"] is not JsonValue classes)
                throw new InvalidDataException($"{results}: names no found.inputShape and found.classes, which build the network the weights load into.");
            return new SpaceOptions(shape.Select(d => d!.GetValue<long>()).ToArray(), classes.GetValue<int>());
        }
    }
}
