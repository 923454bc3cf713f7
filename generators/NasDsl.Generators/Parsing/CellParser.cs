using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Helpers;
using NasDsl.Generators.Model;
using NasDsl.Generators.Validation;

namespace NasDsl.Generators.Parsing;

/// <summary>A node property as written, with the locations diagnostics point at.</summary>
internal sealed class NodeDeclaration
{
    public NodeDeclaration(string name, LocationInfo? location) => (Name, Location) = (name, location);

    public string Name { get; }
    public LocationInfo? Location { get; }
    public NodeKindModel Kind { get; set; }
    public bool IsInput { get; set; }
    public List<LocationInfo?> OutputLocations { get; } = new();
    public INamedTypeSymbol? CellType { get; set; }
    public string Accessibility { get; set; } = "public";
    public string TypeFullName { get; set; } = "global::" + KnownTypeNames.Node;
    public List<EdgeDeclaration> Edges { get; } = new();

    /// <summary>False when the property is not a getter-only instance partial definition of type Node or a cell: the
    /// generator does not implement it, so its NAS014 is not followed by errors in generated code.</summary>
    public bool IsImplemented { get; set; } = true;

    /// <summary>NAS014 was reported for the node; checks that would only repeat it (NAS009) leave it alone.</summary>
    public bool HasPropertyError { get; set; }
    public List<EdgeModel> EdgeModels { get; } = new();
}

