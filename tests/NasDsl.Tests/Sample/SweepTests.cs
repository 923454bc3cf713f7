using System.Text.Json.Nodes;
using NasDsl.Cli.Records;
using NasDsl.Cli.Sweeps;

namespace NasDsl.Tests.Sample;

/// <summary>The sweep commands: planning, the array index, skipping and resuming, the emitted job definitions, the report.</summary>
[Collection(HostSpacesCollection.Name)]
public sealed class SweepTests
{
    public SweepTests() => NotebookHost.Use();

    /// <summary>The tiny runs of the sweep tests (a few seconds each).</summary>
    internal static readonly string[] TinyRun =
        ["--space", "simple", "--limit-steps", "2", "--epochs", "2", "--train-epochs", "1", "--retrain-seeds", "1", "--train-samples", "200", "--threads", "1"];

    private static readonly Dictionary<string, string?> NoSchedulerIndex = new() { ["SLURM_ARRAY_TASK_ID"] = null, ["JOB_COMPLETION_INDEX"] = null };

    private static Sweep Plan(string folder, params string[] axes)
    {
        var (exitCode, output, error) = SampleProcess.RunWith(NoSchedulerIndex, folder, ["sweep", "plan", "--out", folder, .. axes, "--", .. TinyRun]);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        return Sweep.Load(folder);
    }

    [Fact]
    public void PlanWritesTheCrossProductWithStableIds()
    {
        using var folder = new TemporaryFolder();
        var sweep = SweepPlanner.Plan(folder.Path, [new("method", ["darts", "drnas"]), new("arch-lr", ["1e-3", "3e-4"]), new("seed", ["1", "2", "3"])], TinyRun);
        Assert.Equal(12, sweep.Entries.Count);
        Assert.Equal(Enumerable.Range(0, 12), sweep.Entries.Select(e => e.Index));
        Assert.Equal(12, sweep.Entries.Select(e => e.Id).Distinct().Count());
        Assert.All(sweep.Entries, e => Assert.Matches("^[0-9a-f]{12}$", e.Id));
        // Seeds innermost; every combination once; the settings resolved as the run command resolves them.
        Assert.Equal(["darts", "1e-3", "1"], sweep.Entries[0].Parameters.Select(p => p.Value));
        Assert.Equal(["drnas", "3e-4", "3"], sweep.Entries[11].Parameters.Select(p => p.Value));
        Assert.Equal("method=drnas, arch-lr=3e-4", sweep.Entries[11].Group);
        Assert.Equal(3, sweep.Entries[11].Settings.Seed);
        Assert.Equal(1e-3, sweep.Entries[0].Settings.ArchitectureLearningRate);
        Assert.True(sweep.Entries[11].Settings.Shrink);
        Assert.Equal(4, sweep.Entries.Select(e => e.Group).Distinct().Count());

        // The same settings give the same ids wherever and whenever planned; the id is the settings' own hash.
        using var other = new TemporaryFolder();
        var again = SweepPlanner.Plan(other.Path, [new("method", ["darts", "drnas"]), new("arch-lr", ["1e-3", "3e-4"]), new("seed", ["1", "2", "3"])], TinyRun);
        Assert.Equal(sweep.Entries.Select(e => e.Id), again.Entries.Select(e => e.Id));
        Assert.All(sweep.Entries, e => Assert.Equal(e.Id, SweepEntry.IdOf(e.Settings)));

        // sweep.json reads back as written.
        sweep.Save();
        var loaded = Sweep.Load(folder.Path);
        Assert.Equal(sweep.ToJson(), loaded.ToJson());
        Assert.Equal(TinyRun, loaded.RunOptions);
    }

