

namespace NasDsl.Cli.Sweeps;

/// <summary>One axis of a sweep: a run option and the values it takes.</summary>
/// <param name="Name">The option's name without dashes (seed, space, method, arch-lr, …).</param>
/// <param name="Values">Its values, in the order given.</param>
internal sealed record SweepAxis(string Name, IReadOnlyList<string> Values);

/// <summary>Plans a sweep: the cross product of its axes, each entry checked as the run command line would check it.</summary>
internal static class SweepPlanner
{
    /// <summary>Options that belong to the sweep, not to one of its runs.</summary>
    private static readonly string[] Reserved = ["--out", "--resume"];

    /// <summary>The entries of the cross product of <paramref name="axes"/> (the first axis outermost), with
    /// <paramref name="runOptions"/> given to every run.</summary>
    /// <exception cref="UsageException">An axis or option is invalid, or two entries are the same run.</exception>
    public static Sweep Plan(string folder, IReadOnlyList<SweepAxis> axes, IReadOnlyList<string> runOptions)
    {
        var root = CommandLine.Build();
        foreach (var option in runOptions)
        {
            var name = option.Split('=', 2)[0];
            if (Reserved.Contains(name))
                throw new UsageException($"sweep plan: {name} cannot be a run option of a sweep; each run's folder is DIR/runs/<id>.");
            var axis = axes.FirstOrDefault(a => Matches(root, a.Name, name));
            if (axis is not null)
                throw new UsageException($"sweep plan: {name} is given after -- and also as an axis of the sweep ({axis.Name}); give it once.");
        }
        foreach (var axis in axes)
        {
            if (axis.Values.Count == 0) throw new UsageException($"sweep plan: the axis {axis.Name} has no values.");
            if (root.Options.All(o => !Matches(root, axis.Name, o.Name)) || Reserved.Contains("--" + axis.Name))
                throw new UsageException($"--set {axis.Name}: not an option of a run; see --help of the run command.");
        }
        if (axes.Select(a => Canonical(root, a.Name)).Distinct().Count() != axes.Count)
            throw new UsageException("sweep plan: an option is given as two axes; give each once.");

        var placeholder = Path.Combine(Path.GetFullPath(folder), "runs", ".planning");
        var entries = new List<SweepEntry>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var combination in CrossProduct(axes))
        {
            var arguments = new List<string>(runOptions);
            foreach (var (name, value) in combination)
            {
                arguments.Add("--" + name);
                arguments.Add(value);
            }
            RunSettings settings;
            try
            {
                settings = CommandLine.Read(root.Parse([.. arguments, "--out", placeholder])).Settings with { Out = "" };
            }
            catch (UsageException e)
            {
                throw new UsageException($"sweep plan: the run {Describe(combination)}: {e.Message}");
            }
            var id = SweepEntry.IdOf(settings);
            if (ids.TryGetValue(id, out var twin))
                throw new UsageException($"sweep plan: the runs {Describe(entries[twin].Parameters)} and {Describe(combination)} have the same settings; remove the duplicate value.");
            ids[id] = entries.Count;
            entries.Add(new SweepEntry(entries.Count, id, combination, arguments, settings));
        }
        return new Sweep(folder, runOptions, entries);
    }

    private static string Describe(IEnumerable<KeyValuePair<string, string>> parameters) =>
        parameters.Any() ? string.Join(" ", parameters.Select(p => $"--{p.Key} {p.Value}")) : "(no axes)";

    private static List<KeyValuePair<string, string>[]> CrossProduct(IReadOnlyList<SweepAxis> axes)
    {
        var combinations = new List<KeyValuePair<string, string>[]> { Array.Empty<KeyValuePair<string, string>>() };
        foreach (var axis in axes)
            combinations = combinations.SelectMany(c => axis.Values.Select(v => (KeyValuePair<string, string>[])[.. c, KeyValuePair.Create(axis.Name, v)])).ToList();
        return combinations;
    }

    /// <summary>Whether the axis <paramref name="axis"/> (a name without dashes) and the option <paramref name="option"/> are
    /// the same run option, aliases included.</summary>
    private static bool Matches(System.CommandLine.RootCommand root, string axis, string option) =>
        Canonical(root, axis) == Canonical(root, option.TrimStart('-'));

    private static string Canonical(System.CommandLine.RootCommand root, string name)
    {
        var dashed = "--" + name.TrimStart('-');
        return root.Options.FirstOrDefault(o => o.Name == dashed || o.Aliases.Contains(dashed))?.Name ?? dashed;
    }
}
