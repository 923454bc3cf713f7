namespace NasDsl;

/// <summary>
/// Where a walk over a search space stands: the scope path of the current cell placement. Keys of mixed
/// edges follow the placement path, except inside a cell that shares weights, where they start at the
/// cell's name so every placement maps to the same architecture weights.
/// </summary>
public readonly record struct ScopeCursor(string Path)
{
    /// <summary>The root of a search space.</summary>
    public static ScopeCursor Root => new(string.Empty);

    /// <summary>The key of an edge or node in this scope, e.g. <c>Act.U1</c>.</summary>
    public string KeyFor(string name) => string.IsNullOrEmpty(Path) ? name : $"{Path}.{name}";

    /// <summary>The scope of a cell placed at <paramref name="placement"/>.</summary>
    public ScopeCursor Enter(string placement, string cellName, bool shareWeights) =>
        new(shareWeights ? cellName : KeyFor(placement));
}
