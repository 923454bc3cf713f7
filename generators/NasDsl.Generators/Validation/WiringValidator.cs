using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Model;
using NasDsl.Generators.Parsing;

namespace NasDsl.Generators.Validation;

/// <summary>What validation found: the diagnostics, and whether code can be generated (with the nodes in topological
/// order) — warnings alone keep it possible.</summary>
internal sealed record ValidationResult(ImmutableArray<DiagnosticInfo> Diagnostics, ImmutableArray<string>? TopologicalOrder);

/// <summary>Checks a parsed cell's wiring: inputs and output (NAS004, NAS015), incoming edges (NAS009), edge sources
/// (NAS002), operations (NAS012, NAS013, NAS005), nesting (NAS010), cycles (NAS003) and dead nodes (NAS008). It only
/// reads the declaration; <see cref="CellModelBuilder"/> builds the model.</summary>
internal static class WiringValidator
{
    public static ValidationResult Validate(CellDeclaration cell, CancellationToken token)
    {
        var diagnostics = new List<DiagnosticInfo>();
        void Report(DiagnosticDescriptor descriptor, Location? location, params object[] arguments) =>
            diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));

        CheckInputsAndOutput(cell, Report);
        var names = new HashSet<string>(cell.Nodes.Select(n => n.Name));
        var usesUnusableType = false;
        foreach (var node in cell.Nodes)
        {
            token.ThrowIfCancellationRequested();
            CheckIncomingEdges(cell, node, Report);
            CheckRepeat(cell, node, Report);
            if (node.IsInput) continue;
            foreach (var edge in node.Edges)
                usesUnusableType |= !CheckEdge(cell, node, edge, names, Report);
        }
        // An op set or cell that will not be generated in full has diagnostics of its own; this cell must not emit code
        // that refers to what it lacks.
        if (cell.HasReadErrors || diagnostics.Count > 0 || usesUnusableType) return new ValidationResult(diagnostics.ToImmutableArray(), null);

        var order = GraphAlgorithms.TopologicalOrder(cell.Nodes, out var cycle);
        if (cycle is not null)
        {
            var closing = cycle[cycle.Count - 2];
            var node = cell.Nodes.First(n => n.Name == cycle[cycle.Count - 1]);
            var location = node.Edges.SelectMany(e => e.Sources).FirstOrDefault(s => s.Name == closing)?.Location ?? node.Location;
            Report(DiagnosticDescriptors.WiringHasCycle, location, cell.Name, string.Join(" -> ", cycle));
            return new ValidationResult(diagnostics.ToImmutableArray(), null);
        }

        var output = cell.Nodes.First(n => n.IsOutput);
        var live = GraphAlgorithms.ReachingOutput(cell.Nodes, output.Name);
        foreach (var node in cell.Nodes.Where(n => !live.Contains(n.Name)))
            Report(DiagnosticDescriptors.NodeDoesNotReachOutput, node.Location, cell.Name, node.Name, output.Name);
        return new ValidationResult(diagnostics.ToImmutableArray(), order.ToImmutableArray());
    }

    private delegate void Reporter(DiagnosticDescriptor descriptor, Location? location, params object[] arguments);

    private static void CheckInputsAndOutput(CellDeclaration cell, Reporter report)
    {
        var inputs = cell.Nodes.Where(n => n.IsInput).ToList();
        var outputs = cell.Nodes.Where(n => n.IsOutput).ToList();
        if (inputs.Count == 0) report(DiagnosticDescriptors.CellHasNoInput, cell.TypeLocation, cell.Name);
        if (outputs.Count == 0) report(DiagnosticDescriptors.CellHasNoOutput, cell.TypeLocation, cell.Name);
        foreach (var extra in outputs.Skip(1))
            report(DiagnosticDescriptors.CellHasSeveralOutputs, extra.OutputLocations[0], cell.Name, string.Join(", ", outputs.Select(o => "'" + o.Name + "'")));
        foreach (var node in outputs.Where(o => o.OutputLocations.Length > 1))
            report(DiagnosticDescriptors.OutputMarkedTwice, node.OutputLocations[1], cell.Name, node.Name);

        if (cell.IsSearchSpace && inputs.Count > 1)
            report(DiagnosticDescriptors.SearchSpaceHasSeveralInputs, inputs[1].Location, cell.Name, inputs.Count);
        else if (!cell.IsSearchSpace && inputs.Count > 2)
            report(DiagnosticDescriptors.CellHasTooManyInputs, inputs[2].Location, cell.Name, inputs.Count);
    }

    private static void CheckIncomingEdges(CellDeclaration cell, NodeDeclaration node, Reporter report)
    {
        if (node.HasPropertyError) return;
        if (node.IsInput)
            foreach (var edge in node.Edges)
                report(DiagnosticDescriptors.InputHasEdge, edge.Location, cell.Name, node.Name);
        else if (node.Edges.Length == 0)
            report(DiagnosticDescriptors.NodeHasNoEdge, node.Location, cell.Name, node.Name);
        else if (node.Kind == NodeKindModel.Cell && node.Edges.Length > 1)
            report(DiagnosticDescriptors.PlacementHasSeveralEdges, node.Edges[1].Location, cell.Name, node.Name);
    }

    private static void CheckRepeat(CellDeclaration cell, NodeDeclaration node, Reporter report)
    {
        if (node.Repeat is not { } repeat) return;
        if (node.Kind != NodeKindModel.Cell)
            report(DiagnosticDescriptors.RepeatWithoutPlacement, repeat.Location, cell.Name, node.Name);
        else if (repeat.Count < 1)
            report(DiagnosticDescriptors.RepeatCountInvalid, repeat.CountLocation ?? repeat.Location, cell.Name, node.Name, repeat.Count);
        else if (repeat.Count > 1 && node.Edges.Length == 1 && node.Edges[0].Operation is { Kind: EdgeKindModel.Cell, Arity: int inputs and not 1 } placed)
            report(DiagnosticDescriptors.RepeatedCellDoesNotChain, repeat.Location, cell.Name, node.Name, placed.Name, inputs);
        else if (repeat.Count > 1)
        {
            // Repetition i is generated as Name_i; a node of that name would be declared twice in the generated code.
            var repetitions = Enumerable.Range(0, repeat.Count).Select(i => $"{node.Name}_{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            if (cell.Nodes.FirstOrDefault(n => repetitions.Contains(n.Name)) is { } taken)
                report(DiagnosticDescriptors.RepetitionNameTaken, repeat.Location, cell.Name, node.Name, repeat.Count, repeat.Count - 1, taken.Name);
        }
    }

    /// <summary>Reports what is wrong with one edge; returns false when it uses an op set or cell that is not generated in
    /// full, which its own diagnostics explain.</summary>
    private static bool CheckEdge(CellDeclaration cell, NodeDeclaration node, EdgeDeclaration edge, HashSet<string> names, Reporter report)
    {
        foreach (var source in edge.Sources.Where(s => !names.Contains(s.Name)))
            report(DiagnosticDescriptors.EdgeSourceNotFound, source.Location, cell.Name, node.Name, source.Name);
        // No sources: reported once here; the arity checks below would only repeat it.
        if (edge.Sources.Length == 0) report(DiagnosticDescriptors.EdgeHasNoSources, edge.Location, cell.Name, node.Name);

        var operation = edge.Operation;
        if (operation.Problem != OperationProblem.None)
        {
            report(DescriptorFor(operation.Problem), operation.Location, ProblemArguments(cell, node, operation));
            return true;
        }
        var sources = edge.Sources.Length;
        if (operation.Arity is int arity && sources > 0 && arity != sources)
        {
            var descriptor = operation.Kind switch
            {
                EdgeKindModel.Mixed => DiagnosticDescriptors.OpSetArityMismatch,
                EdgeKindModel.Cell => DiagnosticDescriptors.PlacementArityMismatch,
                _ => DiagnosticDescriptors.ModuleArityMismatch,
            };
            report(descriptor, operation.Location, cell.Name, node.Name, sources, operation.Name, arity);
            if (operation.Kind != EdgeKindModel.Cell) return true;
        }
        if (!operation.ContainmentPath.IsDefaultOrEmpty)
        {
            report(DiagnosticDescriptors.CellContainsItself, node.Location, cell.Name, node.Name, string.Join(" -> ", new[] { cell.Name }.Concat(operation.ContainmentPath)));
            return true;
        }
        return operation.IsGenerated;
    }

    private static DiagnosticDescriptor DescriptorFor(OperationProblem problem) => problem switch
    {
        OperationProblem.NeitherOpNorOps => DiagnosticDescriptors.EdgeHasNoOperation,
        OperationProblem.BothOpAndOps => DiagnosticDescriptors.EdgeHasOpAndOps,
        OperationProblem.PlacementWithOperation => DiagnosticDescriptors.PlacementHasOperation,
        OperationProblem.OpsIsNotAnOpSet => DiagnosticDescriptors.OpsIsNotAnOpSet,
        OperationProblem.OpIsAnOpSet => DiagnosticDescriptors.OpIsAnOpSet,
        OperationProblem.OpIsNotAModule => DiagnosticDescriptors.OpIsNotAModule,
        OperationProblem.OpIsNotConcrete => DiagnosticDescriptors.OpIsNotConcrete,
        OperationProblem.ArgsMatchNoConstructor => DiagnosticDescriptors.ArgsMatchNoConstructor,
        OperationProblem.ArgsWithoutFixedOp => DiagnosticDescriptors.ArgsWithoutFixedOp,
        _ => DiagnosticDescriptors.OpHasNoUsableConstructor,
    };

    private static object[] ProblemArguments(CellDeclaration cell, NodeDeclaration node, ResolvedOperation operation) => operation.Problem switch
    {
        OperationProblem.NeitherOpNorOps or OperationProblem.BothOpAndOps => [cell.Name, node.Name],
        OperationProblem.PlacementWithOperation => [cell.Name, node.Name, operation.Name, operation.ConflictingArgument],
        OperationProblem.ArgsMatchNoConstructor => [cell.Name, node.Name, operation.Name, operation.Detail[0], operation.Detail[1]],
        OperationProblem.ArgsWithoutFixedOp => [cell.Name, node.Name, operation.Detail[0]],
        _ => [cell.Name, node.Name, operation.Name],
    };
}
