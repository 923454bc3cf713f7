using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Helpers;
using NasDsl.Generators.Model;
using NasDsl.Generators.Parsing;

namespace NasDsl.Generators.Validation;

/// <summary>A cell's nodes under validation; collects diagnostics and, when the wiring is sound, its topological order.</summary>
internal sealed class WiringContext(
    INamedTypeSymbol type,
    bool isSearchSpace,
    LocationInfo? typeLocation,
    List<NodeDeclaration> nodes,
    List<DiagnosticInfo> diagnostics,
    Dictionary<INamedTypeSymbol, bool> generatedCells)
{
    public INamedTypeSymbol Type { get; } = type;
    public string Name => Type.Name;
    public bool IsSearchSpace { get; } = isSearchSpace;
    public LocationInfo? TypeLocation { get; } = typeLocation;
    public List<NodeDeclaration> Nodes { get; } = nodes;
    public List<DiagnosticInfo> Diagnostics { get; } = diagnostics;
    public List<string> TopologicalOrder { get; set; } = new();

    /// <summary>Placed cells known to be generated in full (or not), shared by the nested checks of one transform.</summary>
    public Dictionary<INamedTypeSymbol, bool> GeneratedCells { get; } = generatedCells;

    /// <summary>Set when an edge uses an op set or cell that will not be generated in full; their own diagnostics say
    /// why, and this cell must not emit code that refers to what they lack.</summary>
    public bool UsesUnusableType { get; set; }

    public void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments) =>
        Diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
}

/// <summary>Checks a cell's wiring: inputs and output (NAS004, NAS015), incoming edges (NAS009), edge sources (NAS002),
/// operations (NAS012, NAS013, NAS005), nesting (NAS010), cycles (NAS003) and dead nodes (NAS008).</summary>
internal static class WiringValidator
{
    /// <summary>Returns true when code can be generated; warnings alone keep it true.</summary>
    public static bool Validate(WiringContext cell, CancellationToken token)
    {
        var errorsBefore = cell.Diagnostics.Count(d => d.Id != DiagnosticDescriptors.NodeDoesNotReachOutput.Id);
        CheckInputsAndOutput(cell);
        var names = new HashSet<string>(cell.Nodes.Select(n => n.Name));
        foreach (var node in cell.Nodes)
        {
            token.ThrowIfCancellationRequested();
            CheckIncomingEdges(cell, node);
            for (var i = 0; i < node.Edges.Count; i++)
                CheckEdge(cell, node, node.Edges[i], i, names, token);
        }
        var errors = cell.Diagnostics.Count(d => d.Id != DiagnosticDescriptors.NodeDoesNotReachOutput.Id);
        if (errors > errorsBefore || errorsBefore > 0 || cell.UsesUnusableType) return false;

        var order = GraphAlgorithms.TopologicalOrder(cell.Nodes, out var cycle);
        if (cycle is not null)
        {
            var closing = cycle[cycle.Count - 2];
            var first = cycle[cycle.Count - 1];
            var node = cell.Nodes.First(n => n.Name == first);
            var location = node.Edges.SelectMany(e => e.Sources).FirstOrDefault(s => s.Name == closing).Location ?? node.Location;
            cell.Report(DiagnosticDescriptors.WiringHasCycle, location, cell.Name, string.Join(" -> ", cycle));
            return false;
        }
        cell.TopologicalOrder = order;

        var output = cell.Nodes.First(n => n.OutputLocations.Count > 0);
        var live = GraphAlgorithms.ReachingOutput(cell.Nodes, output.Name);
        foreach (var node in cell.Nodes.Where(n => !live.Contains(n.Name)))
            cell.Report(DiagnosticDescriptors.NodeDoesNotReachOutput, node.Location, cell.Name, node.Name, output.Name);
        return true;
    }