    [Theory]
    [InlineData(new[] { "--seeds", "1,1" }, "a value is given twice")]
    [InlineData(new[] { "--set", "batch-size=0" }, "--batch-size 0: must be at least 1")]
    [InlineData(new[] { "--set", "colour=red" }, "--set colour: not an option of a run")]
    [InlineData(new[] { "--spaces", "simple" }, "--space is given after -- and also as an axis")]
    public void PlanRefusesABadSweepWithUsage(string[] axes, string message)
    {
        using var folder = new TemporaryFolder();
        var (exitCode, output, error) = SampleProcess.RunWith(NoSchedulerIndex, folder.Path, ["sweep", "plan", "--out", folder.Path, .. axes, "--", .. TinyRun]);
        Assert.True(exitCode == 2, $"exit {exitCode}\n{output}\n{error}");
        Assert.Contains(message, error);
        Assert.False(File.Exists(Path.Combine(folder.Path, Sweep.FileName)));
    }

    [Fact]
    public void IndexComesFromSlurmFirstThenFromKubernetes()
    {
        Assert.Null(SweepRunner.IndexFromEnvironment(_ => null));
        Assert.Equal((3, "JOB_COMPLETION_INDEX"), SweepRunner.IndexFromEnvironment(v => v == "JOB_COMPLETION_INDEX" ? "3" : null));
        Assert.Equal((1, "SLURM_ARRAY_TASK_ID"), SweepRunner.IndexFromEnvironment(v => v == "SLURM_ARRAY_TASK_ID" ? "1" : "3"));
        Assert.Throws<NasDsl.Cli.UsageException>(() => SweepRunner.IndexFromEnvironment(v => v == "JOB_COMPLETION_INDEX" ? "x" : null));
    }

    /// <summary>The Indexed-Job path for real: JOB_COMPLETION_INDEX picks the entry; a second task skips it once it finished,
    /// resumes it when it was interrupted (to the same results), and is refused while another process holds its folder.</summary>
    [Fact]
    public void RunByJobCompletionIndexSkipsFinishedResumesInterruptedAndHonoursTheLock()
    {
        using var folder = new TemporaryFolder();
        var sweep = Plan(folder.Path, "--seeds", "1,2");
        var entry = sweep.Entries[1];
        var run = sweep.RunFolder(entry);
        var indexed = new Dictionary<string, string?>(NoSchedulerIndex) { ["JOB_COMPLETION_INDEX"] = "1" };

        var (exitCode, output, error) = SampleProcess.RunWith(indexed, folder.Path, "sweep", "run", folder.Path);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Contains("index 1 from JOB_COMPLETION_INDEX", output);
        Assert.Equal("finished", RunFolder.ReadStatus(run));
        Assert.False(Directory.Exists(sweep.RunFolder(sweep.Entries[0])));
        var results = File.ReadAllText(Path.Combine(run, "results.json"));

        var before = RunFolders.Snapshot(run);
        (exitCode, output, error) = SampleProcess.RunWith(indexed, folder.Path, "sweep", "run", folder.Path);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Contains("has already finished; skipped", output);
        Assert.Equal(before, RunFolders.Snapshot(run));

        // Another live process works in the folder: refused, untouched.
        File.WriteAllText(Path.Combine(run, RunLock.FileName), Environment.ProcessId + "\n");
        RunFolders.SetStatus(run, "interrupted");
        var locked = RunFolders.Snapshot(run);
        (exitCode, _, error) = SampleProcess.RunWith(NoSchedulerIndex, folder.Path, "sweep", "run", folder.Path, "--index", "1");
        Assert.Equal(2, exitCode);
        Assert.Contains($"in use by pid {Environment.ProcessId}", error);
        Assert.Equal(locked, RunFolders.Snapshot(run));

        // Interrupted after its search (the lock's process gone): resumed from the checkpoint, to the same results.
        File.WriteAllText(Path.Combine(run, RunLock.FileName), RunFolders.DeadProcessId() + "\n");
        File.Delete(Path.Combine(run, "results.json"));
        (exitCode, output, error) = SampleProcess.RunWith(NoSchedulerIndex, folder.Path, "sweep", "run", folder.Path, "--index", "1");
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");
        Assert.Contains("was interrupted; resuming it from its checkpoint", output);
        Assert.Equal("finished", RunFolder.ReadStatus(run));
        Assert.Equal(results, File.ReadAllText(Path.Combine(run, "results.json")));
        Assert.False(File.Exists(Path.Combine(run, RunLock.FileName)));

        (exitCode, _, error) = SampleProcess.RunWith(NoSchedulerIndex, folder.Path, "sweep", "run", folder.Path, "--index", "2");
        Assert.Equal(2, exitCode);
        Assert.Contains("index 2 is outside the sweep's 0…1", error);
        (exitCode, _, error) = SampleProcess.RunWith(NoSchedulerIndex, folder.Path, "sweep", "run", folder.Path);
        Assert.Equal(2, exitCode);
        Assert.Contains("no index", error);
    }

