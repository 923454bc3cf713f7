using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NasDsl.Generators.Helpers;
using NasDsl.Generators.Parsing;

namespace NasDsl.Generators.Validation;

internal static class GraphAlgorithms
{
    /// <summary>Repeatedly takes the first node, in declaration order, whose sources are all placed (cells have a few
    /// nodes, so the quadratic scan is cheap), which keeps the emitted code stable. On a cycle returns the nodes sorted
    /// so far and sets <paramref name="cycle"/> to a closed path like A, B, A.</summary>
    public static List<string> TopologicalOrder(IReadOnlyList<NodeDeclaration> nodes, out List<string>? cycle)
    {
        var order = new List<string>();
        var done = new HashSet<string>();
        while (order.Count < nodes.Count)
        {
            var next = nodes.FirstOrDefault(n => !done.Contains(n.Name) && n.Edges.SelectMany(e => e.Sources).All(s => done.Contains(s.Name)));
            if (next is null) break;
            done.Add(next.Name);
            order.Add(next.Name);
        }
        cycle = order.Count == nodes.Count ? null : FindCycle(nodes, done);
        return order;
    }

    private static List<string> FindCycle(IReadOnlyList<NodeDeclaration> nodes, HashSet<string> done)
    {
        var byName = nodes.ToDictionary(n => n.Name);
        // Every unsorted node waits on another unsorted node; walking those links must revisit a node.
        var start = nodes.First(n => !done.Contains(n.Name));
        var path = new List<string>();
        var seen = new Dictionary<string, int>();
        var current = start.Name;
        while (!seen.ContainsKey(current))
        {
            seen[current] = path.Count;
            path.Add(current);
            current = byName[current].Edges.SelectMany(e => e.Sources).First(s => !done.Contains(s.Name)).Name;
        }
        // The walk follows edges backwards (node → its source); reverse it to read in data-flow order.
        var loop = path.Skip(seen[current]).Reverse().ToList();
        loop.Add(loop[0]);
        return loop;
    }

    /// <summary>The nodes from which the output can be reached (the output included).</summary>
    public static HashSet<string> ReachingOutput(IReadOnlyList<NodeDeclaration> nodes, string output)
    {
        var byName = nodes.ToDictionary(n => n.Name);
        var live = new HashSet<string> { output };
        var stack = new Stack<string>(live);
        while (stack.Count > 0)
            foreach (var (source, _) in byName[stack.Pop()].Edges.SelectMany(e => e.Sources))
                if (byName.ContainsKey(source) && live.Add(source)) stack.Push(source);
        return live;
    }

    /// <summary>When <paramref name="placed"/> contains <paramref name="container"/> (directly or through other cells),
    /// the chain of cell names from <paramref name="placed"/> to <paramref name="container"/>; else null.</summary>
    public static List<string>? PathBackTo(INamedTypeSymbol placed, INamedTypeSymbol container)
    {
        var visited = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        return Walk(placed);

        List<string>? Walk(INamedTypeSymbol cell)
        {
            if (SymbolEqualityComparer.Default.Equals(cell, container)) return new List<string> { cell.Name };
            if (!visited.Add(cell)) return null;
            foreach (var property in cell.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.Type is not INamedTypeSymbol inner || !inner.HasAttribute(KnownTypeNames.CellAttribute) && !inner.HasAttribute(KnownTypeNames.SearchSpaceAttribute)) continue;
                if (!property.HasAttribute(KnownTypeNames.EdgeAttribute)) continue;
                var rest = Walk(inner);
                if (rest is not null)
                {
                    rest.Insert(0, cell.Name);
                    return rest;
                }
            }
            return null;
        }
    }
}
