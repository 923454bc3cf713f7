using System.Text;
using ActivationSearch.Cli;
using NasDsl;

namespace ActivationSearch.Records;

/// <summary>summary.md: the result table, the configuration and the plots; written last, when the run has finished.</summary>
public static class Summary
{
    public static void Write(RunFolder folder, RunSettings settings, string space, IReadOnlyList<(string Name, string Value)> rows, IReadOnlyList<string> plots, string data)
    {
        var text = new StringBuilder();
        text.Append($"# {space} search\n\n");
        text.Append("| result | value |\n| --- | --- |\n");
        foreach (var (name, value) in rows) text.Append($"| {name} | {value.Replace("|", "\\|")} |\n");
        text.Append($"\nData: {data}\n\n");
        text.Append($"Configuration: `{settings.ToJson().ReplaceLineEndings(" ").Trim()}`\n\n");
        text.Append("Reload the genotype and build its network:\n\n```csharp\n");
        text.Append($"var genotype = GenotypeFile.Load({space}.Definition, \"genotype.json\");\n");
        text.Append($"var network = {space}.CreateDiscrete(genotype, new SpaceOptions(InputShape: [1, 28, 28], Classes: 10));\n```\n\n");
        foreach (var plot in plots) text.Append($"![{plot}]({plot})\n\n");
        AtomicFile.WriteAllText(folder.File("summary.md"), text.ToString());
    }
}
