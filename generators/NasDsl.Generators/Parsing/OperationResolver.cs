using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using NasDsl.Generators.Helpers;
using NasDsl.Generators.Model;
using NasDsl.Generators.Validation;

namespace NasDsl.Generators.Parsing;

/// <summary>Resolves what an [Edge] applies, once, from its symbols: an op set, a fixed module or a placed cell.</summary>
internal static class OperationResolver
{
    public static ResolvedOperation Resolve(EdgeArguments edge, INamedTypeSymbol? placedCell, INamedTypeSymbol container, ParseSession session)
    {
        if (placedCell is not null) return Placement(edge, placedCell, container, session);
        if (edge.HasOp && edge.HasOps) return ResolvedOperation.Invalid(OperationProblem.BothOpAndOps, edge.Location);
        if (!edge.HasOp && !edge.HasOps) return ResolvedOperation.Invalid(OperationProblem.NeitherOpNorOps, edge.Location);
        if (edge.HasOps && edge.Args is not null) return ArgsWithoutFixedOp(edge, "a searchable edge");
        return edge.HasOps ? OpSet(edge.Ops!, edge.OpsLocation, session) : Module(edge);
    }

    private static ResolvedOperation Placement(EdgeArguments edge, INamedTypeSymbol placed, INamedTypeSymbol container, ParseSession session)
    {
        if (edge.HasOp || edge.HasOps)
            return ResolvedOperation.Invalid(OperationProblem.PlacementWithOperation, edge.OperationLocation, placed.Name)
                with { ConflictingArgument = edge.HasOps ? "Ops" : "Op" };
        if (edge.Args is not null) return ArgsWithoutFixedOp(edge, $"a placement of cell '{placed.Name}'");
        var inputs = placed.GetMembers().OfType<IPropertySymbol>().Count(p => p.HasAttribute(KnownTypeNames.InputAttribute));
        var path = GraphAlgorithms.PathBackTo(placed, container);
        var attribute = placed.FindAttribute(KnownTypeNames.CellAttribute);
        return new ResolvedOperation(
            EdgeKindModel.Cell, placed.Name, placed.FullName(), inputs > 0 ? inputs : null, edge.Location,
            // A cell that contains its container is reported there (NAS010); parsing it would only loop back.
            IsGenerated: path is not null || session.IsCellGenerated(placed),
            IsEmitted: path is not null || session.IsCellEmitted(placed),
            ShareWeights: attribute is not null && AttributeReader.Named<bool>(attribute, "ShareWeights"),
            ContainmentPath: path?.ToImmutableArray() ?? ImmutableArray<string>.Empty);
    }

    private static ResolvedOperation OpSet(INamedTypeSymbol opSet, Location? location, ParseSession session)
    {
        if (!opSet.HasAttribute(KnownTypeNames.OpSetAttribute)) return ResolvedOperation.Invalid(OperationProblem.OpsIsNotAnOpSet, location, opSet.Name);
        var arity = OpSetParser.ArityOf(opSet);
        return new ResolvedOperation(EdgeKindModel.Mixed, opSet.Name, opSet.FullName(), arity, location,
            IsGenerated: arity is not null && session.IsOpSetGenerated(opSet));
    }

    private static ResolvedOperation ArgsWithoutFixedOp(EdgeArguments edge, string what) =>
        ResolvedOperation.Invalid(OperationProblem.ArgsWithoutFixedOp, edge.ArgsLocation ?? edge.Location) with { Detail = ImmutableArray.Create(what) };

    private static ResolvedOperation Module(EdgeArguments edge)
    {
        var module = edge.Op!;
        // typeof(Generic<>) is unbound: its base types come from the definition.
        var arity = (module.IsUnboundGenericType ? module.OriginalDefinition : module).ModuleArity();
        var problem = module.HasAttribute(KnownTypeNames.OpSetAttribute) ? OperationProblem.OpIsAnOpSet
            : arity == 0 ? OperationProblem.OpIsNotAModule
            : module.IsAbstract || module.IsUnboundGenericType || module.TypeKind != TypeKind.Class ? OperationProblem.OpIsNotConcrete
            : OperationProblem.None;
        if (problem != OperationProblem.None) return ResolvedOperation.Invalid(problem, edge.OpLocation, module.Name);

        var constructor = ConstructorMatcher.Match(module, edge.Args ?? ImmutableArray<TypedConstant>.Empty);
        if (constructor is null && edge.Args is { } args)
            return ResolvedOperation.Invalid(OperationProblem.ArgsMatchNoConstructor, edge.ArgsLocation, module.Name)
                with { Detail = ImmutableArray.Create(ConstructorMatcher.DescribeArgs(args), ConstructorMatcher.Describe(module)) };
        if (constructor is null) return ResolvedOperation.Invalid(OperationProblem.OpHasNoUsableConstructor, edge.OpLocation, module.Name);
        return new ResolvedOperation(EdgeKindModel.Fixed, module.Name, module.FullName(), arity, edge.OpLocation,
            TakesContext: constructor.TakesContext, ConstructorArguments: constructor.Arguments);
    }
}
