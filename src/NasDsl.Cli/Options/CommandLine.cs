using System.CommandLine;
using NasDsl.Data;

namespace NasDsl.Cli;

/// <summary>What the command line asked for: a run to start, or one to resume.</summary>
/// <param name="Settings">The run's settings.</param>
/// <param name="ResumeFrom">The run folder to continue, or null for a new run.</param>
/// <param name="Configuration">On resume, the new contents of <c>config.json</c> when options given beside
/// <c>--resume</c> changed it; null when it stays as it is.</param>
internal sealed record Invocation(RunSettings Settings, string? ResumeFrom, RunSettings? Configuration = null);

/// <summary>An invalid argument: one line naming the option and the problem; exit code 2, nothing written.</summary>
/// <param name="message">The line.</param>
/// <param name="suggestHelp">Whether to point at --help: not when the problem is the run folder's, not the syntax.</param>
internal sealed class UsageException(string message, bool suggestHelp = true) : Exception(message)
{
    public bool SuggestHelp { get; } = suggestHelp;
}

/// <summary>The sample's options, their defaults and their validation.</summary>
internal static class CommandLine
{
    private static readonly Option<string?> Space = new("--space") { Description = "Search space (see the spaces command)." };
    private static readonly Option<string?> Data = new("--data") { Description = "Dataset folder: MNIST/Fashion-MNIST IDX files (.gz or raw) or CIFAR-10 binary batches. Default: /usr/share/datasets/fashion-mnist if installed, else the Fashion-MNIST subset shipped with NasDsl.Cli." };
    private static readonly Option<string> Epochs = new("--epochs") { Description = "Search epochs.", DefaultValueFactory = _ => "5" };
    private static readonly Option<string> BatchSize = new("--batch-size") { Description = "Batch size of the weight and architecture steps.", DefaultValueFactory = _ => "64" };
    private static readonly Option<string> Seed = new("--seed") { Description = "Seed of initialisation, data split and order; same seed and threads give the same alphas.", DefaultValueFactory = _ => "1" };
    private static readonly Option<bool> SecondOrder = new("--second-order") { Description = "Use DARTS' second-order (unrolled) architecture gradient. Default: first order." };
    private static readonly Option<string> Device = new("--device") { Description = "cpu or cuda (cuda needs a CUDA build, see README).", DefaultValueFactory = _ => "cpu" };
    private static readonly Option<string> TrainEpochs = new("--train-epochs") { Description = "Epochs to retrain the found network and the baseline from scratch; 0 skips retraining.", DefaultValueFactory = _ => "3" };
    private static readonly Option<string> Baselines = new("--baselines", "--baseline") { Description = "Fixed activations to compare against, comma-separated, or none: the space's own baselines where it declares them (see spaces), else the LeNet with relu, swish, hardswish, leakyrelu, gelu, tanh, sigmoid or identity. Where the space offers neither relu nor swish, the default is all of its own.", DefaultValueFactory = _ => string.Join(",", BaselineNames.Preferred) };
    private static readonly Option<string> Method = new("--method") { Description = "Search method: drnas (Dirichlet), gdas (Gumbel, one op per edge per step) or darts (softmax, paper settings).", DefaultValueFactory = _ => "drnas" };
    private static readonly Option<string?> ArchitectureLearningRate = new("--arch-lr") { Description = "Adam learning rate of the architecture weights. Default: 3e-4 (NASLib's and DARTS', for every method)." };
    private static readonly Option<string?> Shrink = new("--shrink") { Description = "Progressive shrinking, on or off: drop the weakest operation of the fullest edge on a log-spaced schedule until one is left. Default: on for drnas and gdas, off for darts." };
    private static readonly Option<string?> WarmupEpochs = new("--warmup-epochs") { Description = "Epochs that train only the network weights before the architecture is searched. Default: 1 for drnas and gdas, 0 for darts." };
    private static readonly Option<string?> OutputBound = new("--output-bound") { Description = "Clamp every candidate's output to ±B during the search (not in retraining), or off. Default: 10 for drnas and gdas, off for darts." };
    private static readonly Option<string> RetrainSeeds = new("--retrain-seeds") { Description = "Retrain the found network and every baseline with this many seeds, for mean ± std and a Welch t-test.", DefaultValueFactory = _ => "3" };
    private static readonly Option<string?> Out = new("--out") { Description = "Run folder. Default: runs/<space>-<timestamp>." };
    private static readonly Option<string?> Resume = new("--resume") { Description = "Continue the run in this folder from its last checkpoint, with the settings in its config.json. Given beside it, --epochs may grow (extending the search) and --train-epochs, --baseline and --threads replace the run's; any other option must match the run's." };
    private static readonly Option<string?> LimitSteps = new("--limit-steps") { Description = "At most N steps per epoch (smoke runs)." };
    private static readonly Option<string?> Threads = new("--threads") { Description = "libtorch threads. Default: 1 on machines with two cores or fewer (faster for the small mixed-op tensors), else libtorch's choice." };
    private static readonly Option<string?> TrainSamples = new("--train-samples") { Description = "Use at most N training images (class-balanced) for a quicker search." };
    private static readonly Option<string?> TestSamples = new("--test-samples") { Description = "Evaluate on at most N test images, for smoke runs of large networks." };
    private static readonly Option<bool> KeepZero = new("--keep-zero") { Description = "Let discretisation choose Zero operations (DARTS excludes 'none' by default)." };