    [Fact]
    public void SlurmScriptIsAnArrayWithLogsRequeueAndTheHostByAbsolutePath()
    {
        using var folder = new TemporaryFolder();
        var sweep = SweepPlanner.Plan(folder.Path, [new("seed", ["1", "2", "3", "4", "5"])], TinyRun);
        var path = SweepEmitter.WriteSlurm(sweep, new TaskResources(MaxParallel: 2, Gpu: true), partition: "gpu", time: "1:00:00");
        Assert.Equal(Path.Combine(sweep.Folder, "sweep.sbatch"), path);
        var lines = File.ReadAllLines(path);
        Assert.Equal("#!/bin/bash", lines[0]);
        foreach (var expected in new[] { "#SBATCH --array=0-4%2", "#SBATCH --cpus-per-task=1", "#SBATCH --gres=gpu:1", "#SBATCH --requeue", "#SBATCH --partition=gpu", "#SBATCH --time=1:00:00",
                     $"#SBATCH --output={sweep.Folder}/logs/%A_%a.out", $"#SBATCH --error={sweep.Folder}/logs/%A_%a.err" })
            Assert.Contains(expected, lines);
        Assert.True(Directory.Exists(Path.Combine(sweep.Folder, "logs")));
        var command = lines.Single(l => l.StartsWith("exec ", StringComparison.Ordinal)).Split(' ');
        Assert.All(SweepEmitter.HostCommand(), word => Assert.True(Path.IsPathRooted(word), word));
        Assert.Equal(Path.GetFileName(System.Reflection.Assembly.GetEntryAssembly()!.Location), Path.GetFileName(command[^4]));
        Assert.Equal(["sweep", "run", sweep.Folder], command[^3..]);
    }

