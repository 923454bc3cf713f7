using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasDsl;
using NasDsl.Search;

namespace NasDsl.Cli.Records;

/// <summary>The retrained accuracies of the found network and of every baseline, and the verdicts between them.</summary>
internal sealed class Evaluation(string formula, bool decided)
{
    private readonly Dictionary<string, List<double>> _baselines = new(StringComparer.Ordinal);

    public string Formula { get; } = formula;

    public bool Decided { get; } = decided;

    public List<double> Found { get; } = [];

    /// <summary>The run-folder files of the retrained found networks, one per seed, in seed order.</summary>
    public List<string> Weights { get; } = [];

    public IEnumerable<string> BaselineNames => _baselines.Keys;

    public Measurements FoundSample => new(Found);

    public List<double> Baseline(string name) => _baselines.TryGetValue(name, out var list) ? list : _baselines[name] = [];

    public Measurements BaselineSample(string name) => new(Baseline(name));

    public WelchTest Test(string baseline) => WelchTest.Of(FoundSample, BaselineSample(baseline));

    /// <summary>"beats relu by +0.40 ± 0.20 points (p = 0.030)", "ties with …" or "loses to …"; differences in
    /// accuracy points with their standard error, p from Welch's t-test, a verdict only at p &lt; 0.05.</summary>
    public string Verdict(string baseline)
    {
        var test = Test(baseline);
        var points = (test.Difference * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
        if (double.IsNaN(test.P)) return $"{points} points vs {baseline} (one seed: no test; use --retrain-seeds 3 or more)";
        var error = (test.StandardError * 100).ToString("0.00", CultureInfo.InvariantCulture);
        var p = test.P.ToString("0.000", CultureInfo.InvariantCulture);
        var word = test.P >= 0.05 ? "ties with" : test.Difference > 0 ? "beats" : "loses to";
        return $"{word} {baseline}: {points} ± {error} points (p = {p})";
    }
}

/// <summary>results.json: what other tools and sweeps read of a finished run. Its names are a contract.</summary>
internal static class ResultsFile
{
    public static void Write(RunFolder folder, string space, SearchOptions options, EpochRecord final, Evaluation evaluation, long[] inputShape, int classes)
    {
        var baselines = new JsonObject();
        foreach (var name in evaluation.BaselineNames)
        {
            var sample = evaluation.BaselineSample(name);
            var test = evaluation.Test(name);
            baselines[name] = new JsonObject
            {
                ["accuracies"] = Array(sample.Values),
                ["mean"] = Number(sample.Mean),
                ["std"] = Number(sample.StandardDeviation),
                ["difference"] = Number(test.Difference),
                ["standardError"] = Number(test.StandardError),
                ["p"] = Number(test.P),
                ["verdict"] = evaluation.Verdict(name),
            };
        }
        var found = evaluation.FoundSample;
        var document = new JsonObject
        {
            ["space"] = space,
            ["formula"] = evaluation.Formula,
            ["decided"] = evaluation.Decided,
            ["method"] = new JsonObject
            {
                ["name"] = options.Method.ToString().ToLowerInvariant(),
                ["secondOrder"] = options.SecondOrder,
                ["epochs"] = options.Epochs,
                ["batchSize"] = options.BatchSize,
                ["seed"] = options.Seed,
                ["architectureLearningRate"] = options.ArchitectureLearningRate,
                ["learningRate"] = options.LearningRate,
                ["warmupEpochs"] = options.WarmupEpochs,
                ["shrink"] = options.Shrink,
                ["outputBound"] = options.OutputBound is double b ? b : null,
                ["architectureGradientClip"] = options.EffectiveArchitectureGradientClip is double c ? c : null,
                ["drnasRegularizer"] = options.Method == SearchMethod.DrNas ? options.DrNasRegularizer.ToString().ToLowerInvariant() : null,
                ["temperature"] = options.Method == SearchMethod.Gdas ? new JsonArray(options.InitialTemperature, options.FinalTemperature) : null,
            },
            ["found"] = new JsonObject
            {
                ["formula"] = evaluation.Formula,
                ["accuracies"] = Array(found.Values),
                ["mean"] = Number(found.Mean),
                ["std"] = Number(found.StandardDeviation),
                // The network's weights per seed, and what builds the network they load into.
                ["weights"] = new JsonArray(evaluation.Weights.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
                ["inputShape"] = new JsonArray(inputShape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["classes"] = classes,
            },
            ["baselines"] = baselines,
            ["edges"] = new JsonArray(final.Scopes.Select(s => (JsonNode)new JsonObject
            {
                ["scope"] = s.Path,
                ["operation"] = s.Chosen,
                ["topWeight"] = s.Decisiveness?.TopWeight,
                ["margin"] = s.Decisiveness?.Margin,
                ["relativeEntropy"] = s.Decisiveness?.RelativeEntropy,
                ["stableSinceEpoch"] = s.Decisiveness is { } d ? d.StableSinceEpoch + 1 : null,
                ["inPlay"] = s.Decisiveness?.InPlay,
                ["decided"] = s.Decisiveness?.Decided ?? false,
            }).ToArray()),
        };
        AtomicFile.WriteAllText(folder.File("results.json"),
            document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }

    private static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    // JSON has no NaN: an undefined std (one seed) or p is null.
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