    public static RootCommand Build()
    {
        Space.Description = $"Search space: {HostSpaces.Names} (the spaces command lists them with their sizes).";
        if (HostSpaces.Default is { } space) Space.DefaultValueFactory = _ => space;
        return new($"Searches an architecture of one of {HostSpaces.ApplicationName}'s search spaces with DrNAS, GDAS or DARTS, then retrains it against baselines. Spaces and their sizes: spaces. Sweeps of many runs (Slurm arrays, Kubernetes Indexed Jobs): sweep --help. A run's found activation as TorchSharp, PyTorch or LaTeX: export --help.")
        {
            Space, Data, Method, Epochs, BatchSize, Seed, ArchitectureLearningRate, Shrink, WarmupEpochs, OutputBound, SecondOrder, Device,
            TrainEpochs, RetrainSeeds, Baselines, Out, Resume, LimitSteps, Threads, TrainSamples, TestSamples, KeepZero,
        };
    }

    /// <summary>What an option given beside <c>--resume</c> may do to the run's setting.</summary>
    private enum OnResume
    {
        /// <summary>It must equal the run's: it shapes the search's trajectory or the records already written.</summary>
        Same,

        /// <summary>It may grow: more epochs extend the search.</summary>
        Grow,

        /// <summary>It replaces the run's: it only changes the retraining after the search, or the speed.</summary>
        Apply,
    }

    private sealed record ResumeRule(Option Option, OnResume Rule, Func<RunSettings, object?> Value, Func<RunSettings, RunSettings, RunSettings>? Take = null);