    private static void CheckInputsAndOutput(WiringContext cell)
    {
        var inputs = cell.Nodes.Where(n => n.IsInput).ToList();
        var outputs = cell.Nodes.Where(n => n.OutputLocations.Count > 0).ToList();
        if (inputs.Count == 0)
            cell.Report(DiagnosticDescriptors.CellInputOutputInvalid, cell.TypeLocation, cell.Name,
                "has no [Input] node; mark the node(s) it receives with [Input], e.g. '[Input] public partial Node X { get; }'");
        if (outputs.Count == 0)
            cell.Report(DiagnosticDescriptors.CellInputOutputInvalid, cell.TypeLocation, cell.Name,
                "has no [Output] node; mark the node whose value it returns with [Output]");
        foreach (var extra in outputs.Skip(1))
            cell.Report(DiagnosticDescriptors.CellInputOutputInvalid, extra.OutputLocations[0], cell.Name,
                $"has more than one [Output] node ({string.Join(", ", outputs.Select(o => "'" + o.Name + "'"))}); a cell returns exactly one");
        foreach (var node in outputs.Where(o => o.OutputLocations.Count > 1))
            cell.Report(DiagnosticDescriptors.CellInputOutputInvalid, node.OutputLocations[1], cell.Name,
                $"'{node.Name}' is marked [Output] more than once");

        if (cell.IsSearchSpace && inputs.Count > 1)
            cell.Report(DiagnosticDescriptors.TooManyInputs, inputs[1].Location, cell.Name, inputs.Count,
                "a search space takes exactly one input (the batch of images); move the others into a [Cell]");
        else if (!cell.IsSearchSpace && inputs.Count > 2)
            cell.Report(DiagnosticDescriptors.TooManyInputs, inputs[2].Location, cell.Name, inputs.Count,
                "a cell takes one or two inputs");
    }

    private static void CheckIncomingEdges(WiringContext cell, NodeDeclaration node)
    {
        if (node.HasPropertyError) return;
        if (node.IsInput)
        {
            foreach (var edge in node.Edges)
                cell.Report(DiagnosticDescriptors.NodeIncomingEdgesInvalid, edge.Location, cell.Name, node.Name,
                    "an [Input] node receives its value from outside the cell and cannot have an [Edge]; remove the [Edge] or the [Input]");
        }
        else if (node.Edges.Count == 0)
        {
            cell.Report(DiagnosticDescriptors.NodeIncomingEdgesInvalid, node.Location, cell.Name, node.Name,
                "the node has no incoming edge; add an [Edge(nameof(Source), …)] or mark it [Input]");
        }
        else if (node.Kind == NodeKindModel.Cell && node.Edges.Count > 1)
        {
            cell.Report(DiagnosticDescriptors.NodeIncomingEdgesInvalid, node.Edges[1].Location, cell.Name, node.Name,
                "a cell placement takes exactly one [Edge], listing the cell's inputs in order");
        }
    }

