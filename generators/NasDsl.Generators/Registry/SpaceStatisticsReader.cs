using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Threading;
using Microsoft.CodeAnalysis;
using NasDsl.Generators.Helpers;
using NasDsl.Generators.Parsing;

namespace NasDsl.Generators.Registry;

/// <summary>
/// Counts a search space's scopes, mixed edges and discrete architectures from its symbols, walking placed cells the way
/// the runtime's ScopeCollector does (a cell that shares weights keys its scopes by its own name, so they count once).
/// Op sets and cells may come from referenced assemblies, so counts are read from attributes, which metadata keeps.
/// Wiring mistakes are the parser's to report: a space this cannot read is skipped.
/// </summary>
internal static class SpaceStatisticsReader
{
    public static SpaceStatisticsModel? Read(INamedTypeSymbol space, CancellationToken token)
    {
        var scopes = new List<ScopeCount>();
        var edges = new List<EdgeCount>();
        var seen = new HashSet<string>();
        if (!Walk(space, "", "", scopes, edges, seen, new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default), token)) return null;
        var architectures = scopes.Aggregate(BigInteger.One, (product, scope) => product * scope.Candidates);
        return new SpaceStatisticsModel(space.ToTypeLocation(), architectures.ToString(CultureInfo.InvariantCulture), scopes.ToEquatableArray(), edges.ToEquatableArray());
    }

    private static bool Walk(INamedTypeSymbol cell, string placement, string scopePath, List<ScopeCount> scopes, List<EdgeCount> edges, HashSet<string> seen,
        HashSet<INamedTypeSymbol> enclosing, CancellationToken token)
    {
        // A cell that places itself is NAS010; stop rather than recurse forever.
        if (!enclosing.Add(cell)) return false;
        foreach (var (property, attributes) in InTopologicalOrder(cell))
        {
            token.ThrowIfCancellationRequested();
            if (property.Type is INamedTypeSymbol placed && placed.FindAttribute(KnownTypeNames.CellAttribute) is { } cellAttribute)
            {
                var shares = cellAttribute.NamedArguments.Any(a => a.Key == "ShareWeights" && a.Value.Value is true);
                // [Repeat(n)] places the cell n times, at Name.0 … Name.{n-1} (NAS020 reports n < 1).
                var repeat = property.FindAttribute(KnownTypeNames.RepeatAttribute) is { } repeatAttribute
                    ? repeatAttribute.ConstructorArguments.FirstOrDefault().Value as int? : null;
                if (repeat is < 1) return false;
                var names = repeat is int count
                    ? Enumerable.Range(0, count).Select(i => Key(property.Name, i.ToString(CultureInfo.InvariantCulture)))
                    : new[] { property.Name };
                foreach (var name in names)
                    if (!Walk(placed, Key(placement, name), shares ? placed.Name : Key(scopePath, name), scopes, edges, seen, enclosing, token)) return false;
                continue;
            }
            foreach (var attribute in attributes)
            {
                if (attribute.NamedArguments.FirstOrDefault(a => a.Key == "Ops").Value.Value is not INamedTypeSymbol opSet) continue;
                var candidates = opSet.GetMembers().Count(m => PrimitiveRules.ArityOf(m) is not null && !m.IsImplicitlyDeclared);
                if (candidates == 0) return false;
                // An edge's name is its target, or TargetFromSources when the node has several edges (as the parser names it).
                var edge = attributes.Count == 1 ? property.Name : property.Name + "From" + string.Concat(Sources(attribute));
                var scope = Key(scopePath, edge);
                edges.Add(new EdgeCount(Key(placement, edge), scope, opSet.Name, candidates));
                if (seen.Add(scope)) scopes.Add(new ScopeCount(scope, opSet.Name, candidates));
            }
        }
        enclosing.Remove(cell);
        return true;
    }

    /// <summary>Node properties with their [Edge]s, sources before targets, declaration order breaking ties.</summary>
    private static List<(IPropertySymbol Property, List<AttributeData> Edges)> InTopologicalOrder(INamedTypeSymbol cell)
    {
        var nodes = cell.GetMembers().OfType<IPropertySymbol>()
            .Select(p => (Property: p, Edges: p.FindAttributes(KnownTypeNames.EdgeAttribute).ToList()))
            .Where(n => n.Edges.Count > 0 || n.Property.HasAttribute(KnownTypeNames.InputAttribute))
            .ToList();
        var names = new HashSet<string>(nodes.Select(n => n.Property.Name));
        var done = new HashSet<string>();
        var ordered = new List<(IPropertySymbol, List<AttributeData>)>();
        while (ordered.Count < nodes.Count)
        {
            var next = nodes.FirstOrDefault(n => !done.Contains(n.Property.Name)
                && n.Edges.SelectMany(Sources).All(s => done.Contains(s) || !names.Contains(s)));
            if (next.Property is null) break; // a cycle (NAS003): the parser reports it
            done.Add(next.Property.Name);
            ordered.Add(next);
        }
        return ordered;
    }

    private static IEnumerable<string> Sources(AttributeData edge) =>
        edge.ConstructorArguments.Length == 1 && edge.ConstructorArguments[0] is { Kind: TypedConstantKind.Array, IsNull: false } array
            ? array.Values.Select(v => v.Value as string ?? "")
            : Enumerable.Empty<string>();

    private static string Key(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
