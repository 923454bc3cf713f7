using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NasDsl.Cli.Records;
using NasDsl;
using ScottPlot;

namespace NasDsl.Cli.Sweeps;

/// <summary>One entry's outcome, read from its run folder.</summary>
/// <param name="Entry">The sweep entry.</param>
/// <param name="Status">run.json's status, "missing" when the entry never started.</param>
/// <param name="Detail">run.json's detail (why it failed or where it stopped), if any.</param>
/// <param name="Results">results.json of a finished run, else null.</param>
internal sealed record EntryOutcome(SweepEntry Entry, string Status, string? Detail, JsonNode? Results)
{
    public bool Finished => Status == "finished" && Results is not null;

    public double? FoundMean => Results?["found"]?["mean"]?.GetValue<double>();

    public double? BaselineMean(string name) => Results?["baselines"]?[name]?["mean"]?.GetValue<double>();
}

/// <summary>
/// Merges every finished run of a sweep into DIR/report.csv (one row per entry), DIR/report.md (one row per setting:
/// the found formulas, the retrained accuracy's mean ± std over the setting's runs, the difference to each baseline,
/// and which runs are missing or failed) and DIR/report.png.
/// </summary>
internal static class SweepReport
{
    public static IReadOnlyList<EntryOutcome> Read(Sweep sweep) => sweep.Entries.Select(entry =>
    {
        var folder = sweep.RunFolder(entry);
        var status = RunFolder.ReadStatus(folder);
        string? detail = null;
        try
        {
            if (File.Exists(Path.Combine(folder, "run.json"))) detail = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "run.json")))?["detail"]?.GetValue<string>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            detail = "run.json is not readable";
        }
        JsonNode? results = null;
        if (status == "finished")
        {
            try
            {
                results = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")));
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
            {
                (status, detail) = ("failed", $"results.json is not readable ({e.Message})");
            }
        }
        return new EntryOutcome(entry, status ?? "missing", detail, results);
    }).ToArray();

    /// <summary>Writes the three files and returns their paths.</summary>
    public static IReadOnlyList<string> Write(Sweep sweep)
    {
        var outcomes = Read(sweep);
        var baselines = outcomes.Where(o => o.Finished).SelectMany(o => o.Results!["baselines"]!.AsObject().Select(b => b.Key)).Distinct().ToArray();
        var csv = Path.Combine(sweep.Folder, "report.csv");
        var markdown = Path.Combine(sweep.Folder, "report.md");
        var png = Path.Combine(sweep.Folder, "report.png");
        AtomicFile.WriteAllText(csv, Csv(outcomes, baselines));
        AtomicFile.WriteAllBytes(png, Plot(outcomes, baselines));
        AtomicFile.WriteAllText(markdown, Markdown(sweep, outcomes, baselines, Path.GetFileName(png)));
        return [csv, markdown, png];
    }

    private static string Csv(IReadOnlyList<EntryOutcome> outcomes, IReadOnlyList<string> baselines)
    {
        var header = new List<string> { "index", "id", "group", "seed", "status", "formula", "decided", "found_mean", "found_std", "found_accuracies" };
        foreach (var b in baselines) header.AddRange([$"{b}_mean", $"{b}_std", $"{b}_accuracies", $"{b}_difference", $"{b}_p", $"{b}_verdict"]);
        var text = new StringBuilder(string.Join(",", header)).Append('\n');
        foreach (var o in outcomes)
        {
            var r = o.Results;
            var row = new List<string?>
            {
                o.Entry.Index.ToString(CultureInfo.InvariantCulture), o.Entry.Id, o.Entry.Group, o.Entry.Seed, o.Status,
                r?["formula"]?.GetValue<string>(), r?["decided"]?.GetValue<bool>().ToString().ToLowerInvariant(),
                Number(r?["found"]?["mean"]), Number(r?["found"]?["std"]), Accuracies(r?["found"]?["accuracies"]),
            };
            foreach (var b in baselines)
            {
                var baseline = r?["baselines"]?[b];
                row.AddRange([Number(baseline?["mean"]), Number(baseline?["std"]), Accuracies(baseline?["accuracies"]),
                    Number(baseline?["difference"]), Number(baseline?["p"]), baseline?["verdict"]?.GetValue<string>()]);
            }
            text.Append(string.Join(",", row.Select(Field))).Append('\n');
        }
        return text.ToString();
    }

    private static string Markdown(Sweep sweep, IReadOnlyList<EntryOutcome> outcomes, IReadOnlyList<string> baselines, string plot)
    {
        var finished = outcomes.Count(o => o.Finished);
        var text = new StringBuilder("# Sweep report\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{sweep.Folder}: {outcomes.Count} runs planned, {finished} finished");
        text.Append(finished == outcomes.Count ? ".\n\n" : $", {outcomes.Count - finished} not (listed below).\n\n");
        if (sweep.RunOptions.Count > 0) text.Append("Options of every run: `").Append(string.Join(" ", sweep.RunOptions)).Append("`\n\n");
        text.Append("Retrained test accuracy: the mean ± std over the setting's finished runs (search seeds) of each run's mean over its retraining seeds. ");
        text.Append("Difference: the found network's minus the baseline's, in accuracy points, mean ± std over the runs.\n\n");

        var header = new List<string> { "setting", "runs finished", "found formulas", "retrained accuracy" };
        foreach (var b in baselines) header.AddRange([$"{b} accuracy", $"vs {b} (points)"]);
        text.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
        text.Append('|').Append(string.Concat(header.Select(_ => " --- |"))).Append('\n');
        foreach (var group in outcomes.GroupBy(o => o.Entry.Group))
        {
            var done = group.Where(o => o.Finished).ToArray();
            var formulas = done.GroupBy(o => o.Results!["formula"]!.GetValue<string>())
                .Select(f => f.Count() == 1 ? $"`{f.Key}`" : $"`{f.Key}` ×{f.Count()}");
            var row = new List<string>
            {
                group.Key, $"{done.Length} of {group.Count()}", string.Join("; ", formulas).Replace("|", "\\|"),
                MeanStd(done.Select(o => o.FoundMean), 100, "%"),
            };
            foreach (var b in baselines)
            {
                row.Add(MeanStd(done.Select(o => o.BaselineMean(b)), 100, "%"));
                row.Add(MeanStd(done.Select(o => o.FoundMean - o.BaselineMean(b)), 100, "", signed: true));
            }
            text.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
        }

        var missing = outcomes.Where(o => !o.Finished).ToArray();
        text.Append("\n## Runs missing or failed\n\n");
        if (missing.Length == 0) text.Append("None: every run finished.\n");
        else
        {
            text.Append("| index | id | setting | seed | status | detail |\n| --- | --- | --- | --- | --- | --- |\n");
            foreach (var o in missing)
                text.Append(CultureInfo.InvariantCulture, $"| {o.Entry.Index} | {o.Entry.Id} | {o.Entry.Group} | {o.Entry.Seed} | {o.Status} | {(o.Detail ?? "").Replace("|", "\\|")} |\n");
            text.Append("\nRun them (again) with `sweep run DIR --index I`; finished runs are skipped, interrupted ones resumed.\n");
        }
        text.Append($"\n![Retrained test accuracy per setting]({plot})\n\nEvery run's numbers: report.csv.\n");
        return text.ToString();
    }

    /// <summary>Per setting, each finished run's retrained accuracy (points), their mean ± std, and the baselines' means.</summary>
    private static byte[] Plot(IReadOnlyList<EntryOutcome> outcomes, IReadOnlyList<string> baselines)
    {
        var plot = new Plot();
        var groups = outcomes.GroupBy(o => o.Entry.Group).ToArray();
        var labelled = false;
        var palette = new ScottPlot.Palettes.Category10();
        for (var g = 0; g < groups.Length; g++)
        {
            var values = groups[g].Where(o => o.Finished).Select(o => o.FoundMean!.Value * 100).ToArray();
            if (values.Length == 0) continue;
            var runs = plot.Add.Scatter(values.Select(_ => (double)g).ToArray(), values);
            runs.LineWidth = 0;
            runs.MarkerSize = 7;
            runs.Color = palette.GetColor(0).WithAlpha(0.5);
            var mean = values.Average();
            var mark = plot.Add.Scatter(new[] { g - 0.0 }, new[] { mean });
            mark.LineWidth = 0;
            mark.MarkerSize = 14;
            mark.MarkerShape = MarkerShape.OpenCircle;
            mark.Color = palette.GetColor(0);
            if (values.Length > 1)
            {
                var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
                var bar = plot.Add.Line(g, mean - std, g, mean + std);
                bar.Color = palette.GetColor(0);
                bar.LineWidth = 2;
            }
            if (!labelled)
            {
                runs.LegendText = "found: each run";
                mark.LegendText = "found: mean ± std";
            }
            for (var b = 0; b < baselines.Count; b++)
            {
                var means = groups[g].Where(o => o.Finished && o.BaselineMean(baselines[b]) is not null).Select(o => o.BaselineMean(baselines[b])!.Value * 100).ToArray();
                if (means.Length == 0) continue;
                var baseline = plot.Add.Scatter(new[] { g + 0.15 * (b + 1) }, new[] { means.Average() });
                baseline.LineWidth = 0;
                baseline.MarkerSize = 10;
                baseline.MarkerShape = MarkerShape.FilledDiamond;
                baseline.Color = palette.GetColor(b + 1);
                if (!labelled) baseline.LegendText = baselines[b];
            }
            labelled = true;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, groups.Length).Select(g => (double)g).ToArray(), groups.Select(g => g.Key).ToArray());
        plot.Axes.SetLimitsX(-0.5, Math.Max(groups.Length, 1) - 0.5 + 0.15 * baselines.Count);
        plot.Title(labelled ? "Retrained test accuracy per setting" : "Retrained test accuracy per setting: no run has finished");
        plot.YLabel("test accuracy (%)");
        // A legend with no entries makes ScottPlot 5.1 render an empty image.
        if (labelled) plot.ShowLegend(Edge.Right);
        else plot.HideLegend();
        return plot.GetImageBytes(Math.Max(700, 160 * groups.Length + 300), 500, ImageFormat.Png);
    }

    private static string MeanStd(IEnumerable<double?> values, double scale, string unit, bool signed = false)
    {
        var known = values.Where(v => v is not null).Select(v => v!.Value * scale).ToArray();
        if (known.Length == 0) return "–";
        var format = signed ? "+0.00;-0.00;0.00" : "0.00";
        var mean = known.Average();
        if (known.Length == 1) return mean.ToString(format, CultureInfo.InvariantCulture) + unit + " (1 run)";
        var std = Math.Sqrt(known.Sum(v => (v - mean) * (v - mean)) / (known.Length - 1));
        return $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {std.ToString("0.00", CultureInfo.InvariantCulture)}{unit}";
    }

    private static string? Number(JsonNode? node) => node?.GetValue<double>().ToString("R", CultureInfo.InvariantCulture);

    private static string? Accuracies(JsonNode? node) =>
        node is JsonArray array ? string.Join(";", array.Select(a => a!.GetValue<double>().ToString("R", CultureInfo.InvariantCulture))) : null;

    private static string Field(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