    [Fact]
    public void KubernetesManifestIsAnIndexedJobWithEveryRequiredField()
    {
        using var folder = new TemporaryFolder();
        var sweep = SweepPlanner.Plan(folder.Path, [new("seed", ["1", "2", "3"])], TinyRun);
        var path = SweepEmitter.WriteKubernetes(sweep, new TaskResources(MaxParallel: 2, CpusPerTask: 2, Gpu: true),
            new SweepEmitter.KubernetesOptions("nasdsl:1", ["dotnet", "/app/ActivationSearch.dll"], Claim: "sweeps"));
        var job = JsonNode.Parse(File.ReadAllText(path))!;

        Assert.Equal("batch/v1", job["apiVersion"]!.GetValue<string>());
        Assert.Equal("Job", job["kind"]!.GetValue<string>());
        Assert.Matches("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", job["metadata"]!["name"]!.GetValue<string>());
        var spec = job["spec"]!;
        Assert.Equal("Indexed", spec["completionMode"]!.GetValue<string>());
        Assert.Equal(3, spec["completions"]!.GetValue<int>());
        Assert.Equal(2, spec["parallelism"]!.GetValue<int>());
        var pod = spec["template"]!["spec"]!;
        // A Job's pods may not restart Always; backoffLimitPerIndex needs Never.
        Assert.Equal("Never", pod["restartPolicy"]!.GetValue<string>());
        var container = pod["containers"]!.AsArray().Single()!;
        Assert.False(string.IsNullOrEmpty(container["name"]!.GetValue<string>()));
        Assert.Equal("nasdsl:1", container["image"]!.GetValue<string>());
        Assert.Equal(["dotnet", "/app/ActivationSearch.dll", "sweep", "run", "/sweep"], container["command"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("2", container["resources"]!["requests"]!["cpu"]!.GetValue<string>());
        Assert.Equal(1, container["resources"]!["limits"]!["nvidia.com/gpu"]!.GetValue<int>());
        var mount = container["volumeMounts"]!.AsArray().Single()!;
        var volume = pod["volumes"]!.AsArray().Single()!;
        Assert.Equal(mount["name"]!.GetValue<string>(), volume["name"]!.GetValue<string>());
        Assert.Equal("/sweep", mount["mountPath"]!.GetValue<string>());
        Assert.Equal("sweeps", volume["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        // The pod template's labels are what the Job's selector is generated from.
        Assert.NotNull(spec["template"]!["metadata"]!["labels"]);
    }

    [Fact]
    public void ReportMergesFinishedRunsPerSettingAndListsMissingAndFailedOnes()
    {
        using var folder = new TemporaryFolder();
        var sweep = SweepPlanner.Plan(folder.Path, [new("method", ["darts", "drnas"]), new("seed", ["1", "2"])], TinyRun);
        sweep.Save();
        Finished(sweep, 0, "relu(x)", found: 0.80, relu: 0.78);
        Finished(sweep, 1, "tanh(x)", found: 0.84, relu: 0.80);
        Finished(sweep, 2, "x·σ(x) (Swish/SiLU)", found: 0.90, relu: 0.88);
        var failed = sweep.RunFolder(sweep.Entries[3]);
        Directory.CreateDirectory(failed);
        File.WriteAllText(Path.Combine(failed, "run.json"), """{"status":"failed","detail":"disk full"}""");

        var (exitCode, output, error) = SampleProcess.RunWith(NoSchedulerIndex, folder.Path, "sweep", "report", folder.Path);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{error}");

        var csv = File.ReadAllLines(Path.Combine(folder.Path, "report.csv"));
        Assert.StartsWith("index,id,group,seed,status,formula,decided,found_mean,found_std,found_accuracies,relu_mean,", csv[0]);
        Assert.Equal(5, csv.Length);
        Assert.StartsWith($"1,{sweep.Entries[1].Id},method=darts,2,finished,tanh(x),true,0.84,", csv[2]);
        Assert.StartsWith($"3,{sweep.Entries[3].Id},method=drnas,2,failed,", csv[4]);

        var markdown = File.ReadAllText(Path.Combine(folder.Path, "report.md"));
        Assert.Contains("4 runs planned, 3 finished, 1 not", markdown);
        Assert.Contains("| method=darts | 2 of 2 | `relu(x)`; `tanh(x)` | 82.00 ± 2.83% | 79.00 ± 1.41% | +3.00 ± 1.41 |", markdown);
        Assert.Contains("| method=drnas | 1 of 2 | `x·σ(x) (Swish/SiLU)` | 90.00% (1 run) | 88.00% (1 run) | +2.00 (1 run) |", markdown);
        Assert.Contains($"| 3 | {sweep.Entries[3].Id} | method=drnas | 2 | failed | disk full |", markdown);
        Assert.Contains("![Retrained test accuracy per setting](report.png)", markdown);

        var png = File.ReadAllBytes(Path.Combine(folder.Path, "report.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
        Assert.True(png.Length > 10_000, $"report.png has only {png.Length} bytes");
    }

    private static void Finished(Sweep sweep, int index, string formula, double found, double relu)
    {
        var run = sweep.RunFolder(sweep.Entries[index]);
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "run.json"), """{"status":"finished"}""");
        var results = new JsonObject
        {
            ["formula"] = formula,
            ["decided"] = true,
            ["found"] = new JsonObject { ["formula"] = formula, ["accuracies"] = new JsonArray(found), ["mean"] = found, ["std"] = null },
            ["baselines"] = new JsonObject
            {
                ["relu"] = new JsonObject { ["accuracies"] = new JsonArray(relu), ["mean"] = relu, ["std"] = null, ["difference"] = found - relu, ["p"] = null, ["verdict"] = "one seed" },
            },
        };
        File.WriteAllText(Path.Combine(run, "results.json"), results.ToJsonString());
    }
}
