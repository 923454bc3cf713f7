using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasDsl;

namespace NasDsl.Cli.Sweeps;

/// <summary>What one array task asks of the scheduler.</summary>
/// <param name="MaxParallel">Tasks running at once (Slurm's %M, a Job's parallelism); null: all.</param>
/// <param name="CpusPerTask">CPUs per task; null: the entries' --threads, else 1.</param>
/// <param name="Gpu">One GPU per task.</param>
internal sealed record TaskResources(int? MaxParallel = null, int? CpusPerTask = null, bool Gpu = false)
{
    public int Parallel(Sweep sweep) => Math.Min(MaxParallel ?? sweep.Entries.Count, sweep.Entries.Count);

    public int Cpus(Sweep sweep) => CpusPerTask ?? Math.Max(1, sweep.Entries.Max(e => e.Settings.Threads ?? 1));
}

/// <summary>Writes the job definitions that run a sweep on a scheduler: one array task (or indexed pod) per entry,
/// each calling <c>sweep run DIR</c>, which reads its index from the scheduler's environment.</summary>
internal static class SweepEmitter
{
    /// <summary>The application by absolute path: <c>dotnet /abs/MyApp.dll</c>, or its app host when run as one.</summary>
    public static IReadOnlyList<string> HostCommand()
    {
        // The entry assembly, not this library: the application that declares the spaces is what every task runs.
        var assembly = System.Reflection.Assembly.GetEntryAssembly()?.Location ?? typeof(SweepEmitter).Assembly.Location;
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) != "dotnet") return [process];
        return [process ?? "dotnet", assembly];
    }

    /// <summary>DIR/sweep.sbatch: a Slurm array of the sweep's entries.</summary>
    public static string WriteSlurm(Sweep sweep, TaskResources resources, string? partition = null, string? time = null, string? memory = null)
    {
        if (sweep.Entries.Count == 0) throw new Cli.UsageException($"sweep emit slurm {sweep.Folder}: the sweep has no entries.", suggestHelp: false);
        var logs = Path.Combine(sweep.Folder, "logs");
        Directory.CreateDirectory(logs);
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append($"# The sweep in {sweep.Folder}: {sweep.Entries.Count} runs, one per array task. Submit with: sbatch {Path.Combine(sweep.Folder, "sweep.sbatch")}\n");
        text.Append("#SBATCH --job-name=nasdsl-sweep\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{sweep.Entries.Count - 1}%{resources.Parallel(sweep)}\n");
        text.Append("#SBATCH --ntasks=1\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={resources.Cpus(sweep)}\n");
        if (resources.Gpu) text.Append("#SBATCH --gres=gpu:1\n");
        if (partition is not null) text.Append($"#SBATCH --partition={partition}\n");
        if (time is not null) text.Append($"#SBATCH --time={time}\n");
        if (memory is not null) text.Append($"#SBATCH --mem={memory}\n");
        text.Append($"#SBATCH --output={Path.Combine(logs, "%A_%a.out")}\n");
        text.Append($"#SBATCH --error={Path.Combine(logs, "%A_%a.err")}\n");
        // A requeued task appends to its logs, so both attempts can be read.
        text.Append("#SBATCH --open-mode=append\n");
        // Pre-empted or requeued, the task runs again; `sweep run` resumes its entry from the checkpoint.
        text.Append("#SBATCH --requeue\n");
        text.Append("\n# sweep run reads SLURM_ARRAY_TASK_ID, skips a finished entry and resumes an interrupted one.\n");
        // exec: the host itself receives Slurm's SIGTERM, checkpoints and exits 130.
        text.Append("exec ").Append(string.Join(" ", HostCommand().Select(Quote))).Append(" sweep run ").Append(Quote(sweep.Folder)).Append('\n');
        var path = Path.Combine(sweep.Folder, "sweep.sbatch");
        AtomicFile.WriteAllText(path, text.ToString());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }

    /// <summary>What the Kubernetes manifest needs beyond the resources.</summary>
    /// <param name="Image">The container image holding the .NET runtime and the built sample.</param>
    /// <param name="Host">The host's command inside the image.</param>
    /// <param name="MountPath">Where the sweep's folder is mounted in the container.</param>
    /// <param name="Claim">A PersistentVolumeClaim holding the sweep's folder; null: a hostPath volume of the folder itself
    /// (single-node clusters).</param>
    /// <param name="Name">The Job's name; null: nasdsl-sweep-&lt;hash of the folder&gt;.</param>
    public sealed record KubernetesOptions(string Image, IReadOnlyList<string> Host, string MountPath = "/sweep", string? Claim = null, string? Name = null);

    /// <summary>DIR/sweep-job.json: an Indexed Job of the sweep's entries (JSON, which kubectl apply reads as it reads YAML).</summary>
    public static string WriteKubernetes(Sweep sweep, TaskResources resources, KubernetesOptions options)
    {
        if (sweep.Entries.Count == 0) throw new Cli.UsageException($"sweep emit k8s {sweep.Folder}: the sweep has no entries.", suggestHelp: false);
        var name = options.Name ?? "nasdsl-sweep-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sweep.Folder)))[..8];
        var requests = new JsonObject { ["cpu"] = resources.Cpus(sweep).ToString(CultureInfo.InvariantCulture) };
        var limits = new JsonObject();
        if (resources.Gpu) limits["nvidia.com/gpu"] = 1;
        var volume = options.Claim is { } claim
            ? new JsonObject { ["name"] = "sweep", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } }
            : new JsonObject { ["name"] = "sweep", ["hostPath"] = new JsonObject { ["path"] = sweep.Folder, ["type"] = "Directory" } };
        var manifest = new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "nasdsl-sweep" } },
            ["spec"] = new JsonObject
            {
                ["completionMode"] = "Indexed",
                ["completions"] = sweep.Entries.Count,
                ["parallelism"] = resources.Parallel(sweep),
                // A failed or pre-empted pod of an index is retried, and `sweep run` resumes its entry.
                ["backoffLimitPerIndex"] = 3,
                ["maxFailedIndexes"] = sweep.Entries.Count,
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "nasdsl-sweep" } },
                    ["spec"] = new JsonObject
                    {
                        ["restartPolicy"] = "Never",
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "run",
                            ["image"] = options.Image,
                            // sweep run reads JOB_COMPLETION_INDEX, which Kubernetes sets in every pod of an Indexed Job.
                            ["command"] = new JsonArray([.. options.Host.Select(h => (JsonNode?)h), "sweep", "run", options.MountPath]),
                            ["resources"] = limits.Count == 0
                                ? new JsonObject { ["requests"] = requests }
                                : new JsonObject { ["requests"] = requests, ["limits"] = limits },
                            ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "sweep", ["mountPath"] = options.MountPath }),
                        }),
                        ["volumes"] = new JsonArray(volume),
                    },
                },
            },
        };
        var path = Path.Combine(sweep.Folder, "sweep-job.json");
        AtomicFile.WriteAllText(path, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        return path;
    }

    /// <summary>A shell word: single-quoted unless it is plain.</summary>
    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
