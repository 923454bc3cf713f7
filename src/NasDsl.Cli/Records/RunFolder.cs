using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

using NasDsl;
using NasDsl.Search;

namespace NasDsl.Cli.Records;

/// <summary>
/// A run's folder: <c>config.json</c>, <c>run.json</c> (status), <c>metrics.jsonl</c>, <c>alphas.csv</c>,
/// <c>genotype.json</c>, <c>checkpoint.bin</c>, PNG plots and <c>summary.md</c>. Every file is replaced atomically,
/// and <c>summary.md</c> is written only when the run has finished.
/// </summary>
internal sealed class RunFolder
{
    public RunFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public string CheckpointPath => File("checkpoint.bin");

    /// <summary>The retrained found network's weights for <paramref name="seed"/>, e.g. <c>found-seed1.bin</c>.</summary>
    public static string FoundWeightsFile(int seed) => $"found-seed{seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}.bin";

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Delete(string name) => System.IO.File.Delete(File(name));

    public void WriteConfiguration(RunSettings settings) => AtomicFile.WriteAllText(File("config.json"), settings.ToJson());

    /// <summary>The status recorded in <c>run.json</c> of the run at <paramref name="path"/>, or null when there is none.</summary>
    public static string? ReadStatus(string path)
    {
        var file = System.IO.Path.Combine(path, "run.json");
        if (!System.IO.File.Exists(file)) return null;
        try
        {
            return JsonNode.Parse(System.IO.File.ReadAllText(file))?["status"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    public void WriteStatus(string status, string? detail = null)
    {
        var document = new JsonObject { ["status"] = status, ["updated"] = DateTimeOffset.Now.ToString("O", CultureInfo.InvariantCulture) };
        if (detail is not null) document["detail"] = detail;
        AtomicFile.WriteAllText(File("run.json"), document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }

    /// <summary>Rewrites the per-epoch records from the full list, so a resumed run never duplicates a line.</summary>
    public void WriteEpochs(IReadOnlyList<EpochRecord> epochs)
    {
        var metrics = new StringBuilder();
        foreach (var epoch in epochs)
        {
            var line = new JsonObject
            {
                ["epoch"] = epoch.Epoch + 1,
                ["trainLoss"] = Finite(epoch.TrainLoss),
                ["trainAccuracy"] = Finite(epoch.TrainAccuracy),
                ["validationLoss"] = Finite(epoch.ValidationLoss),
                ["validationAccuracy"] = Finite(epoch.ValidationAccuracy),
                ["learningRate"] = epoch.LearningRate,
                ["seconds"] = Math.Round(epoch.Seconds, 3),
                ["skippedSteps"] = epoch.SkippedSteps,
                ["genotype"] = new JsonObject(epoch.Genotype.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                ["formula"] = epoch.GenotypeText,
                ["decided"] = epoch.Decided,
                ["temperature"] = epoch.Temperature,
                ["architectureUpdated"] = epoch.ArchitectureUpdated,
                ["dropped"] = new JsonArray((epoch.Dropped ?? []).Select(d => (JsonNode)new JsonObject
                {
                    ["step"] = d.Step + 1,
                    ["scope"] = d.Scope,
                    ["operation"] = d.Operation,
                }).ToArray()),
                ["edges"] = new JsonObject(epoch.Scopes.Select(s => KeyValuePair.Create(s.Path, (JsonNode?)(s.Decisiveness is { } d ? new JsonObject
                {
                    ["topWeight"] = d.TopWeight,
                    ["margin"] = d.Margin,
                    ["relativeEntropy"] = d.RelativeEntropy,
                    ["stableSinceEpoch"] = d.StableSinceEpoch + 1,
                    ["inPlay"] = d.InPlay,
                    ["decided"] = d.Decided,
                } : null)))),
            };
            metrics.Append(line.ToJsonString(Readable)).Append('\n');
        }
        AtomicFile.WriteAllText(File("metrics.jsonl"), metrics.ToString());

        var alphas = new StringBuilder("epoch,scope,operation,alpha,weight,chosen,active\n");
        foreach (var epoch in epochs)
            foreach (var scope in epoch.Scopes)
                for (var i = 0; i < scope.Operations.Count; i++)
                    alphas.Append(CultureInfo.InvariantCulture, $"{epoch.Epoch + 1},{scope.Path},{scope.Operations[i]},{scope.Alphas[i]:R},{scope.Weights[i]:R},{(i == scope.Argmax ? 1 : 0)},{(scope.Active is null || scope.Active[i] ? 1 : 0)}\n");
        AtomicFile.WriteAllText(File("alphas.csv"), alphas.ToString());
    }

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
