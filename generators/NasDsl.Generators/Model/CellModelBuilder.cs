using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using NasDsl.Generators.Helpers;
using NasDsl.Generators.Parsing;

namespace NasDsl.Generators.Model;

/// <summary>Builds the emitted model of a parsed and validated cell, in one place.</summary>
internal static class CellModelBuilder
{
    /// <param name="topologicalOrder">The nodes in order when validation allows code to be generated; null emits only the
    /// node properties (<see cref="CellModel.IsValid"/> false), so the user sees the NAS diagnostics, not follow-on errors.</param>
    /// <param name="aliasesTensor">Generated code may name TorchSharp's tensor <c>Tensor</c> through a file alias: nothing
    /// in the cell's scope has that name.</param>
    /// <param name="hasSurface">An invalid cell gets its public surface (members that throw); false where one of its own
    /// members already has a generated member's name (NAS017).</param>
    /// <param name="declaresBaselines">The space implements <c>ISearchSpaceBaselines</c>.</param>
    public static CellModel Build(CellDeclaration cell, ImmutableArray<string>? topologicalOrder, bool aliasesTensor, bool hasSurface,
        bool declaresBaselines)
    {
        var valid = topologicalOrder is not null;
        var order = topologicalOrder ?? cell.Nodes.Select(n => n.Name).ToImmutableArray();
        var byName = cell.Nodes.ToDictionary(n => n.Name);
        return new CellModel(
            cell.Type,
            cell.IsSearchSpace,
            cell.ShareWeights,
            valid,
            cell.Nodes.Where(n => n.IsImplemented).Select(n => new NodeModel(n.Name, n.Kind, n.Accessibility, n.TypeFullName, ViewPath(n))).ToEquatableArray(),
            cell.Nodes.Where(n => n.IsInput).Select(n => n.Name).ToEquatableArray(),
            cell.Nodes.FirstOrDefault(n => n.IsOutput)?.Name ?? string.Empty,
            order.ToEquatableArray(),
            valid ? order.SelectMany(name => EdgesOf(byName[name])).ToEquatableArray() : SurfaceEdges(cell).ToEquatableArray(),
            aliasesTensor,
            valid || hasSurface,
            declaresBaselines);
    }

    /// <summary>For an invalid cell, the searchable edges and placements whose op set or cell has a genotype to name, so
    /// its surface genotype keeps the properties user code refers to.</summary>
    private static IEnumerable<EdgeModel> SurfaceEdges(CellDeclaration cell) =>
        cell.Nodes.Where(n => n.IsImplemented && !n.IsInput && n.Edges.All(Named)).SelectMany(EdgesOf).Where(e => e.Kind != EdgeKindModel.Fixed);

    private static bool Named(EdgeDeclaration edge) => edge.Operation.Problem == OperationProblem.None && edge.Operation.Kind switch
    {
        EdgeKindModel.Mixed => edge.Operation.IsGenerated,
        // A cell inside itself would give its genotype a property of its own type (NAS010 says so already).
        EdgeKindModel.Cell => edge.Operation.IsEmitted && edge.Operation.ContainmentPath.IsDefaultOrEmpty,
        _ => true,
    };

    private static int RepeatOf(NodeDeclaration node) => node.Repeat is { Count: > 1 } repeat && node.Kind == NodeKindModel.Cell ? repeat.Count : 1;

    private static string ViewPath(NodeDeclaration node) => RepeatOf(node) > 1 ? node.Name + ".0" : node.Name;

    private static IEnumerable<EdgeModel> EdgesOf(NodeDeclaration node)
    {
        var names = new HashSet<string>();
        for (var i = 0; i < node.Edges.Length; i++)
        {
            var edge = node.Edges[i];
            // A node with several edges sums them: each edge is named after its sources, then its position if repeated.
            var name = node.Edges.Length == 1 ? node.Name : node.Name + "From" + string.Concat(edge.Sources.Select(s => s.Name));
            if (!names.Add(name)) name += i.ToString(CultureInfo.InvariantCulture);
            var operation = edge.Operation;
            yield return new EdgeModel(name, node.Name, edge.Sources.Select(s => s.Name).ToEquatableArray(), operation.Kind,
                operation.FullName, operation.Name, operation.TakesContext, operation.ShareWeights,
                operation.ConstructorArguments.IsDefault ? EquatableArray<string>.Empty : operation.ConstructorArguments.ToEquatableArray(),
                RepeatOf(node));
        }
    }
}