    private static void CheckEdge(WiringContext cell, NodeDeclaration node, EdgeDeclaration edge, int index, HashSet<string> names, CancellationToken token)
    {
        if (node.IsInput) return;
        var ok = true;
        foreach (var (source, location) in edge.Sources)
        {
            if (names.Contains(source)) continue;
            cell.Report(DiagnosticDescriptors.EdgeSourceNotFound, location, cell.Name, node.Name, source);
            ok = false;
        }
        // No sources: reported once here; the arity checks below would only repeat it.
        if (edge.Sources.Count == 0)
        {
            cell.Report(DiagnosticDescriptors.EdgeArityMismatch, edge.Location, cell.Name, node.Name, 0, "an edge", "at least 1", "name its source node(s) with nameof()");
            ok = false;
        }

        var sources = edge.Sources.Count;
        EdgeKindModel kind;
        string operationFullName, operationName;
        var takesContext = false;
        var shareWeights = false;
        if (node.Kind == NodeKindModel.Cell)
        {
            var placed = node.CellType!;
            if (edge.HasOp || edge.HasOps)
            {
                cell.Report(DiagnosticDescriptors.EdgeOpAndOpsConflict, edge.OperationLocation, cell.Name, node.Name,
                    $"an edge that places cell '{placed.Name}' must give neither Op nor Ops; remove {(edge.HasOps ? "Ops" : "Op")}, or type the node as Node to apply an operation");
                return;
            }
            var inputs = placed.GetMembers().OfType<IPropertySymbol>().Count(p => p.HasAttribute(KnownTypeNames.InputAttribute));
            if (inputs > 0 && sources > 0 && inputs != sources)
            {
                cell.Report(DiagnosticDescriptors.EdgeArityMismatch, edge.Location, cell.Name, node.Name, sources, $"cell '{placed.Name}'", inputs, $"list one source per [Input] of '{placed.Name}', in order");
                ok = false;
            }
            var path = GraphAlgorithms.PathBackTo(placed, cell.Type);
            if (path is not null)
            {
                cell.Report(DiagnosticDescriptors.CellContainsItself, node.Location, cell.Name, node.Name, string.Join(" -> ", new[] { cell.Name }.Concat(path)));
                ok = false;
            }
            else if (!CellParser.IsGenerated(placed, cell.GeneratedCells, token))
            {
                // The placed cell's own diagnostics say why; its Network, Genotype and Formula will not exist.
                cell.UsesUnusableType = true;
                ok = false;
            }
            var attribute = placed.FindAttribute(KnownTypeNames.CellAttribute);
            shareWeights = attribute is not null && AttributeReader.Named<bool>(attribute, "ShareWeights");
            kind = EdgeKindModel.Cell;
            operationFullName = placed.FullName();
            operationName = placed.Name;
        }
        else if (edge.HasOp && edge.HasOps)
        {
            cell.Report(DiagnosticDescriptors.EdgeOpAndOpsConflict, edge.Location, cell.Name, node.Name,
                "the edge gives both Op and Ops; use Ops = typeof(SomeOpSet) for a searchable edge or Op = typeof(SomeModule) for a fixed one");
            return;
        }
        else if (!edge.HasOp && !edge.HasOps)
        {
            cell.Report(DiagnosticDescriptors.EdgeOpAndOpsConflict, edge.Location, cell.Name, node.Name,
                "the edge gives neither Op nor Ops; add Ops = typeof(SomeOpSet) for a searchable edge or Op = typeof(SomeModule) for a fixed one");
            return;
        }
        else if (edge.HasOps)
        {
            var opSet = edge.Ops!;
            if (!opSet.HasAttribute(KnownTypeNames.OpSetAttribute))
            {
                cell.Report(DiagnosticDescriptors.EdgeOpTypeInvalid, edge.OpsLocation, cell.Name, node.Name,
                    $"Ops = typeof({opSet.Name}) names a type that is not an [OpSet] class; mark '{opSet.Name}' [OpSet] or use Op for a fixed module");
                return;
            }
            if (OpSetParser.ArityOf(opSet) is int arity && sources > 0 && arity != sources)
            {
                cell.Report(DiagnosticDescriptors.EdgeArityMismatch, edge.OpsLocation, cell.Name, node.Name, sources, $"op set '{opSet.Name}'", arity, $"give it {arity} source(s) or use an op set of that arity");
                ok = false;
            }
            else if (OpSetParser.ArityOf(opSet) is null || !OpSetParser.IsGenerated(opSet, token))
            {
                // The op set's own diagnostics (NAS001, NAS006, NAS007, NAS011) say why; without its table this cell
                // cannot be generated either.
                cell.UsesUnusableType = true;
                ok = false;
            }
            kind = EdgeKindModel.Mixed;
            operationFullName = opSet.FullName();
            operationName = opSet.Name;
        }
        else
        {
            var module = edge.Op!;
            // typeof(Generic<>) is unbound: its base types come from the definition.
            var arity = (module.IsUnboundGenericType ? module.OriginalDefinition : module).ModuleArity();
            string? problem = null;
            if (module.HasAttribute(KnownTypeNames.OpSetAttribute))
                problem = $"Op = typeof({module.Name}) names an op set; use Ops = typeof({module.Name}) for a searchable edge";
            else if (arity == 0)
                problem = $"Op = typeof({module.Name}) names a type that is not a TorchSharp Module<Tensor, Tensor> (or Module<Tensor, Tensor, Tensor> for two sources)";
            else if (module.IsAbstract || module.IsUnboundGenericType || module.TypeKind != TypeKind.Class)
                problem = $"Op = typeof({module.Name}) names an abstract or open generic type; name a concrete module class";
            else if (PrimitiveRules.ConstructorKind(module) is not bool context)
                problem = $"Op = typeof({module.Name}) needs a public constructor taking a PrimitiveContext, or a parameterless one";
            else
                takesContext = context;
            if (problem is not null)
            {
                cell.Report(DiagnosticDescriptors.EdgeOpTypeInvalid, edge.OpLocation, cell.Name, node.Name, problem);
                return;
            }
            if (sources > 0 && arity != sources)
            {
                cell.Report(DiagnosticDescriptors.EdgeArityMismatch, edge.OpLocation, cell.Name, node.Name, sources, $"module '{module.Name}'", arity, $"give it {arity} source(s) or use a module of that arity");
                ok = false;
            }
            kind = EdgeKindModel.Fixed;
            operationFullName = module.FullName();
            operationName = module.Name;
        }

        if (!ok) return;
        var name = node.Edges.Count == 1 ? node.Name : node.Name + "From" + string.Concat(edge.Sources.Select(s => s.Name));
        if (node.EdgeModels.Any(e => e.Name == name)) name += index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        node.EdgeModels.Add(new EdgeModel(name, node.Name, edge.Sources.Select(s => s.Name).ToEquatableArray(), kind, operationFullName, operationName, takesContext, shareWeights));
    }
}
