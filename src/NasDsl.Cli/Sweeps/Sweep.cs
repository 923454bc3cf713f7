using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

using NasDsl;

namespace NasDsl.Cli.Sweeps;

/// <summary>One run of a sweep: its place in the array, a stable id, the settings that vary and the resolved settings.</summary>
/// <param name="Index">Its array index (Slurm's SLURM_ARRAY_TASK_ID, Kubernetes' JOB_COMPLETION_INDEX).</param>
/// <param name="Id">A hash of its settings: the same settings always give the same id, and its run folder is runs/&lt;id&gt;.</param>
/// <param name="Parameters">The values of the sweep's axes for this entry, axis by axis (seed, space, method, each --set).</param>
/// <param name="Arguments">The run's command line, without --out: the options after -- and this entry's axis values.</param>
/// <param name="Settings">The resolved settings the run starts with (Out is set by <c>sweep run</c>).</param>
internal sealed record SweepEntry(int Index, string Id, IReadOnlyList<KeyValuePair<string, string>> Parameters, IReadOnlyList<string> Arguments, RunSettings Settings)
{
    /// <summary>The setting it belongs to: its axis values except the seed ("space=simple, method=darts"), or "all".</summary>
    public string Group
    {
        get
        {
            var parts = Parameters.Where(p => p.Key != "seed").Select(p => $"{p.Key}={p.Value}").ToArray();
            return parts.Length == 0 ? "all" : string.Join(", ", parts);
        }
    }

    public string? Seed => Parameters.FirstOrDefault(p => p.Key == "seed").Value;

    /// <summary>The stable id of settings: the first 12 hex digits of the SHA-256 of their JSON, the run folder left out.</summary>
    public static string IdOf(RunSettings settings) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((settings with { Out = "" }).ToJson())))[..12];
}

/// <summary>A planned sweep: DIR/sweep.json, the entries of a cross product, run one per array task into DIR/runs/&lt;id&gt;.</summary>
internal sealed class Sweep
{
    public const string FileName = "sweep.json";

    public Sweep(string folder, IReadOnlyList<string> runOptions, IReadOnlyList<SweepEntry> entries)
    {
        Folder = Path.GetFullPath(folder);
        RunOptions = runOptions;
        Entries = entries;
    }

    public string Folder { get; }

    /// <summary>The options given after <c>--</c>, common to every run.</summary>
    public IReadOnlyList<string> RunOptions { get; }

    public IReadOnlyList<SweepEntry> Entries { get; }

    public string RunFolder(SweepEntry entry) => Path.Combine(Folder, "runs", entry.Id);

    private static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ToJson()
    {
        var document = new JsonObject
        {
            ["version"] = 1,
            ["runOptions"] = new JsonArray(RunOptions.Select(o => (JsonNode?)o).ToArray()),
            ["entries"] = new JsonArray(Entries.Select(e => (JsonNode?)new JsonObject
            {
                ["index"] = e.Index,
                ["id"] = e.Id,
                ["group"] = e.Group,
                ["parameters"] = new JsonObject(e.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
                ["arguments"] = new JsonArray(e.Arguments.Select(a => (JsonNode?)a).ToArray()),
                ["settings"] = JsonNode.Parse(e.Settings.ToJson()),
            }).ToArray()),
        };
        return document.ToJsonString(Readable) + "\n";
    }

    public void Save() => AtomicFile.WriteAllText(Path.Combine(Folder, FileName), ToJson());

    /// <summary>Reads DIR/sweep.json.</summary>
    /// <exception cref="UsageException">There is none, or it cannot be read.</exception>
    public static Sweep Load(string folder)
    {
        var file = Path.Combine(folder, FileName);
        if (!File.Exists(file)) throw new UsageException($"{folder}: no sweep planned there (no {FileName}); plan one with: sweep plan --out {folder}", suggestHelp: false);
        try
        {
            var document = JsonNode.Parse(File.ReadAllText(file))!;
            var runOptions = document["runOptions"]!.AsArray().Select(o => o!.GetValue<string>()).ToArray();
            var entries = document["entries"]!.AsArray().Select(e => new SweepEntry(
                e!["index"]!.GetValue<int>(),
                e["id"]!.GetValue<string>(),
                e["parameters"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>())).ToArray(),
                e["arguments"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray(),
                RunSettings.Parse(e["settings"]!.ToJsonString(), file))).ToArray();
            for (var i = 0; i < entries.Length; i++)
                if (entries[i].Index != i) throw new InvalidDataException($"entry {i} has index {entries[i].Index}");
            return new Sweep(folder, runOptions, entries);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new UsageException($"{file}: not a readable sweep ({e.Message}).", suggestHelp: false);
        }
    }
}