    /// <summary>Every option of a run with what <c>--resume</c> does when it is given again; a new option needs a row.</summary>
    private static readonly ResumeRule[] ResumeRules =
    [
        new(Space, OnResume.Same, s => s.Space),
        new(Data, OnResume.Same, s => s.Data),
        new(Epochs, OnResume.Grow, s => s.Epochs, (run, given) => run with { Epochs = given.Epochs }),
        new(BatchSize, OnResume.Same, s => s.BatchSize),
        new(Seed, OnResume.Same, s => s.Seed),
        new(SecondOrder, OnResume.Same, s => s.SecondOrder),
        new(Device, OnResume.Same, s => s.Device),
        new(TrainEpochs, OnResume.Apply, s => s.TrainEpochs, (run, given) => run with { TrainEpochs = given.TrainEpochs }),
        new(Method, OnResume.Same, s => s.Method),
        new(ArchitectureLearningRate, OnResume.Same, s => s.ArchitectureLearningRate),
        new(Shrink, OnResume.Same, s => s.Shrink),
        new(WarmupEpochs, OnResume.Same, s => s.WarmupEpochs),
        new(OutputBound, OnResume.Same, s => s.OutputBound),
        new(RetrainSeeds, OnResume.Apply, s => s.RetrainSeeds, (run, given) => run with { RetrainSeeds = given.RetrainSeeds }),
        new(Baselines, OnResume.Apply, s => string.Join(",", s.Baselines), (run, given) => run with { Baselines = given.Baselines }),
        new(Out, OnResume.Same, s => Path.GetFullPath(s.Out)),
        new(LimitSteps, OnResume.Same, s => s.LimitSteps),
        new(Threads, OnResume.Apply, s => s.Threads, (run, given) => run with { Threads = given.Threads }),
        new(TrainSamples, OnResume.Same, s => s.TrainSamples),
        new(TestSamples, OnResume.Same, s => s.TestSamples),
        new(KeepZero, OnResume.Same, s => !s.ExcludeZero),
    ];

    /// <summary>Reads and checks the arguments.</summary>
    /// <exception cref="UsageException">An argument is invalid, or cannot be given with <c>--resume</c>.</exception>
    public static Invocation Read(ParseResult result)
    {
        if (result.Errors.Count > 0) throw new UsageException(result.Errors[0].Message);
        var given = ReadSettings(result);
        if (result.GetValue(Resume) is { } resume) return ReadResume(result, resume, given);

        if (given.SecondOrder && given.Method != "darts")
            throw new UsageException($"--second-order: DARTS' unrolled gradient; --method {given.Method} is first order (use --method darts).");
        if (given.WarmupEpochs >= given.Epochs)
            throw new UsageException($"--warmup-epochs {given.WarmupEpochs}: must be less than --epochs {given.Epochs}, so some epochs search.");
        if (File.Exists(given.Out)) throw new UsageException($"--out {given.Out}: a file of that name exists.");
        if (Directory.Exists(given.Out) && Directory.EnumerateFileSystemEntries(given.Out).Any())
            throw new UsageException($"--out {given.Out}: the folder is not empty; choose a new one, or continue it with --resume {given.Out}.");
        return new Invocation(given, null);
    }

    /// <summary>The run in <paramref name="resume"/>, with the options given beside <c>--resume</c> applied where they may
    /// change it; every one that may not is refused, naming it and both values.</summary>
    private static Invocation ReadResume(ParseResult result, string resume, RunSettings given)
    {
        if (!Directory.Exists(resume)) throw new UsageException($"--resume {resume}: the folder does not exist.", suggestHelp: false);
        var config = Path.Combine(resume, "config.json");
        if (!File.Exists(config)) throw new UsageException($"--resume {resume}: the folder holds no run (no config.json).", suggestHelp: false);
        if (!File.Exists(Path.Combine(resume, "checkpoint.bin")) && !File.Exists(Path.Combine(resume, "checkpoint.prev.bin")))
            throw new UsageException($"--resume {resume}: the run has no checkpoint to resume from.", suggestHelp: false);
        RunSettings saved;
        try
        {
            saved = RunSettings.FromJson(config);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            throw new UsageException($"--resume {resume}: config.json is not readable ({e.Message}).", suggestHelp: false);
        }

        var run = saved with { Out = resume };
        var refused = new List<string>();
        foreach (var rule in ResumeRules)
        {
            if (result.GetResult(rule.Option) is not { Implicit: false }) continue;
            var (mine, theirs) = (rule.Value(given), rule.Value(run));
            if (Equals(mine, theirs)) continue;
            if (rule.Rule == OnResume.Grow && (run.Shrink || run.Method == "gdas"))
                refused.Add($"{rule.Option.Name} {Show(mine)} differs from the run's {Show(theirs)} (its {(run.Shrink ? "shrinking" : "temperature")} is scheduled over the planned epochs)");
            else if (rule.Rule == OnResume.Apply || rule.Rule == OnResume.Grow && Comparer<object>.Default.Compare(mine, theirs) > 0)
                run = rule.Take!(run, given);
            else if (rule.Rule == OnResume.Grow)
                refused.Add($"{rule.Option.Name} {Show(mine)} is fewer than the run's {Show(theirs)} (a search may be extended, not shortened)");
            else
                refused.Add($"{rule.Option.Name} {Show(mine)} differs from the run's {Show(theirs)}");
        }
        if (refused.Count > 0) throw new UsageException($"--resume {resume}: {string.Join("; ", refused)}.", suggestHelp: false);

        if (Records.RunFolder.ReadStatus(resume) == "finished" && run.Epochs <= saved.Epochs)
            throw new UsageException($"--resume {resume}: the run has already finished; its results are in {Path.Combine(resume, "summary.md")} (give --epochs above {saved.Epochs} to extend its search).", suggestHelp: false);
        var changed = run with { Out = saved.Out };
        return new Invocation(run, resume, changed == saved ? null : changed);
    }

