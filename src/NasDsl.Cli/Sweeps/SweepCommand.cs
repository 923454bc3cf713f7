using System.CommandLine;
using System.Globalization;


namespace NasDsl.Cli.Sweeps;

/// <summary>
/// <c>sweep plan|run|emit slurm|emit k8s|report</c>: a sweep of runs planned as a cross product, run one entry per
/// array task by Slurm or an Indexed Job (or by hand), and merged into one report. No scheduler of its own.
/// </summary>
internal static class SweepCommand
{
    private static readonly Option<string> PlanOut = new("--out") { Description = "The sweep's folder: sweep.json, runs/<id>/, logs, report.", Required = true };
    private static readonly Option<string?> Seeds = new("--seeds") { Description = "Search seeds, comma-separated (an axis of the cross product)." };
    private static readonly Option<string?> SpaceValues = new("--spaces") { Description = "Search spaces, comma-separated (see the spaces command)." };
    private static readonly Option<string?> MethodValues = new("--methods") { Description = "Search methods, comma-separated: drnas, gdas, darts." };
    private static readonly Option<string[]> Sets = new("--set") { Description = "Another axis: name=v1,v2 with name a run option without dashes (arch-lr=1e-3,3e-4); repeatable.", Arity = ArgumentArity.ZeroOrMore };

    private static readonly Argument<string> Folder = new("DIR") { Description = "The sweep's folder (where sweep plan wrote sweep.json)." };
    private static readonly Option<string?> Index = new("--index") { Description = "The entry to run. Default: SLURM_ARRAY_TASK_ID, else JOB_COMPLETION_INDEX." };
    private static readonly Option<string?> Shard = new("--shard") { Description = "i/N: run the entries whose index is i modulo N, one after another." };

    private static readonly Option<string?> MaxParallel = new("--max-parallel") { Description = "Tasks running at once (Slurm's %M, the Job's parallelism). Default: all." };
    private static readonly Option<string?> Cpus = new("--cpus-per-task") { Description = "CPUs per task. Default: the runs' --threads, else 1." };
    private static readonly Option<bool> Gpu = new("--gpu") { Description = "One GPU per task (--gres=gpu:1; nvidia.com/gpu: 1). Plan the runs with -- --device cuda." };
    private static readonly Option<string?> Partition = new("--partition") { Description = "Slurm partition." };
    private static readonly Option<string?> Time = new("--time") { Description = "Slurm time limit per task (e.g. 2:00:00)." };
    private static readonly Option<string?> Memory = new("--mem") { Description = "Slurm memory per task (e.g. 4G)." };
    private static readonly Option<string> Image = new("--image") { Description = "Container image with the .NET runtime and the built application.", DefaultValueFactory = _ => "nasdsl-search:latest" };
    private static readonly Option<string> HostInImage = new("--host") { Description = "The host's command in the image, space-separated.", DefaultValueFactory = _ => $"dotnet /app/{HostSpaces.ApplicationName}.dll" };
    private static readonly Option<string> MountPath = new("--mount-path") { Description = "Where the sweep's folder is mounted in the container.", DefaultValueFactory = _ => "/sweep" };
    private static readonly Option<string?> Claim = new("--claim") { Description = "PersistentVolumeClaim holding the sweep's folder. Default: a hostPath volume of DIR (single-node clusters)." };
    private static readonly Option<string?> JobName = new("--name") { Description = "The Job's name. Default: nasdsl-sweep-<hash of DIR>." };

    private static readonly Command Plan = new("plan", "Write the cross product of the axes as DIR/sweep.json, one entry per run with a stable id; nothing runs yet. Options after -- apply to every run.")
    {
        PlanOut, Seeds, SpaceValues, MethodValues, Sets,
    };

    private static readonly Command RunCommand = new("run", "Run one entry into DIR/runs/<id>/: skipped when it finished, resumed when it was interrupted.") { Folder, Index, Shard };

    private static readonly Command Slurm = new("slurm", "Write DIR/sweep.sbatch, a Slurm array with one task per entry, and print its path.") { Folder, MaxParallel, Cpus, Gpu, Partition, Time, Memory };

    private static readonly Command Kubernetes = new("k8s", "Write DIR/sweep-job.json, a Kubernetes Indexed Job with one pod per entry, and print its path.") { Folder, MaxParallel, Cpus, Gpu, Image, HostInImage, MountPath, Claim, JobName };

    private static readonly Command Report = new("report", "Merge every finished run into DIR/report.csv, DIR/report.md and DIR/report.png.") { Folder };

    public static RootCommand Build() => new($"Sweeps of {HostSpaces.ApplicationName} runs.")
    {
        new Command("sweep", "Plan a sweep, run its entries (by hand, as a Slurm array or a Kubernetes Indexed Job), and report it.")
        {
            Plan, RunCommand, new Command("emit", "Write a scheduler's job definition for the sweep.") { Slurm, Kubernetes }, Report,
        },
    };

