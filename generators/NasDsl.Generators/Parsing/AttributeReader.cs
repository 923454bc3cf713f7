using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Parsing;

/// <summary>An [Edge] as written: sources and operation types with the locations of their arguments.</summary>
internal sealed class EdgeDeclaration
{
    public List<(string Name, LocationInfo? Location)> Sources { get; } = new();
    public INamedTypeSymbol? Op { get; set; }
    public LocationInfo? OpLocation { get; set; }
    public bool HasOp { get; set; }
    public INamedTypeSymbol? Ops { get; set; }
    public LocationInfo? OpsLocation { get; set; }
    public bool HasOps { get; set; }
    public LocationInfo? Location { get; set; }

    /// <summary>The argument or attribute that best shows what the edge applies.</summary>
    public LocationInfo? OperationLocation => OpsLocation ?? OpLocation ?? Location;
}

internal static class AttributeReader
{
    /// <summary>Reads an [Edge]; returns null when its arguments do not bind (the compiler reports those).</summary>
    public static EdgeDeclaration? ReadEdge(AttributeData attribute)
    {
        var syntax = attribute.Syntax();
        var edge = new EdgeDeclaration { Location = LocationInfo.From(syntax) };
        var positional = syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList() ?? new List<AttributeArgumentSyntax>();

        var values = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Array, IsNull: false } array
            ? array.Values.Select(v => v.Value as string).ToList()
            : null;
        if (values is not null && positional.Count == values.Count)
        {
            for (var i = 0; i < values.Count; i++)
            {
                // nameof(Missing) does not bind (the compiler reports CS0103); its text still names the intended node.
                var name = values[i] ?? NameFromSyntax(positional[i].Expression);
                if (name is null) return null;
                edge.Sources.Add((name, LocationInfo.From(positional[i])));
            }
        }
        else if (values is not null && values.All(v => v is not null))
        {
            // An explicit array argument: the sources share the attribute's location.
            edge.Sources.AddRange(values.Select(v => (v!, edge.Location)));
        }
        else if (positional.Count > 0 && positional.All(a => NameFromSyntax(a.Expression) is not null))
        {
            edge.Sources.AddRange(positional.Select(a => (NameFromSyntax(a.Expression)!, LocationInfo.From(a))));
        }
        else
        {
            return null;
        }

        foreach (var named in attribute.NamedArguments)
        {
            var argument = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == named.Key);
            var type = named.Value.Value as INamedTypeSymbol;
            if (named.Key == "Op")
            {
                edge.HasOp = true;
                edge.Op = type;
                edge.OpLocation = LocationInfo.From(argument);
            }
            else if (named.Key == "Ops")
            {
                edge.HasOps = true;
                edge.Ops = type;
                edge.OpsLocation = LocationInfo.From(argument);
            }
        }
        // A typeof() of a missing type binds to nothing: the compiler reports it; skip the edge.
        if (syntax?.ArgumentList?.Arguments.Any(a => a.NameEquals is { } n && (n.Name.Identifier.ValueText is "Op" or "Ops")
                && !attribute.NamedArguments.Any(x => x.Key == n.Name.Identifier.ValueText)) == true)
            return null;
        if ((edge.HasOp && edge.Op is null or { TypeKind: TypeKind.Error }) || (edge.HasOps && edge.Ops is null or { TypeKind: TypeKind.Error }))
            return null;
        return edge;
    }

    private static string? NameFromSyntax(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax { Token.Value: string text } => text,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" }, ArgumentList.Arguments.Count: 1 } nameOf => nameOf.ArgumentList.Arguments[0].Expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            _ => null,
        },
        _ => null,
    };

    public static T? Named<T>(AttributeData attribute, string name)
    {
        foreach (var named in attribute.NamedArguments)
            if (named.Key == name && named.Value.Value is T value) return value;
        return default;
    }
}
