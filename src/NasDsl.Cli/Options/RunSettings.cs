using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NasDsl.Cli;

/// <summary>The resolved configuration of a run; written to <c>config.json</c> and read back by <c>--resume</c>.</summary>
internal sealed record RunSettings
{
    public string Space { get; init; } = "rnn";
    public string? Data { get; init; }
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 64;
    public long Seed { get; init; } = 1;
    public bool SecondOrder { get; init; }
    public string Method { get; init; } = "drnas";
    public double ArchitectureLearningRate { get; init; } = 3e-4;
    public bool Shrink { get; init; } = true;
    public int WarmupEpochs { get; init; } = 1;
    public double? OutputBound { get; init; }
    public int RetrainSeeds { get; init; } = 3;
    public string Device { get; init; } = "cpu";
    public int TrainEpochs { get; init; } = 3;
    public string[] Baselines { get; init; } = ["relu", "swish"];
    public string Out { get; init; } = "";
    public int? LimitSteps { get; init; }
    public int? Threads { get; init; }
    public int? TrainSamples { get; init; }

    public int? TestSamples { get; init; }
    public bool ExcludeZero { get; init; } = true;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    public static RunSettings FromJson(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Settings from JSON text (a sweep entry carries them inline); <paramref name="source"/> names it in errors.</summary>
    public static RunSettings Parse(string json, string source) =>
        JsonSerializer.Deserialize<RunSettings>(json, Json) ?? throw new InvalidDataException($"{source}: empty configuration.");
}