    /// <summary>Runs <paramref name="args"/> (which start with "sweep") and returns the exit code.</summary>
    public static int Run(string[] args, CancellationToken cancellation)
    {
        // Everything after -- is a run option of sweep plan, not the sweep's.
        var split = Array.IndexOf(args, "--");
        var own = split < 0 ? args : args[..split];
        string[] runOptions = split < 0 ? [] : args[(split + 1)..];
        var parsed = Build().Parse(own);
        if (own.Any(a => a is "-h" or "--help" or "-?") || parsed.CommandResult.Command.Subcommands.Count > 0 && parsed.Errors.Count == 0)
            return parsed.Invoke();
        try
        {
            if (parsed.Errors.Count > 0) throw new UsageException(parsed.Errors[0].Message);
            var command = parsed.CommandResult.Command;
            if (command != Plan && runOptions.Length > 0) throw new UsageException($"sweep {command.Name}: options after -- belong to sweep plan.");
            if (command == Plan) return PlanSweep(parsed, runOptions);
            var sweep = Sweep.Load(parsed.GetValue(Folder)!);
            if (command == RunCommand) return RunSweep(parsed, sweep, cancellation);
            if (command == Slurm)
            {
                Console.WriteLine(SweepEmitter.WriteSlurm(sweep, Resources(parsed), parsed.GetValue(Partition), parsed.GetValue(Time), parsed.GetValue(Memory)));
                return ExitCodes.Success;
            }
            if (command == Kubernetes)
            {
                var host = parsed.GetValue(HostInImage)!.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (host.Length == 0) throw new UsageException("--host: give the host's command in the image.");
                var name = parsed.GetValue(JobName);
                if (name is not null && !System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"))
                    throw new UsageException($"--name {name}: a Job's name is lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit.");
                Console.WriteLine(SweepEmitter.WriteKubernetes(sweep, Resources(parsed),
                    new SweepEmitter.KubernetesOptions(parsed.GetValue(Image)!, host, parsed.GetValue(MountPath)!, parsed.GetValue(Claim), name)));
                return ExitCodes.Success;
            }
            foreach (var file in SweepReport.Write(sweep)) Console.WriteLine(file);
            return ExitCodes.Success;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            if (e.SuggestHelp) Console.Error.WriteLine("Run with --help to see the options.");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static int PlanSweep(ParseResult parsed, string[] runOptions)
    {
        var folder = parsed.GetValue(PlanOut)!;
        var axes = new List<SweepAxis>();
        if (parsed.GetValue(SpaceValues) is { } spaces) axes.Add(new("space", List(SpaceValues.Name, spaces)));
        if (parsed.GetValue(MethodValues) is { } methods) axes.Add(new("method", List(MethodValues.Name, methods)));
        foreach (var set in parsed.GetValue(Sets) ?? [])
        {
            var parts = set.Split('=', 2);
            if (parts.Length != 2 || parts[0].Trim().Length == 0) throw new UsageException($"--set {set}: write name=v1,v2.");
            axes.Add(new(parts[0].Trim().TrimStart('-'), List("--set " + parts[0].Trim(), parts[1])));
        }
        // Seeds innermost: the runs of one setting sit side by side.
        if (parsed.GetValue(Seeds) is { } seeds) axes.Add(new("seed", List(Seeds.Name, seeds)));

        var sweep = SweepPlanner.Plan(folder, axes, runOptions);
        var file = Path.Combine(sweep.Folder, Sweep.FileName);
        if (File.Exists(file))
        {
            var existing = Sweep.Load(folder);
            if (!existing.Entries.Select(e => e.Id).SequenceEqual(sweep.Entries.Select(e => e.Id)))
                throw new UsageException($"--out {folder}: another sweep is planned there; choose a new folder.", suggestHelp: false);
        }
        Directory.CreateDirectory(sweep.Folder);
        sweep.Save();
        Console.WriteLine($"{file}: {sweep.Entries.Count} run{(sweep.Entries.Count == 1 ? "" : "s")}");
        foreach (var entry in sweep.Entries)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {entry.Index,3}  {entry.Id}  {entry.Group}{(entry.Seed is { } s ? ", seed " + s : "")}"));
        return ExitCodes.Success;
    }

    private static int RunSweep(ParseResult parsed, Sweep sweep, CancellationToken cancellation)
    {
        var index = parsed.GetValue(Index);
        var shard = parsed.GetValue(Shard);
        if (index is not null && shard is not null) throw new UsageException("sweep run: give --index or --shard, not both.");
        if (shard is not null)
        {
            var parts = shard.Split('/');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ||
                !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || i >= n)
                throw new UsageException($"--shard {shard}: write i/N with 0 ≤ i < N.");
            return SweepRunner.RunShard(sweep, i, n, cancellation);
        }
        int chosen;
        if (index is not null)
        {
            if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out chosen)) throw new UsageException($"--index {index}: not a whole number.");
        }
        else if (SweepRunner.IndexFromEnvironment(Environment.GetEnvironmentVariable) is { } found)
        {
            chosen = found.Index;
            Console.WriteLine($"sweep: index {chosen} from {found.Variable}");
        }
        else
        {
            throw new UsageException($"sweep run {sweep.Folder}: no index; give --index I or --shard i/N, or run it as an array task ({string.Join(" or ", SweepRunner.IndexVariables)}).");
        }
        return SweepRunner.RunEntry(sweep, chosen, cancellation);
    }

    private static TaskResources Resources(ParseResult parsed) =>
        new(Positive(parsed, MaxParallel), Positive(parsed, Cpus), parsed.GetValue(Gpu));

    private static int? Positive(ParseResult parsed, Option<string?> option)
    {
        if (parsed.GetValue(option) is not { } text) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            throw new UsageException($"{option.Name} {text}: must be a whole number of at least 1.");
        return value;
    }

    private static string[] List(string name, string text)
    {
        var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (values.Length == 0) throw new UsageException($"{name} {text}: give at least one value.");
        if (values.Distinct(StringComparer.Ordinal).Count() != values.Length) throw new UsageException($"{name} {text}: a value is given twice.");
        return values;
    }
}
