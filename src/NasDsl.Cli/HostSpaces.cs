namespace NasDsl.Cli;

/// <summary>The spaces this process's command line offers, by name; set once by <see cref="SearchHost"/> before parsing.</summary>
internal static class HostSpaces
{
    private static IReadOnlyList<RegisteredSearchSpace> _all = [];

    public static IReadOnlyList<RegisteredSearchSpace> All => _all;

    /// <summary>The space <c>--space</c> defaults to, or null when it must be given.</summary>
    public static string? Default { get; private set; }

    /// <summary>The application's name, for messages and job definitions.</summary>
    public static string ApplicationName => System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "the application";

    public static string Names => string.Join(", ", _all.Select(s => s.Name));

    /// <exception cref="UsageException">No spaces, two with one name, or a default that is not among them.</exception>
    public static void Use(IReadOnlyList<RegisteredSearchSpace> spaces, string? defaultSpace)
    {
        if (spaces.Count == 0)
            throw new UsageException($"{ApplicationName} declares no [SearchSpace] class; declare one in the project that calls SearchHost.Run.", suggestHelp: false);
        if (spaces.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1) is { } clash)
            throw new UsageException($"the spaces {string.Join(" and ", clash.Select(s => s.TypeName))} share the command-line name '{clash.Key}'; rename one.", suggestHelp: false);
        _all = spaces;
        Default = defaultSpace is null ? spaces.Count == 1 ? spaces[0].Name : null : Find(defaultSpace).Name;
    }

    /// <summary>The space named <paramref name="name"/> (its command-line name or class name, any case).</summary>
    /// <exception cref="UsageException">No such space.</exception>
    public static RegisteredSearchSpace Find(string name) =>
        TryFind(name) ?? throw new UsageException($"--space {name.Trim()}: unknown space; choose {Names}.");

    /// <summary>The space named <paramref name="name"/> (its command-line name or class name, any case), or null.</summary>
    public static RegisteredSearchSpace? TryFind(string name)
    {
        var wanted = name.Trim();
        return _all.FirstOrDefault(s => s.Name.Equals(wanted, StringComparison.OrdinalIgnoreCase))
            ?? _all.FirstOrDefault(s => s.TypeName.Equals(wanted, StringComparison.OrdinalIgnoreCase) || s.TypeName.EndsWith("." + wanted, StringComparison.OrdinalIgnoreCase));
    }
}
