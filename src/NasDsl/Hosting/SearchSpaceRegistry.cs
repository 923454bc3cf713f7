using System.Reflection;

namespace NasDsl;

/// <summary>Runs code that needs a space's genotype type, without the caller naming it (a host choosing a space by name).</summary>
/// <typeparam name="TResult">What the visit returns.</typeparam>
public interface ISearchSpaceVisitor<out TResult>
{
    /// <summary>Called with the registered space's typed definition.</summary>
    TResult Visit<TGenotype>(SearchSpaceDefinition<TGenotype> space) where TGenotype : class;
}

/// <summary>A <see cref="SearchSpaceAttribute"/> class as the generator registered it.</summary>
public abstract class RegisteredSearchSpace
{
    private protected RegisteredSearchSpace(string typeName, SpaceStatistics statistics)
    {
        TypeName = typeName;
        Statistics = statistics;
        Name = ShortName(typeName);
    }

    /// <summary>The class's full name, e.g. <c>MyProject.RnnSpace</c>.</summary>
    public string TypeName { get; }

    /// <summary>The name a command line uses: the class name without a trailing <c>Space</c>, in lower case
    /// (<c>RnnSpace</c> is <c>rnn</c>).</summary>
    public string Name { get; }

    /// <summary>The space's compile-time statistics.</summary>
    public SpaceStatistics Statistics { get; }

    /// <summary>The names of the baselines the space declares (<see cref="SearchSpaceDefinition{TGenotype}.Baselines"/>);
    /// empty when it declares none.</summary>
    public abstract IReadOnlyCollection<string> BaselineNames { get; }

    /// <summary>Calls <paramref name="visitor"/> with the typed definition.</summary>
    public abstract TResult Accept<TResult>(ISearchSpaceVisitor<TResult> visitor);

    /// <summary>Registers a space; generated code calls this.</summary>
    public static RegisteredSearchSpace Create<TGenotype>(string typeName, Func<SearchSpaceDefinition<TGenotype>> definition, SpaceStatistics statistics)
        where TGenotype : class => new Typed<TGenotype>(typeName, definition, statistics);

    private static string ShortName(string typeName)
    {
        var simple = typeName[(typeName.LastIndexOf('.') + 1)..];
        if (simple.Length > "Space".Length && simple.EndsWith("Space", StringComparison.Ordinal)) simple = simple[..^"Space".Length];
        return simple.ToLowerInvariant();
    }

    private sealed class Typed<TGenotype>(string typeName, Func<SearchSpaceDefinition<TGenotype>> definition, SpaceStatistics statistics)
        : RegisteredSearchSpace(typeName, statistics) where TGenotype : class
    {
        public override IReadOnlyCollection<string> BaselineNames => [.. definition().Baselines.Keys];

        public override TResult Accept<TResult>(ISearchSpaceVisitor<TResult> visitor) => visitor.Visit(definition());
    }
}

/// <summary>
/// The search spaces of every loaded assembly that declares some. The generator emits, into each such assembly, a
/// module initializer that registers its spaces before any of its code runs, so a host finds the entry assembly's
/// spaces without scanning types.
/// </summary>
public static class SearchSpaceRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<Assembly, IReadOnlyList<RegisteredSearchSpace>> ByAssembly = [];

    /// <summary>Records the spaces of <paramref name="assembly"/>, in declaration order; generated code calls this.</summary>
    public static void Register(Assembly assembly, IReadOnlyList<RegisteredSearchSpace> spaces)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(spaces);
        lock (Gate) ByAssembly[assembly] = spaces;
    }

    /// <summary>The spaces <paramref name="assembly"/> declares; empty when it declares none.</summary>
    public static IReadOnlyList<RegisteredSearchSpace> Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        // A loaded library's initializer runs when its code is first used; run it now (once) so its spaces are here.
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        lock (Gate) return ByAssembly.TryGetValue(assembly, out var spaces) ? spaces : [];
    }
}