    private static string Show(object? value) => value switch
    {
        null => "unset",
        bool flag => flag ? "on" : "off",
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The settings the options give (defaults where not given), each value checked.</summary>
    private static RunSettings ReadSettings(ParseResult result)
    {
        var space = result.GetValue(Space) is { } named ? HostSpaces.Find(named).Name
            : HostSpaces.Default ?? throw new UsageException($"--space: {HostSpaces.ApplicationName} declares several spaces; choose {HostSpaces.Names}.");
        var data = result.GetValue(Data);
        if (data is not null && !Directory.Exists(data)) throw new UsageException($"--data {data}: the folder does not exist.");
        var baselineText = result.GetValue(Baselines)!;
        var offered = BaselineNames.For(HostSpaces.Find(space));
        // "none" retrains the found network alone (a sweep may retrain the baselines once, elsewhere).
        var baselines = result.GetResult(Baselines) is not { Implicit: false } ? BaselineNames.DefaultOf(offered)
            : baselineText.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? []
            : baselineText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(b => b.ToLowerInvariant()).Distinct().ToArray();
        foreach (var baseline in baselines)
            if (!offered.Contains(baseline))
                throw new UsageException($"--baselines {baselineText}: {space} has no baseline '{baseline}'; choose from {string.Join(", ", offered)}.");
        var method = result.GetValue(Method)!.Trim().ToLowerInvariant();
        if (!MethodNames.TryGetValue(method, out var searchMethod))
            throw new UsageException($"--method {method}: unknown method; choose drnas, gdas or darts.");
        var preset = NasDsl.Search.SearchPresets.For(searchMethod);
        var secondOrder = result.GetValue(SecondOrder);
        var device = result.GetValue(Device)!.Trim().ToLowerInvariant();
        if (device != "cpu" && device != "cuda" && !device.StartsWith("cuda:", StringComparison.Ordinal))
            throw new UsageException($"--device {device}: unknown device; choose cpu or cuda.");

        return new RunSettings
        {
            Space = space,
            Data = data is null ? null : Path.GetFullPath(data),
            Epochs = Positive(Epochs),
            BatchSize = Positive(BatchSize),
            Seed = Integer(Seed, long.MinValue),
            SecondOrder = secondOrder,
            Method = method,
            ArchitectureLearningRate = OptionalPositiveNumber(ArchitectureLearningRate) ?? preset.ArchitectureLearningRate,
            Shrink = OnOff(Shrink) ?? preset.Shrink,
            // The preset's warm start leaves at least one epoch to search; an explicit one is checked as given.
            WarmupEpochs = result.GetValue(WarmupEpochs) is { } warmup
                ? (int)Parse(WarmupEpochs.Name, warmup, 0, int.MaxValue)
                : Math.Min(preset.WarmupEpochs, Positive(Epochs) - 1),
            OutputBound = result.GetValue(OutputBound) is { } bound ? (bound.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) ? null : PositiveNumber(OutputBound.Name, bound)) : preset.OutputBound,
            Device = device,
            TrainEpochs = (int)Integer(TrainEpochs, 0),
            RetrainSeeds = Positive(RetrainSeeds),
            Baselines = baselines,
            Out = result.GetValue(Out) ?? Path.Combine("runs", $"{space}-{DateTime.Now:yyyyMMdd-HHmmss}"),
            LimitSteps = OptionalPositive(LimitSteps),
            Threads = OptionalPositive(Threads) ?? NasDsl.Devices.OpenMp.DefaultThreads(),
            TrainSamples = OptionalPositive(TrainSamples),
            TestSamples = OptionalPositive(TestSamples),
            ExcludeZero = !result.GetValue(KeepZero),
        };

        int Positive(Option<string> option) => (int)Integer(option, 1);

        int? OptionalPositive(Option<string?> option) =>
            result.GetValue(option) is { } text ? (int)Parse(option.Name, text, 1, int.MaxValue) : null;

        double? OptionalPositiveNumber(Option<string?> option) => result.GetValue(option) is { } text ? PositiveNumber(option.Name, text) : null;

        bool? OnOff(Option<string?> option) => result.GetValue(option)?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            var other => throw new UsageException($"{option.Name} {other}: say on or off."),
        };

