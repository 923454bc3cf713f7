using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Parsing;

/// <summary>The arguments of an [Edge] as bound: sources, and the Op and Ops types with the arguments that name them.</summary>
internal sealed record EdgeArguments(
    ImmutableArray<EdgeSource> Sources,
    Location? Location,
    bool HasOp,
    INamedTypeSymbol? Op,
    Location? OpLocation,
    bool HasOps,
    INamedTypeSymbol? Ops,
    Location? OpsLocation,
    ImmutableArray<TypedConstant>? Args,
    Location? ArgsLocation)
{
    /// <summary>The argument or attribute that best shows what the edge applies.</summary>
    public Location? OperationLocation => OpsLocation ?? OpLocation ?? Location;
}

internal static class AttributeReader
{
    /// <summary>Reads an [Edge]; returns null when its arguments do not bind (the compiler reports those).</summary>
    public static EdgeArguments? ReadEdge(AttributeData attribute)
    {
        var syntax = attribute.Syntax();
        var location = syntax?.GetLocation();
        var sources = ReadSources(attribute, syntax, location);
        if (sources is null) return null;

        bool hasOp = false, hasOps = false;
        INamedTypeSymbol? op = null, ops = null;
        Location? opLocation = null, opsLocation = null, argsLocation = null;
        ImmutableArray<TypedConstant>? args = null;
        foreach (var named in attribute.NamedArguments)
        {
            var argument = NamedArgumentSyntax(syntax, named.Key);
            var type = named.Value.Kind == TypedConstantKind.Array ? null : named.Value.Value as INamedTypeSymbol;
            if (named.Key == "Op") (hasOp, op, opLocation) = (true, type, argument?.GetLocation());
            else if (named.Key == "Ops") (hasOps, ops, opsLocation) = (true, type, argument?.GetLocation());
            else if (named.Key == "Args" && named.Value is { Kind: TypedConstantKind.Array, IsNull: false } values)
                (args, argsLocation) = (values.Values, argument?.GetLocation());
        }
        // A typeof() of a missing type binds to nothing: the compiler reports it; skip the edge.
        if (syntax?.ArgumentList?.Arguments.Any(a => a.NameEquals is { } n && (n.Name.Identifier.ValueText is "Op" or "Ops")
                && !attribute.NamedArguments.Any(x => x.Key == n.Name.Identifier.ValueText)) == true)
            return null;
        if ((hasOp && op is null or { TypeKind: TypeKind.Error }) || (hasOps && ops is null or { TypeKind: TypeKind.Error }))
            return null;
        return new EdgeArguments(sources.Value, location, hasOp, op, opLocation, hasOps, ops, opsLocation, args, argsLocation);
    }

    private static ImmutableArray<EdgeSource>? ReadSources(AttributeData attribute, AttributeSyntax? syntax, Location? location)
    {
        var positional = syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList() ?? new List<AttributeArgumentSyntax>();
        var values = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Array, IsNull: false } array
            ? array.Values.Select(v => v.Value as string).ToList()
            : null;
        if (values is not null && positional.Count == values.Count)
        {
            var sources = ImmutableArray.CreateBuilder<EdgeSource>(values.Count);
            for (var i = 0; i < values.Count; i++)
            {
                // nameof(Missing) does not bind (the compiler reports CS0103); its text still names the intended node.
                var name = values[i] ?? NameFromSyntax(positional[i].Expression);
                if (name is null) return null;
                sources.Add(new EdgeSource(name, positional[i].GetLocation()));
            }
            return sources.MoveToImmutable();
        }
        // An explicit array argument: the sources share the attribute's location.
        if (values is not null && values.All(v => v is not null))
            return values.Select(v => new EdgeSource(v!, location)).ToImmutableArray();
        if (positional.Count > 0 && positional.All(a => NameFromSyntax(a.Expression) is not null))
            return positional.Select(a => new EdgeSource(NameFromSyntax(a.Expression)!, a.GetLocation())).ToImmutableArray();
        return null;
    }

    public static AttributeArgumentSyntax? NamedArgumentSyntax(AttributeSyntax? syntax, string name) =>
        syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

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
