using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Helpers;
using NasDsl.Generators.Model;
using NasDsl.Generators.Validation;

namespace NasDsl.Generators.Parsing;

/// <summary>A [Cell] or [SearchSpace] class: parse it into a <see cref="CellDeclaration"/>, validate its wiring, build its
/// <see cref="CellModel"/>.</summary>
internal static class CellParser
{
    public static ParseResult<CellModel> Parse(INamedTypeSymbol type, TypeDeclarationSyntax syntax, bool isSearchSpace, CancellationToken token) =>
        Parse(type, syntax, isSearchSpace, new ParseSession(token));

    public static string AttributeOf(bool isSearchSpace) => isSearchSpace ? KnownTypeNames.SearchSpaceAttribute : KnownTypeNames.CellAttribute;

    internal static ParseResult<CellModel> Parse(INamedTypeSymbol type, TypeDeclarationSyntax syntax, bool isSearchSpace, ParseSession session)
    {
        if (!IsGeneratedHere(type, syntax, isSearchSpace, session.Token)) return new ParseResult<CellModel>(null, EquatableArray<DiagnosticInfo>.Empty);
        var attributeName = isSearchSpace ? "SearchSpace" : "Cell";
        if (TypeShapeRules.Problem(type, syntax, attributeName) is { } shape) return new ParseResult<CellModel>(null, new[] { shape }.ToEquatableArray());
        if (!syntax.IsPartial())
            return new ParseResult<CellModel>(null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.TypeMustBePartial, syntax.Identifier.GetLocation(), type.Name, attributeName) }.ToEquatableArray());

        session.BeginCell(type);
        // A clash leaves the model invalid without a surface, so only node properties are emitted and the NAS017 is all the
        // user sees: the surface would repeat the clashing name.
        var diagnostics = ReservedNames.Check(type, attributeName).ToList();
        var clashes = diagnostics.Count > 0;
        var cellAttribute = type.FindAttribute(KnownTypeNames.CellAttribute);
        var declaration = new CellDeclaration(
            type.ToTypeLocation(),
            isSearchSpace,
            cellAttribute is not null && AttributeReader.Named<bool>(cellAttribute, "ShareWeights"),
            syntax.Identifier.GetLocation(),
            ReadNodes(type, diagnostics, session),
            HasReadErrors: false);
        declaration = declaration with { HasReadErrors = diagnostics.Count > 0 };

        var validation = WiringValidator.Validate(declaration, session.Token);
        diagnostics.AddRange(validation.Diagnostics);
        var model = CellModelBuilder.Build(declaration, validation.TopologicalOrder, CanAliasTensor(type), hasSurface: !clashes,
            declaresBaselines: isSearchSpace && type.AllInterfaces.Any(i => i.OriginalDefinition.MetadataFullName() == KnownTypeNames.SearchSpaceBaselines));
        return new ParseResult<CellModel>(model, diagnostics.ToEquatableArray());
    }

    /// <summary>Whether this declaration's transform builds the type: the first declaration carrying the attribute, of a
    /// named, non-generic type. A type is generated once, as the first of op set, search space and cell it is marked.</summary>
    private static bool IsGeneratedHere(INamedTypeSymbol type, TypeDeclarationSyntax syntax, bool isSearchSpace, CancellationToken token) =>
        !syntax.Identifier.IsMissing
        && !type.HasAttribute(KnownTypeNames.OpSetAttribute)
        && (isSearchSpace || !type.HasAttribute(KnownTypeNames.SearchSpaceAttribute))
        && type.PrimaryDeclaration(AttributeOf(isSearchSpace), token).IsSameNode(syntax);

    private static ImmutableArray<NodeDeclaration> ReadNodes(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, ParseSession session)
    {
        var nodes = ImmutableArray.CreateBuilder<NodeDeclaration>();
        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
        {
            session.Token.ThrowIfCancellationRequested();
            var input = property.FindAttribute(KnownTypeNames.InputAttribute);
            var outputs = property.FindAttributes(KnownTypeNames.OutputAttribute).ToList();
            var edges = property.FindAttributes(KnownTypeNames.EdgeAttribute).ToList();
            if (input is null && outputs.Count == 0 && edges.Count == 0) continue;
            // The implementation part of a partial property repeats nothing: only the definition carries attributes.
            if (property.PartialDefinitionPart is not null) continue;
            // Two members of one name (CS0102, or half-typed code): the first is the node; graph code keys nodes by name.
            if (nodes.Any(n => n.Name == property.Name)) continue;

            var location = property.IdentifierLocation();
            var accessibility = property.Accessibility();
            var node = new NodeDeclaration(
                property.Name, location, NodeKindModel.Operation, input is not null,
                outputs.Select(o => o.Syntax()?.GetLocation()).ToImmutableArray(), accessibility,
                "global::" + KnownTypeNames.Node, IsImplemented: false, HasPropertyError: true, ImmutableArray<EdgeDeclaration>.Empty);

            DiagnosticInfo? problem = null;
            INamedTypeSymbol? placed = null;
            if (!property.IsPartialDefinition || property.SetMethod is not null || property.GetMethod is null || property.IsStatic)
                problem = DiagnosticInfo.Create(DiagnosticDescriptors.NodeNotGetterOnlyPartial, location, type.Name, property.Name, accessibility);
            else if (property.Type.ToDisplayString() == KnownTypeNames.Node)
                node = node with { Kind = node.IsInput ? NodeKindModel.Input : NodeKindModel.Operation };
            else if (property.Type is INamedTypeSymbol cell && cell.HasAttribute(KnownTypeNames.CellAttribute) && !node.IsInput)
                (node, placed) = (node with { Kind = NodeKindModel.Cell, TypeFullName = cell.FullName() }, cell);
            else if (property.Type.TypeKind != TypeKind.Error)
                problem = DiagnosticInfo.Create(node.IsInput ? DiagnosticDescriptors.InputNotANode : DiagnosticDescriptors.NodeTypeInvalid,
                    location, type.Name, property.Name, property.Type.ToDisplayString());
            else
                // Half-typed code: the compiler already reports the unknown type.
                problem = DiagnosticInfo.Create(DiagnosticDescriptors.NodeTypeUnresolved, location, type.Name, property.Name, property.Type.ToDisplayString());
            if (problem is not null)
            {
                // [Repeat] has no meaning on a node the generator does not implement; its own NAS014 is what counts.
                diagnostics.Add(problem);
                nodes.Add(node);
                continue;
            }

            var read = edges.Select(AttributeReader.ReadEdge).ToList();
            var resolved = read.Where(e => e is not null)
                .Select(e => new EdgeDeclaration(e!.Sources, e.Location, OperationResolver.Resolve(e, placed, type, session)))
                .ToImmutableArray();
            // Some [Edge] did not bind (missing type, wrong argument type): the compiler says why; emit nothing more.
            var bound = resolved.Length == edges.Count;
            if (!bound) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EdgeDoesNotBind, location, type.Name, property.Name));
            nodes.Add(node with { IsImplemented = true, HasPropertyError = !bound, Edges = resolved, Repeat = ReadRepeat(property) });
        }
        return nodes.ToImmutable();
    }

    /// <summary>
    /// Generated files alias TorchSharp's tensor as <c>Tensor</c>, which reads as hand-written TorchSharp does. A type
    /// or member of that name in the cell, its base or containing types, or its namespaces would win over the alias, so
    /// there the full name is used.
    /// </summary>
    private static bool CanAliasTensor(INamedTypeSymbol type)
    {
        const string alias = "Tensor";
        for (var scope = type; scope is not null; scope = scope.ContainingType)
            for (var inherited = scope; inherited is not null; inherited = inherited.BaseType)
                if (inherited.GetMembers(alias).Length > 0) return false;
        for (var space = type.ContainingNamespace; space is not null; space = space.ContainingNamespace)
            if (space.GetMembers(alias).Any()) return false;
        return true;
    }

    private static RepeatDeclaration? ReadRepeat(IPropertySymbol property)
    {
        var attribute = property.FindAttribute(KnownTypeNames.RepeatAttribute);
        // Without a bound int count the compiler reports the attribute; the node is treated as placed once.
        if (attribute is null || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int count) return null;
        var syntax = attribute.Syntax();
        return new RepeatDeclaration(count, syntax?.GetLocation(), syntax?.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation());
    }
}
