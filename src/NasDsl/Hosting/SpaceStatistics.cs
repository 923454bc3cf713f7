using System.Globalization;
using System.Numerics;

namespace NasDsl;

/// <summary>
/// What a search space is, counted by the generator at compile time: how many discrete networks it holds, how many
/// architecture weights (alphas) a search learns, and how many candidates each mixed edge chooses among.
/// </summary>
/// <param name="Architectures">The number of discrete networks: the product of every scope's candidate count (placements
/// of a cell that shares its weights choose together, so they count once).</param>
/// <param name="Scopes">Every architecture-weight scope in topological order, with its alpha count.</param>
/// <param name="Edges">Every mixed edge of every placement in topological order, with its candidate count.</param>
public sealed record SpaceStatistics(BigInteger Architectures, IReadOnlyList<ScopeStatistics> Scopes, IReadOnlyList<EdgeStatistics> Edges)
{
    /// <summary>The architecture weights a search learns, over all scopes.</summary>
    public int Alphas => Scopes.Sum(s => s.Alphas);

    /// <summary>One line, e.g. <c>9,529,569 architectures; 6 scopes, 98 alphas; 6 mixed edges</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Architectures:N0} architecture{(Architectures == 1 ? "" : "s")}; {Scopes.Count} scope{(Scopes.Count == 1 ? "" : "s")}, {Alphas} alphas; {Edges.Count} mixed edge{(Edges.Count == 1 ? "" : "s")}");
}

/// <summary>One architecture-weight scope: a vector of <paramref name="Alphas"/> weights.</summary>
/// <param name="Path">The scope path, as in <see cref="ScopeInfo.Path"/>.</param>
/// <param name="OpSet">The op set's name.</param>
/// <param name="Alphas">The number of candidates, one alpha each.</param>
public sealed record ScopeStatistics(string Path, string OpSet, int Alphas);

/// <summary>One mixed edge of one placement.</summary>
/// <param name="Path">The edge's placement path, e.g. <c>First.A</c>.</param>
/// <param name="Scope">The scope whose alphas it uses; differs from <paramref name="Path"/> inside a cell that shares weights.</param>
/// <param name="OpSet">The op set's name.</param>
/// <param name="Candidates">The number of candidate operations.</param>
public sealed record EdgeStatistics(string Path, string Scope, string OpSet, int Candidates);
