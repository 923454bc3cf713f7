
using NasDsl.Cli.Records;
using NasDsl.Cli.Reporting;
using NasDsl.Devices;

namespace NasDsl.Cli.Sweeps;

/// <summary>
/// Runs entries of a sweep into DIR/runs/&lt;id&gt;: a finished entry is skipped, an interrupted, killed or failed one
/// is resumed from its checkpoint (or started again when it never wrote one), and the folder's lock keeps two tasks
/// with the same index out of one folder. A requeued or pre-empted task therefore loses nothing.
/// </summary>
internal static class SweepRunner
{
    /// <summary>The environment variables an array task's index is read from, in order.</summary>
    public static readonly string[] IndexVariables = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"];

    /// <summary>The index from the scheduler's environment, with the variable it came from; null when none is set.</summary>
    /// <exception cref="UsageException">The variable is set but is not a whole number.</exception>
    public static (int Index, string Variable)? IndexFromEnvironment(Func<string, string?> environment)
    {
        foreach (var variable in IndexVariables)
        {
            var text = environment(variable);
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (!int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                throw new UsageException($"{variable}={text}: not an array index.", suggestHelp: false);
            return (index, variable);
        }
        return null;
    }

    /// <summary>Runs entry <paramref name="index"/> and returns the run's exit code (0 also when it had finished before).</summary>
    public static int RunEntry(Sweep sweep, int index, CancellationToken cancellation)
    {
        if (index < 0 || index >= sweep.Entries.Count)
        {
            Console.Error.WriteLine($"error: sweep run {sweep.Folder}: index {index} is outside the sweep's 0…{sweep.Entries.Count - 1}.");
            return ExitCodes.Usage;
        }
        var entry = sweep.Entries[index];
        var folder = sweep.RunFolder(entry);
        Console.WriteLine($"sweep: entry {index} of {sweep.Entries.Count} ({entry.Id}): {entry.Group}, seed {entry.Seed ?? entry.Settings.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}; run folder {folder}");

        RunLock runLock;
        try
        {
            runLock = RunLock.Acquire(folder);
        }
        catch (RunFolderInUseException e)
        {
            Console.Error.WriteLine($"error: sweep run {sweep.Folder} --index {index}: {folder}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: sweep run {sweep.Folder} --index {index}: cannot write {folder} ({e.Message})");
            return ExitCodes.Failure;
        }

        // The runner takes the same lock again (this process holds it) and releases it when it is done.
        using (runLock)
        {
            Invocation invocation;
            try
            {
                var status = RunFolder.ReadStatus(folder);
                if (status == "finished" && File.Exists(Path.Combine(folder, "results.json")))
                {
                    Console.WriteLine($"sweep: entry {index} ({entry.Id}) has already finished; skipped.");
                    return ExitCodes.Success;
                }
                if (status == "diverged")
                {
                    // Same settings, same trajectory: running it again would diverge again.
                    Console.Error.WriteLine($"error: sweep run: entry {index} ({entry.Id}) diverged; see {Path.Combine(folder, "run.json")}.");
                    return ExitCodes.Diverged;
                }
                var config = Path.Combine(folder, "config.json");
                var hasCheckpoint = File.Exists(Path.Combine(folder, "checkpoint.bin")) || File.Exists(Path.Combine(folder, "checkpoint.prev.bin"));
                if (File.Exists(config) && hasCheckpoint)
                {
                    var saved = RunSettings.FromJson(config);
                    // The runner records the default data's folder: compare with what the entry asked for.
                    if (SweepEntry.IdOf(entry.Settings.Data is null ? saved with { Data = null } : saved) != entry.Id)
                    {
                        Console.Error.WriteLine($"error: sweep run: {folder} holds another run than entry {index} ({entry.Id}); was the sweep planned again?");
                        return ExitCodes.Usage;
                    }
                    Console.WriteLine($"sweep: entry {index} ({entry.Id}) was {status ?? "started"}; resuming it from its checkpoint.");
                    invocation = CommandLine.Read(CommandLine.Build().Parse(["--resume", folder]));
                }
                else
                {
                    // New, or stopped before its first checkpoint: start it (again) in an empty folder.
                    if (status is not null) Console.WriteLine($"sweep: entry {index} ({entry.Id}) stopped before its first checkpoint; starting it again.");
                    foreach (var file in Directory.EnumerateFileSystemEntries(folder).Where(f => Path.GetFileName(f) != RunLock.FileName).ToArray())
                        if (Directory.Exists(file)) Directory.Delete(file, recursive: true);
                        else File.Delete(file);
                    invocation = new Invocation(entry.Settings with { Out = folder }, null);
                }
                DeviceSelector.Resolve(invocation.Settings.Device);
            }
            catch (Exception e) when (e is UsageException or DeviceUnavailableException)
            {
                Console.Error.WriteLine($"error: sweep run {sweep.Folder} --index {index}: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"error: sweep run {sweep.Folder} --index {index}: {e.Message}");
                return ExitCodes.Failure;
            }
            return Runs.Start(invocation, Reporter.Create(), cancellation);
        }
    }

    /// <summary>Runs every entry whose index is <paramref name="shard"/> modulo <paramref name="shards"/>, one after another;
    /// stops at an interruption, else returns the first non-zero exit code after trying them all.</summary>
    public static int RunShard(Sweep sweep, int shard, int shards, CancellationToken cancellation)
    {
        var first = ExitCodes.Success;
        for (var index = shard; index < sweep.Entries.Count; index += shards)
        {
            var code = RunEntry(sweep, index, cancellation);
            if (code == ExitCodes.Interrupted || cancellation.IsCancellationRequested) return ExitCodes.Interrupted;
            if (first == ExitCodes.Success) first = code;
        }
        return first;
    }
}