/// <summary>Reads a [Cell] or [SearchSpace] class, checks its wiring and builds a <see cref="CellModel"/>.</summary>
internal static class CellParser
{
    public static ParseResult<CellModel> Parse(INamedTypeSymbol type, TypeDeclarationSyntax syntax, bool isSearchSpace, CancellationToken token) =>
        Parse(type, syntax, isSearchSpace, new Dictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default) { [type] = true }, token);

    /// <summary>True when the generator emits <paramref name="cell"/> in full (network, genotype, formula), so a
    /// container may refer to them; always true for a cell compiled into a referenced assembly.</summary>
    /// <param name="known">Answers so far; a cell being checked counts as generated, so a loop back to it is left to
    /// NAS010 where the loop closes.</param>
    public static bool IsGenerated(INamedTypeSymbol cell, Dictionary<INamedTypeSymbol, bool> known, CancellationToken token)
    {
        if (known.TryGetValue(cell, out var generated)) return generated;
        if (cell.DeclaringSyntaxReferences.Length == 0) return known[cell] = true;
        var isSearchSpace = cell.HasAttribute(KnownTypeNames.SearchSpaceAttribute);
        if (cell.PrimaryDeclaration(AttributeOf(isSearchSpace), token) is not ClassDeclarationSyntax syntax || TypeShapeRules.Problem(cell, syntax) is not null) return known[cell] = false;
        known[cell] = true;
        var result = Parse(cell, syntax, isSearchSpace, known, token);
        return known[cell] = result.Model?.IsValid == true;
    }

    private static ParseResult<CellModel> Parse(
        INamedTypeSymbol type, TypeDeclarationSyntax syntax, bool isSearchSpace, Dictionary<INamedTypeSymbol, bool> known, CancellationToken token)
    {
        if (!IsGeneratedHere(type, syntax, isSearchSpace, token)) return new ParseResult<CellModel>(null, EquatableArray<DiagnosticInfo>.Empty);
        var diagnostics = new List<DiagnosticInfo>();
        var attributeName = isSearchSpace ? "SearchSpace" : "Cell";
        if (TypeShapeRules.Problem(type, syntax) is { } shape)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeShapeNotSupported, LocationInfo.From(syntax.Identifier), type.Name, attributeName, shape));
            return new ParseResult<CellModel>(null, diagnostics.ToEquatableArray());
        }
        if (!syntax.IsPartial())
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeMustBePartial, LocationInfo.From(syntax.Identifier), type.Name, attributeName));
            return new ParseResult<CellModel>(null, diagnostics.ToEquatableArray());
        }

        // A clash leaves the model invalid, so only node properties are emitted and the NAS017 is all the user sees.
        diagnostics.AddRange(ReservedNames.Check(type, attributeName));

        var cellAttribute = type.FindAttribute(KnownTypeNames.CellAttribute);
        var shareWeights = cellAttribute is not null && AttributeReader.Named<bool>(cellAttribute, "ShareWeights");
        var nodes = ReadNodes(type, diagnostics, token);
        var valid = diagnostics.Count == 0;

        var context = new WiringContext(type, isSearchSpace, LocationInfo.From(syntax.Identifier), nodes, diagnostics, known);
        valid &= WiringValidator.Validate(context, token);

        var order = valid ? context.TopologicalOrder : nodes.Select(n => n.Name).ToList();
        var edges = valid ? order.SelectMany(name => nodes.First(n => n.Name == name).EdgeModels).ToEquatableArray() : EquatableArray<EdgeModel>.Empty;
        var model = new CellModel(
            type.ToTypeLocation(),
            isSearchSpace,
            shareWeights,
            valid,
            nodes.Where(n => n.IsImplemented).Select(n => new NodeModel(n.Name, n.Kind, n.Accessibility, n.TypeFullName)).ToEquatableArray(),
            nodes.Where(n => n.IsInput).Select(n => n.Name).ToEquatableArray(),
            nodes.FirstOrDefault(n => n.OutputLocations.Count > 0)?.Name ?? string.Empty,
            order.ToEquatableArray(),
            edges);
        return new ParseResult<CellModel>(model, diagnostics.ToEquatableArray());
    }

    private static string AttributeOf(bool isSearchSpace) => isSearchSpace ? KnownTypeNames.SearchSpaceAttribute : KnownTypeNames.CellAttribute;

    /// <summary>Whether this declaration's transform builds the type: the first declaration carrying the attribute, of a
    /// named, non-generic type. A type is generated once, as the first of op set, search space and cell it is marked.</summary>
    private static bool IsGeneratedHere(INamedTypeSymbol type, TypeDeclarationSyntax syntax, bool isSearchSpace, CancellationToken token) =>
        !syntax.Identifier.IsMissing
                && !type.HasAttribute(KnownTypeNames.OpSetAttribute)
        && (isSearchSpace || !type.HasAttribute(KnownTypeNames.SearchSpaceAttribute))
        && type.PrimaryDeclaration(AttributeOf(isSearchSpace), token).IsSameNode(syntax);

    private static List<NodeDeclaration> ReadNodes(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken token)
    {
        var nodes = new List<NodeDeclaration>();
        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
        {
            token.ThrowIfCancellationRequested();
            var input = property.FindAttribute(KnownTypeNames.InputAttribute);
            var outputs = property.FindAttributes(KnownTypeNames.OutputAttribute).ToList();
            var edges = property.FindAttributes(KnownTypeNames.EdgeAttribute).ToList();
            if (input is null && outputs.Count == 0 && edges.Count == 0) continue;
            // The implementation part of a partial property repeats nothing: only the definition carries attributes.
            if (property.PartialDefinitionPart is not null) continue;
            // Two members of one name (CS0102, or half-typed code): the first is the node; graph code keys nodes by name.
            if (nodes.Any(n => n.Name == property.Name)) continue;

            var node = new NodeDeclaration(property.Name, LocationInfo.From(property.IdentifierLocation()))
            {
                IsInput = input is not null,
                Accessibility = property.Accessibility(),
            };
            node.OutputLocations.AddRange(outputs.Select(o => LocationInfo.From(o.Syntax())));
            nodes.Add(node);

            if (!property.IsPartialDefinition || property.SetMethod is not null || property.GetMethod is null || property.IsStatic)
            {
                (node.IsImplemented, node.HasPropertyError) = (false, true);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NodePropertyInvalid, node.Location, type.Name, property.Name,
                    $"a node must be declared as an instance partial property with only a getter, e.g. '{node.Accessibility} partial Node {property.Name} {{ get; }}'"));
                continue;
            }

            if (property.Type.ToDisplayString() == KnownTypeNames.Node)
            {
                node.Kind = node.IsInput ? NodeKindModel.Input : NodeKindModel.Operation;
            }
            else if (property.Type is INamedTypeSymbol cell && cell.HasAttribute(KnownTypeNames.CellAttribute) && !node.IsInput)
            {
                node.Kind = NodeKindModel.Cell;
                node.CellType = cell;
                node.TypeFullName = cell.FullName();
            }
            else if (property.Type.TypeKind != TypeKind.Error)
            {
                var reason = node.IsInput
                    ? $"an [Input] node must have type Node, not '{property.Type.ToDisplayString()}'"
                    : $"a node has type Node, or a [Cell] class to place that cell; '{property.Type.ToDisplayString()}' is neither";
                (node.IsImplemented, node.HasPropertyError) = (false, true);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NodePropertyInvalid, node.Location, type.Name, property.Name, reason));
                continue;
            }
            else
            {
                // Half-typed code: the compiler already reports the unknown type.
                (node.IsImplemented, node.HasPropertyError) = (false, true);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NodePropertyInvalid, node.Location, type.Name, property.Name,
                    $"the type '{property.Type.ToDisplayString()}' could not be resolved"));
                continue;
            }

            foreach (var edge in edges)
            {
                var declaration = AttributeReader.ReadEdge(edge);
                if (declaration is not null) node.Edges.Add(declaration);
            }
            if (node.Edges.Count != edges.Count)
            {
                // Some [Edge] did not bind (missing type, wrong argument type): the compiler says why; emit nothing more.
                node.HasPropertyError = true;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NodePropertyInvalid, node.Location, type.Name, property.Name,
                    "an [Edge] attribute has arguments that do not bind; fix the compiler errors on it"));
            }
        }
        return nodes;
    }
}
