using System.Text;

using NasDsl;

namespace NasDsl.Cli.Records;

/// <summary>summary.md: the result table, the configuration and the plots; written last, when the run has finished.</summary>
internal static class Summary
{
    public static void Write(RunFolder folder, RunSettings settings, string space, string verdict, IReadOnlyList<(string Name, string Value)> rows, IReadOnlyList<string> plots, string data, long[] inputShape, int classes)
    {
        var text = new StringBuilder();
        text.Append($"# {space} search\n\n");
        text.Append(verdict).Append("\n\n");
        text.Append("| result | value |\n| --- | --- |\n");
        foreach (var (name, value) in rows) text.Append($"| {name} | {value.Replace("|", "\\|")} |\n");
        text.Append($"\nData: {data}\n\n");
        text.Append($"Configuration (`config.json`):\n\n```json\n{settings.ToJson()}```\n\n");
        text.Append("Reload the genotype and build its network:\n\n```csharp\n");
        text.Append($"var genotype = GenotypeFile.Load({space}.Definition, \"genotype.json\");\n");
        text.Append($"var network = {space}.Definition.CreateDiscrete(genotype, new SpaceOptions(InputShape: [{string.Join(", ", inputShape)}], Classes: {classes}));\n");
        if (System.IO.File.Exists(folder.File(RunFolder.FoundWeightsFile(1)))) text.Append($"network.load(\"{RunFolder.FoundWeightsFile(1)}\");  // the retrained weights of seed 1\n");
        text.Append("```\n\n");
        foreach (var plot in plots) text.Append($"![{plot}]({plot})\n\n");
        AtomicFile.WriteAllText(folder.File("summary.md"), text.ToString());
    }
}
