namespace NasDsl;

/// <summary>
/// Collects the architecture-weight scopes of a search space. Generated <c>DescribeScopes</c> methods call it
/// in topological order, entering nested cells as they are placed; a cell that shares weights adds its
/// scopes once.
/// </summary>
public sealed class ScopeCollector
{
    private readonly List<ScopeInfo> _scopes;
    private readonly HashSet<string> _seen;

    /// <summary>Starts an empty collection at the root scope.</summary>
    public ScopeCollector() : this([], new HashSet<string>(StringComparer.Ordinal), ScopeCursor.Root) { }

    private ScopeCollector(List<ScopeInfo> scopes, HashSet<string> seen, ScopeCursor cursor)
    {
        _scopes = scopes;
        _seen = seen;
        Cursor = cursor;
    }

    /// <summary>The current scope.</summary>
    public ScopeCursor Cursor { get; }

    /// <summary>The scopes collected so far, in order.</summary>
    public IReadOnlyList<ScopeInfo> Scopes => _scopes;

    /// <summary>Records the mixed edge <paramref name="edge"/> of <paramref name="cell"/>.</summary>
    public void Mixed(string cell, string edge, OpTable table)
    {
        var path = Cursor.KeyFor(edge);
        if (_seen.Add(path))
            _scopes.Add(new ScopeInfo(path, cell, edge, table));
    }

    /// <summary>The collector for a cell placed at <paramref name="placement"/>.</summary>
    public ScopeCollector Enter(string placement, string cellName, bool shareWeights) =>
        new(_scopes, _seen, Cursor.Enter(placement, cellName, shareWeights));
}

/// <summary>
/// The chosen operation of every scope, by scope path; the bridge between a typed genotype and the flat
/// choice vector the search produces (one index per <see cref="ScopeInfo"/>).
/// </summary>
public sealed class ScopeChoices
{
    private readonly Dictionary<string, int> _choices;

    /// <summary>Wraps choices keyed by scope path.</summary>
    public ScopeChoices(Dictionary<string, int> choices) : this(choices, ScopeCursor.Root) { }

    private ScopeChoices(Dictionary<string, int> choices, ScopeCursor cursor)
    {
        _choices = choices;
        Cursor = cursor;
    }

    /// <summary>The current scope.</summary>
    public ScopeCursor Cursor { get; }

    /// <summary>The choices, by scope path.</summary>
    public IReadOnlyDictionary<string, int> All => _choices;

    /// <summary>The chosen operation index of the mixed edge <paramref name="edge"/>.</summary>
    public int Get(string edge) => _choices.TryGetValue(Cursor.KeyFor(edge), out var index)
        ? index
        : throw new KeyNotFoundException($"No choice for scope '{Cursor.KeyFor(edge)}'.");

    /// <summary>Sets the chosen operation index of the mixed edge <paramref name="edge"/>.</summary>
    /// <exception cref="ArgumentException">Another placement of a cell that shares its weights already chose a
    /// different operation for the same scope: such a genotype cannot be saved or searched.</exception>
    public void Set(string edge, int index)
    {
        var key = Cursor.KeyFor(edge);
        if (_choices.TryGetValue(key, out var chosen) && chosen != index)
            throw new ArgumentException(
                $"Scope '{key}' is shared by several placements of a cell with ShareWeights = true, and the genotype chooses different operations for them (#{chosen} and #{index}); give every placement the same choice.",
                nameof(index));
        _choices[key] = index;
    }

    /// <summary>The choices of a cell placed at <paramref name="placement"/>.</summary>
    public ScopeChoices Enter(string placement, string cellName, bool shareWeights) =>
        new(_choices, Cursor.Enter(placement, cellName, shareWeights));
}
