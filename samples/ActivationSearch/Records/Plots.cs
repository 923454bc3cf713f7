using NasDsl;
using NasDsl.Search;
using ScottPlot;

namespace ActivationSearch.Records;

/// <summary>PNG plots of a run: every scope's softmax weights over epochs, and the loss and accuracy curves.</summary>
public static class Plots
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
        }));
        files.Add(Save(folder, "accuracy.png", plot =>
        {
            Line(plot, xs, epochs.Select(e => e.TrainAccuracy * 100), "train");
            Line(plot, xs, epochs.Select(e => e.ValidationAccuracy * 100), "validation");
            plot.Title("Search accuracy");
            plot.YLabel("accuracy (%)");
        }));

        foreach (var scope in epochs[0].Scopes.Select(s => s.Path))
        {
            files.Add(Save(folder, $"weights-{scope}.png", plot =>
            {
                var operations = epochs[^1].Scopes.First(s => s.Path == scope).Operations;
                for (var op = 0; op < operations.Count; op++)
                {
                    var index = op;
                    Line(plot, xs, epochs.Select(e => (double)e.Scopes.First(s => s.Path == scope).Weights[index]), operations[op]);
                }
                plot.Title($"{scope}: softmax(α) per operation");
                plot.YLabel("mixing weight");
            }));
        }
        return files;
    }

    private static void Line(Plot plot, double[] xs, IEnumerable<double> ys, string label)
    {
        var scatter = plot.Add.Scatter(xs, ys.Select(y => double.IsFinite(y) ? y : double.NaN).ToArray());
        scatter.LegendText = label;
    }

    private static string Save(RunFolder folder, string name, Action<Plot> draw)
    {
        var plot = new Plot();
        draw(plot);
        plot.XLabel("epoch");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperRight);
        AtomicFile.WriteAllBytes(folder.File(name), plot.GetImageBytes(900, 500, ImageFormat.Png));
        return name;
    }
}