        long Integer(Option<string> option, long minimum) => Parse(option.Name, result.GetValue(option)!, minimum, option == Seed ? long.MaxValue : int.MaxValue);
    }

    /// <summary>The methods by their command-line names.</summary>
    public static readonly IReadOnlyDictionary<string, NasDsl.Search.SearchMethod> MethodNames = new Dictionary<string, NasDsl.Search.SearchMethod>
    {
        ["darts"] = NasDsl.Search.SearchMethod.Darts,
        ["drnas"] = NasDsl.Search.SearchMethod.DrNas,
        ["gdas"] = NasDsl.Search.SearchMethod.Gdas,
    };

    private static double PositiveNumber(string name, string text)
    {
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
            throw new UsageException($"{name} {text}: not a number.");
        if (!(value > 0 && double.IsFinite(value))) throw new UsageException($"{name} {text}: must be positive and finite.");
        return value;
    }

    private static long Parse(string name, string text, long minimum, long maximum)
    {
        if (!long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
            throw new UsageException($"{name} {text}: not a whole number.");
        if (value < minimum) throw new UsageException(minimum == 1 ? $"{name} {text}: must be at least 1." : $"{name} {text}: must be at least {minimum}.");
        if (value > maximum) throw new UsageException($"{name} {text}: must be at most {maximum}.");
        return value;
    }
}

/// <summary>The baselines by their command-line names: those a space declares, else the host's LeNet activations.</summary>
internal static class BaselineNames
{
    /// <summary>The host's LeNet baselines (<see cref="BaselineSpace"/>).</summary>
    public static IReadOnlyList<string> LeNet { get; } = Baselines.Table.Ops.Select(o => o.Name.ToLowerInvariant()).ToList();

    public static IReadOnlyCollection<string> For(RegisteredSearchSpace space) => space.BaselineNames.Count > 0 ? space.BaselineNames : LeNet;

    /// <summary>The baselines <c>--baselines</c> names by default, where the space offers them.</summary>
    public static IReadOnlyList<string> Preferred { get; } = ["relu", "swish"];

    /// <summary>What <c>--baselines</c> defaults to: <see cref="Preferred"/> where the space offers them, else every
    /// baseline its own network declares (a space whose baselines are other activations is still compared with something).</summary>
    public static string[] DefaultOf(IReadOnlyCollection<string> offered)
    {
        var kept = Preferred.Where(offered.Contains).ToArray();
        return kept.Length > 0 ? kept : [.. offered];
    }

    public static int IndexOf(string name) => Baselines.Table.IndexOf(name);
}
