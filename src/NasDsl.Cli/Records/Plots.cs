using NasDsl;
using NasDsl.Search;
using ScottPlot;

namespace NasDsl.Cli.Records;

/// <summary>PNG plots of a run: every scope's softmax weights over epochs, and the loss and accuracy curves.</summary>
internal static class Plots
{
    /// <summary>Writes the plots and returns their file names, in the order summary.md shows them.</summary>
    public static IReadOnlyList<string> Write(RunFolder folder, IReadOnlyList<EpochRecord> epochs)
    {
        var files = new List<string>();
        if (epochs.Count == 0) return files;
        double[] xs = epochs.Select(e => (double)(e.Epoch + 1)).ToArray();

        files.Add(Save(folder, "loss.png", plot =>
        {
            Line(plot, xs, epochs.Select(e => e.TrainLoss), "train (weight steps)");
            Line(plot, xs, epochs.Select(e => e.ValidationLoss), "validation (architecture steps)");
            plot.Title("Search loss");
            plot.YLabel("cross-entropy");
            return PlotLegend.Inside;
        }));
        files.Add(Save(folder, "accuracy.png", plot =>
        {
            Line(plot, xs, epochs.Select(e => e.TrainAccuracy * 100), "train");
            Line(plot, xs, epochs.Select(e => e.ValidationAccuracy * 100), "validation");
            plot.Title("Search accuracy");
            plot.YLabel("accuracy (%)");
            return PlotLegend.Inside;
        }));

        foreach (var scope in epochs[0].Scopes.Select(s => s.Path))
        {
            var operations = epochs[^1].Scopes.First(s => s.Path == scope).Operations;
            double Weight(EpochRecord e, int op) => e.Scopes.First(s => s.Path == scope).Weights[op];
            files.Add(Save(folder, $"weights-{scope}.png", plot =>
            {
                if (operations.Count > WidestLinePlot)
                {
                    // 21 lines in one palette cannot be told apart: one row per operation, one column per epoch.
                    var cells = new double[operations.Count, epochs.Count];
                    for (var op = 0; op < operations.Count; op++)
                        for (var e = 0; e < epochs.Count; e++) cells[op, e] = Weight(epochs[e], op);
                    var map = plot.Add.Heatmap(cells);
                    map.Colormap = new ScottPlot.Colormaps.Viridis();
                    // Cells sit at x = 0..E−1 and y = 0..K−1; ScottPlot draws row 0 at the top (y = K−1), so operation
                    // k, in row k, sits at y = K−1−k, where its label is.
                    plot.Axes.Bottom.SetTicks(Enumerable.Range(0, epochs.Count).Select(e => (double)e).ToArray(),
                        Enumerable.Range(1, epochs.Count).Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
                    plot.Add.ColorBar(map).Label = "mixing weight";
                    plot.Axes.Left.SetTicks(
                        Enumerable.Range(0, operations.Count).Select(op => (double)(operations.Count - 1 - op)).ToArray(), [.. operations]);
                    plot.Title($"{scope}: mixing weight per operation (dropped operations weigh 0)");
                    return PlotLegend.None;
                }
                var palette = new ScottPlot.Palettes.Category10();
                for (var op = 0; op < operations.Count; op++)
                {
                    var index = op;
                    Line(plot, xs, epochs.Select(e => Weight(e, index)), operations[op]).Color = palette.GetColor(op);
                }
                plot.Title($"{scope}: mixing weight per operation");
                plot.YLabel("mixing weight");
                // Outside the data area, a legend never covers the lines it names.
                return PlotLegend.Outside;
            }));
        }

        files.Add(Save(folder, "decisiveness.png", plot =>
        {
            var palette = new ScottPlot.Palettes.Category10();
            var scopes = epochs[0].Scopes.Select(s => s.Path).ToArray();
            for (var i = 0; i < scopes.Length; i++)
            {
                var path = scopes[i];
                Line(plot, xs, epochs.Select(e => e.Scopes.First(s => s.Path == path).Decisiveness?.TopWeight ?? double.NaN), path).Color = palette.GetColor(i);
            }
            plot.Title("Top mixing weight of every edge (decided at twice uniform over the operations in play)");
            plot.YLabel("weight of the chosen operation");
            return PlotLegend.Outside;
        }));
        return files;
    }

    /// <summary>Op sets wider than this get a heat map instead of one line per operation.</summary>
    private const int WidestLinePlot = 8;

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] xs, IEnumerable<double> ys, string label)
    {
        var scatter = plot.Add.Scatter(xs, ys.Select(y => double.IsFinite(y) ? y : double.NaN).ToArray());
        scatter.LegendText = label;
        return scatter;
    }

    private enum PlotLegend { Inside, Outside, None }

    private static string Save(RunFolder folder, string name, Func<Plot, PlotLegend> draw)
    {
        var plot = new Plot();
        plot.XLabel("epoch");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var legend = draw(plot);
        // Outside the data area, a legend never covers the lines it names.
        switch (legend)
        {
            case PlotLegend.Outside: plot.ShowLegend(Edge.Right); break;
            case PlotLegend.Inside: plot.ShowLegend(Alignment.UpperRight); break;
            // A legend with no entries makes ScottPlot 5.1 render an empty image.
            default: plot.HideLegend(); break;
        }
        AtomicFile.WriteAllBytes(folder.File(name), plot.GetImageBytes(900, 500, ImageFormat.Png));
        return name;
    }
}
